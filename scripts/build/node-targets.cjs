'use strict';
/**
 * The Node package builds: CommonJS and `.d.ts` by tsc (one run, tsconfig.build.json),
 * ESM by esbuild with code splitting so every entry (`rxmqtt`, `rxmqtt/operators`,
 * `rxmqtt/adapters`, `rxmqtt/gateway`, `rxmqtt/testing`) shares one copy of every module
 * (one `MqttError` class, so `instanceof` holds across the entry points), and ESM
 * declarations beside it (esm-types.cjs). Node itself loads the CommonJS build for both
 * `require` and `import` (the `node` condition), so a program that mixes the two still
 * has one class per error; bundlers take the ESM build. Both come with source maps.
 */
const { execFile } = require('node:child_process');
const { mkdirSync, writeFileSync, rmSync } = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const { ROOT, PACKAGE_ENTRIES, NODE_EXTERNALS, resolveOutDir } = require('./paths.cjs');
const { writeEsmTypes } = require('./esm-types.cjs');

/** Writes `{"type": ...}` so Node reads the folder's .js files in the right module system. */
function markModuleType(dir, type) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type }) + '\n');
}

/** dist/cjs (CommonJS, source maps), dist/types (declarations) and dist/esm-types, from one tsc run. */
function buildCjsAndTypes(options = {}) {
  const out = resolveOutDir(options.outDir);
  const cjs = path.join(out, 'cjs');
  const types = path.join(out, 'types');
  rmSync(cjs, { recursive: true, force: true });
  rmSync(types, { recursive: true, force: true });
  const esmTypes = path.join(out, 'esm-types');
  const tsc = require.resolve('typescript/bin/tsc');
  const args = [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', cjs,
    '--declaration', '--declarationDir', types, '--module', 'commonjs', '--sourceMap'];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error('tsc failed:\n' + stdout + stderr));
        return;
      }
      markModuleType(cjs, 'commonjs');
      writeEsmTypes(types, esmTypes);
      resolve({ cjs, types, esmTypes });
    });
  });
}

/** dist/esm: the three entries bundled together with shared chunks; rxjs and ws stay imports. */
async function buildEsm(options = {}) {
  const out = path.join(resolveOutDir(options.outDir), 'esm');
  rmSync(out, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: PACKAGE_ENTRIES,
    outbase: '.',
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'es2019',
    external: NODE_EXTERNALS,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    logLevel: 'silent',
  });
  markModuleType(out, 'module');
  return { esm: out };
}

module.exports = { buildCjsAndTypes, buildEsm };
