'use strict';
/**
 * dist/rxmqtt-indexeddb-store.browser.min.js: `indexedDbStore` for pages that load the
 * browser bundle, as its own minified ES module, so that the browser bundle does not grow
 * for the pages that keep no session in IndexedDB. It imports `StoreError` from
 * `./rxmqtt.browser.min.js` (the same class, so `instanceof` and the client's handling of
 * store errors hold) and carries nothing else of the library.
 *
 * ```html
 * <script type="module">
 *   import { createClient } from './rxmqtt.browser.min.js';
 *   import { indexedDbStore } from './rxmqtt-indexeddb-store.browser.min.js';
 * </script>
 * ```
 */
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { gzipSync } = require('node:zlib');
const esbuild = require('esbuild');
const { minify } = require('terser');
const { ROOT, resolveOutDir } = require('./paths.cjs');

const STORE_ENTRY = 'adapters/indexed-db-store.ts';
const BROWSER_BUNDLE = './rxmqtt.browser.min.js';

/** The esbuild plugin that takes the store interface's module (StoreError) from the browser bundle. */
const fromBrowserBundle = {
  name: 'from-browser-bundle',
  setup(build) {
    build.onResolve({ filter: /\/session-store$/ }, () => ({ path: BROWSER_BUNDLE, external: true }));
  },
};

/** Builds `<outDir>/rxmqtt-indexeddb-store.browser.min.js`. Resolves `{ file, bytes, gzipBytes }`. */
async function buildBrowserStore(options = {}) {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [STORE_ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2018',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    outfile: 'rxmqtt-indexeddb-store.browser.min.js',
    plugins: [fromBrowserBundle],
  });
  const minified = await minify(result.outputFiles[0].text, { module: true, ecma: 2018, compress: { passes: 3 }, format: { comments: false } });
  const code = Buffer.from(minified.code, 'utf8');
  const out = resolveOutDir(options.outDir);
  mkdirSync(out, { recursive: true });
  const file = path.join(out, 'rxmqtt-indexeddb-store.browser.min.js');
  writeFileSync(file, code);
  return { file, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

module.exports = { buildBrowserStore };
