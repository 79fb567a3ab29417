import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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

  it('import() resolves the same entries to ESM sharing one set of classes', async () => {
    const result = await run('probe.mjs', probe + `
      const [root, operators, adapters] = await Promise.all([import('rxmqtt'), import('rxmqtt/operators'), import('rxmqtt/adapters')]);
      process.stdout.write(report(root, operators, adapters));`);
    expect(result).toMatchObject({ sameClass: true, isError: true, code: 'CONNECT_FAILED' });
    expect(result.adapterKeys).toEqual(expect.arrayContaining(['espruinoTransport']));
  });

  it('ESM and CommonJS export the same names', async () => {
    const cjs = await run('keys.cjs', `process.stdout.write(JSON.stringify({
      root: Object.keys(require('rxmqtt')).sort(), operators: Object.keys(require('rxmqtt/operators')).sort(),
      adapters: Object.keys(require('rxmqtt/adapters')).sort() }));`);
    const esm = await run('keys.mjs', `const names = async (m) => Object.keys(await import(m)).filter((k) => k !== 'default').sort();
      process.stdout.write(JSON.stringify({ root: await names('rxmqtt'), operators: await names('rxmqtt/operators'),
      adapters: await names('rxmqtt/adapters') }));`);
    expect(esm).toEqual(cjs);
  });

  it('the browser bundle exports what the package root exports', async () => {
    const result = await run('browser-keys.mjs', `
      import { readFileSync } from 'node:fs';
      const code = readFileSync(new URL('./dist/rxmqtt.browser.min.js', import.meta.url));
      const browser = await import('data:text/javascript;base64,' + code.toString('base64'));
      const root = await import('rxmqtt');
      const names = (m) => Object.keys(m).filter((k) => k !== 'default').sort();
      process.stdout.write(JSON.stringify({ browser: names(browser), root: names(root) }));`);
    expect(result.browser).toEqual(result.root);
  });

  it('every path in package.json "exports" and "main"/"module"/"types" exists after the build', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      main: string; module: string; types: string; exports: Record<string, string | Record<string, string>>;
    };
    const paths = [pkg.main, pkg.module, pkg.types];
    for (const key of Object.keys(pkg.exports)) {
      const target = pkg.exports[key];
      if (typeof target === 'string') paths.push(target);
      else for (const condition of Object.keys(target)) paths.push(target[condition]);
    }
    const missing = paths.filter((p) => p !== './package.json' && !existsSync(join(dir, p)));
    expect(missing).toEqual([]);
    expect(paths.length).toBeGreaterThanOrEqual(12);
  });
});
