'use strict';
/**
 * dist/rxmqtt.browser.min.js: one minified ESM file from lib/index.browser.ts with the
 * parts of RxJS it uses (RxJS's ES2015 build, tree-shaken). Platform "browser" with
 * no polyfills: an import of a Node built-in fails the build instead of being shimmed.
 * esbuild bundles and minifies; terser then minifies again (three compress passes),
 * which saves about 0.9 KB gzipped over esbuild's minifier alone.
 *
 * terser also shortens the names of our `private` and internal members (those the public
 * API never exposes) that cannot be confused with any other property (private-names.cjs).
 *
 * Browser variants: a relative import `./x` of our sources resolves to `x.browser.ts`
 * when that file exists next to `x.ts` (same exports, code that only the browser
 * needs), e.g. lib/client/shared/default-schedulers.browser.ts.
 */
const { existsSync, mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { gzipSync } = require('node:zlib');
const esbuild = require('esbuild');
const { minify } = require('terser');
const { ROOT, resolveOutDir } = require('./paths.cjs');
const { shortenableMemberNames } = require('./private-names.cjs');

/** The size budget: 24 KB gzipped (zlib level 9), MQTT 5 included. */
const BROWSER_GZIP_BUDGET = 24 * 1024;

/**
 * The most the bundle may weigh, gzipped, which spec/build/browser-bundle.spec.ts enforces:
 * the budget once the bundle is within it. Until then a ceiling about 0.5 KB above today's
 * 33,300 B (MQTT 5 client, QoS 2, stores, failover and delivery all in), so the bundle
 * cannot grow unnoticed while the way back under the budget is decided.
 */
const BROWSER_GZIP_CEILING = 33 * 1024;

/** The module whose exports the bundle has. */
const BROWSER_ENTRY = 'lib/index.browser.ts';

/** The esbuild plugin that picks `x.browser.ts` over `x.ts` for relative imports outside node_modules. */
const browserVariants = {
  name: 'browser-variants',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.importer.indexOf('node_modules') >= 0) return undefined;
      const variant = path.resolve(args.resolveDir, args.path) + '.browser.ts';
      return existsSync(variant) ? { path: variant } : undefined;
    });
  },
};

/**
 * esbuild's step of the browser bundle, in memory: the browser entry with its variants and
 * the parts of RxJS it uses. `minify: false` gives the readable bundle the demo's
 * dashboard serves (it builds on the fly, so it skips the minifiers).
 */
function bundleBrowser(options = {}) {
  return esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [BROWSER_ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2018',
    conditions: ['es2015'],
    minify: options.minify !== false,
    treeShaking: true,
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
    outfile: 'rxmqtt.browser.min.js',
    plugins: [browserVariants],
  });
}

/**
 * The part of the bundle an esbuild input belongs to: `rxjs`, a folder of lib/client
 * (`lib/client/outbound`), or the input's own folder (`lib/codec`, `adapters`).
 */
function partOf(input) {
  if (input.indexOf('node_modules/rxjs/') >= 0) return 'rxjs';
  const folders = input.split('/').slice(0, -1);
  return folders.slice(0, folders[1] === 'client' ? 3 : 2).join('/') || input;
}

/**
 * The bundle's bytes per part, as esbuild's minifier left them (before terser and gzip),
 * largest first: where the budget goes. `npm run build -- --target browser --parts` prints it.
 */
function bytesPerPart(metafile) {
  const output = metafile.outputs[Object.keys(metafile.outputs)[0]];
  const parts = {};
  for (const input of Object.keys(output.inputs)) {
    const part = partOf(input);
    parts[part] = (parts[part] || 0) + output.inputs[input].bytesInOutput;
  }
  return Object.keys(parts)
    .map((part) => ({ part, bytes: parts[part] }))
    .filter((entry) => entry.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/**
 * Builds `<outDir>/rxmqtt.browser.min.js` (default dist/). Resolves
 * `{ file, bytes, gzipBytes, parts }` ({@link bytesPerPart}).
 */
async function buildBrowser(options = {}) {
  const result = await bundleBrowser();
  const shortenable = shortenableMemberNames(Object.keys(result.metafile.inputs), ROOT, BROWSER_ENTRY);
  const minified = await minify(result.outputFiles[0].text, {
    module: true,
    ecma: 2018,
    compress: { passes: 3 },
    mangle: { properties: { regex: new RegExp('^(?:' + shortenable.join('|') + ')$') } },
    format: { comments: false },
  });
  const code = Buffer.from(minified.code, 'utf8');
  const out = resolveOutDir(options.outDir);
  mkdirSync(out, { recursive: true });
  const file = path.join(out, 'rxmqtt.browser.min.js');
  writeFileSync(file, code);
  return { file, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, parts: bytesPerPart(result.metafile) };
}

module.exports = { buildBrowser, bundleBrowser, BROWSER_GZIP_BUDGET, BROWSER_GZIP_CEILING };
