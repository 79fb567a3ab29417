import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// The build as functions (plain CommonJS, shared with `npm run build`).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { build } = require('../../scripts/build/index.cjs') as {
  build(options: { outDir: string; targets: string[] }): Promise<{ browser: { file: string } }>;
};

const ROOT = resolve(__dirname, '..', '..');

/**
 * Builds the package into a temporary copy (package.json + dist + a node_modules link)
 * and loads it the way users do: `require('rxmqtt')` and `import('rxmqtt')` through
 * the package's `exports` (Node's self-reference), in a child process.
 */
describe('package exports (built dist/)', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxmqtt-package-'));
    writeFileSync(join(dir, 'package.json'), readFileSync(join(ROOT, 'package.json')));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await build({ outDir: join(dir, 'dist'), targets: ['node', 'browser'] });
  }, 120000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `source` as a file in the package copy and parses the JSON it prints. */
  function run(fileName: string, source: string): Promise<Record<string, unknown>> {
    writeFileSync(join(dir, fileName), source);
    return new Promise((resolvePromise, reject) => {
      execFile(process.execPath, [join(dir, fileName)], { cwd: dir, timeout: 20000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(fileName + ' failed: ' + error.message + '\n' + stderr));
        else resolvePromise(JSON.parse(stdout) as Record<string, unknown>);
      });
    });
  }

  // Opens an Espruino transport whose fake `net` refuses synchronously: the error comes
  // from code reached through "rxmqtt/adapters", and must be the root's class.
  const probe = `
    function refusedError(adapters) {
      var error;
      adapters.espruinoTransport({ host: 'broker', loadModule: function () {
        return { connect: function () { throw new Error('ECONNREFUSED'); } };
      } }).open().subscribe({ error: function (e) { error = e; } });
      return error;
    }
    function report(root, operators, adapters) {
      var error = refusedError(adapters);
      return JSON.stringify({
        rootKeys: Object.keys(root).sort(),
        operatorsType: typeof operators,
        adapterKeys: Object.keys(adapters).sort(),
        sameClass: error instanceof root.MqttError && error instanceof root.TransportError,
        isError: error instanceof Error,
        code: error && error.code,
      });
    }`;

  it('require() resolves ".", "./operators" and "./adapters" to one set of classes', async () => {
    const result = await run('probe.cjs', probe + `
      process.stdout.write(report(require('rxmqtt'), require('rxmqtt/operators'), require('rxmqtt/adapters')));`);
    expect(result.rootKeys).toEqual(expect.arrayContaining(['MqttError', 'TransportError', 'ConnectionRefusedError']));
    expect(result.adapterKeys).toEqual(expect.arrayContaining(['espruinoTransport']));
    expect(result.operatorsType).toBe('object');
    expect(result).toMatchObject({ sameClass: true, isError: true, code: 'CONNECT_FAILED' });
  });

  it('import() in Node resolves the entries to the same classes as require(), so a program may mix both', async () => {
    const result = await run('probe.mjs', probe + `
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const [root, operators] = await Promise.all([import('rxmqtt'), import('rxmqtt/operators')]);
      process.stdout.write(report(root, operators, require('rxmqtt/adapters')));`);
    expect(result).toMatchObject({ sameClass: true, isError: true, code: 'CONNECT_FAILED' });
    expect(result.adapterKeys).toEqual(expect.arrayContaining(['espruinoTransport']));
  });

  it('the ESM build (what bundlers take) loads, and its entries share one set of classes', async () => {
    const result = await run('probe-esm.mjs', probe + `
      const [root, operators, adapters] = await Promise.all(
        ['lib/index.js', 'operators/index.js', 'adapters/index.js'].map((entry) => import('./dist/esm/' + entry)));
      process.stdout.write(report(root, operators, adapters));`);
    expect(result).toMatchObject({ sameClass: true, isError: true, code: 'CONNECT_FAILED' });
  });

  it('ESM and CommonJS builds export the same names on every entry', async () => {
    const entries = JSON.stringify(['lib/index', 'operators/index', 'adapters/index', 'lib/gateway/index', 'lib/testing/index']);
    const cjs = await run('keys.cjs', `process.stdout.write(JSON.stringify(${entries}.map(
      (entry) => Object.keys(require('./dist/cjs/' + entry + '.js')).sort())));`);
    const esm = await run('keys.mjs', `const names = async (entry) => Object.keys(await import('./dist/esm/' + entry + '.js')).sort();
      process.stdout.write(JSON.stringify(await Promise.all(${entries}.map(names))));`);
    expect(esm).toEqual(cjs);
  });

  it('the browser bundle exports what the package root exports, but the deep-sleep schedule', async () => {
    const result = await run('browser-keys.mjs', `
      import { readFileSync } from 'node:fs';
      const code = readFileSync(new URL('./dist/rxmqtt.browser.min.js', import.meta.url));
      const browser = await import('data:text/javascript;base64,' + code.toString('base64'));
      const root = await import('rxmqtt');
      const names = (m) => Object.keys(m).filter((k) => k !== 'default' && k !== '__esModule').sort();
      process.stdout.write(JSON.stringify({ browser: names(browser), root: names(root) }));`);
    const deviceOnly = ['DEFAULT_SLEEP_SCHEDULE', 'createSleepSchedule', 'nextAttemptAt', 'recordFailure', 'recordSuccess', 'retryInterval', 'shouldTryNow'];
    expect(result.browser).toEqual((result.root as string[]).filter((name) => deviceOnly.indexOf(name) < 0));
  });

  it('every path in package.json "exports", "main"/"module"/"types" and "typesVersions" exists after the build', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      main: string; module: string; types: string; exports: unknown; typesVersions: { '*': Record<string, string[]> };
    };
    const paths = [pkg.main, pkg.module, pkg.types];
    const collect = (target: unknown): void => {
      if (typeof target === 'string') paths.push(target);
      else for (const value of Object.values(target as Record<string, unknown>)) collect(value);
    };
    collect(pkg.exports);
    for (const list of Object.values(pkg.typesVersions['*'])) paths.push(...list);
    const missing = paths.filter((p) => p !== './package.json' && !existsSync(join(dir, p)));
    expect(missing).toEqual([]);
    expect(paths.length).toBeGreaterThanOrEqual(30);
  });

  /** Runs the Node script `script` with `args` in the package copy; resolves its output, prefixed `exit N` when it failed. */
  function runTool(script: string, args: string[]): Promise<string> {
    return new Promise((resolvePromise) => {
      execFile(process.execPath, [script].concat(args), { cwd: dir, timeout: 60000 }, (error, stdout, stderr) =>
        resolvePromise((error ? 'exit ' + String(error.code) + '\n' : '') + stdout + stderr));
    });
  }

  it('arethetypeswrong finds no problem on any entry, in any module resolution', async () => {
    const output = await runTool(join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist', 'index.js'), ['--pack', dir, '--format', 'ascii']);
    expect(output).toContain('No problems found');
    expect(output).not.toMatch(/^exit /);
  }, 70000);

  it('the root, operators and testing entries type-check in a browser project without Node types', async () => {
    writeFileSync(join(dir, 'browser-consumer.ts'), [
      "import { createClient, MqttError, PacketDecoder } from 'rxmqtt';",
      "import { retryBackoff } from 'rxmqtt/operators';",
      "import { VirtualBroker, virtualClient } from 'rxmqtt/testing';",
      'export const used = [createClient, MqttError, PacketDecoder, retryBackoff, VirtualBroker, virtualClient];',
    ].join('\n'));
    writeFileSync(join(dir, 'tsconfig.consumer.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2020', lib: ['es2020', 'dom'], types: [] },
      files: ['browser-consumer.ts'],
    }));
    expect(await runTool(require.resolve('typescript/bin/tsc'), ['-p', 'tsconfig.consumer.json'])).toBe('');
  }, 70000);
});
