'use strict';
/**
 * dist/rxmqtt.espruino.js: one CommonJS file for Espruino's modules folder.
 *
 * 1. esbuild bundles lib/index.espruino.ts (platform neutral, format cjs) with RxJS
 *    included — Espruino has no node_modules — taking RxJS's ES5 build (`esm5`, the
 *    "default" export condition) and a tslib shim (espruino/tslib-shim.js) whose async
 *    helpers throw instead of touching Symbol.asyncIterator.
 * 2. Babel lowers the result to ES5 (preset-env, loose, no regenerator, no typeof-symbol
 *    helper), then a second pass hoists function declarations, guards `Symbol.x`
 *    reads and replaces `Array.from` (espruino/babel-plugins.cjs).
 * 3. esbuild minifies (target es5, so it cannot bring newer syntax back).
 * 4. The subset check (espruino/check-subset.cjs) must pass, or the build fails.
 * 5. The module turns on Espruino's `pretokenise` flag while it loads (and restores the
 *    user's setting after): its functions are then stored as tokens, not as source
 *    text, which halves the variables the module holds on a board (measured on the
 *    interpreter: 1,470 instead of 2,836 for the 28 KB module).
 *
 * dist/rxmqtt-storage.espruino.js (`buildEspruinoStorage`): `storageQueue`, the Storage
 * (flash) queue of QoS 1 publications, as a second module through the same steps, so
 * that the device module does not grow for boards that do not keep publications in
 * flash. What it shares with the device module (the Observable, the error classes) it
 * takes from `require('rxmqtt')` at run time.
 */
const { existsSync, mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const babel = require('@babel/core');
const { ROOT, resolveOutDir } = require('./paths.cjs');
const { hoistFunctionDeclarations, guardSymbolReads, replaceArrayFrom } = require('./espruino/babel-plugins.cjs');
const { checkEspruinoSubset, formatViolations } = require('./espruino/check-subset.cjs');

const ENTRY = 'lib/index.espruino.ts';

/** Babel assumptions that keep the ES5 output free of Symbol-based helpers. */
const ASSUMPTIONS = {
  iterableIsArray: true,
  arrayLikeIsIterable: false,
  objectRestNoSymbols: true,
  setSpreadProperties: true,
  ignoreFunctionLength: true,
  noDocumentAll: true,
  noClassCalls: true,
  setClassMethods: true,
  setPublicClassFields: true,
  setComputedProperties: true,
  constantSuper: true,
  superIsCallableConstructor: true,
  skipForOfIteratorClosing: true,
  mutableTemplateObject: true,
  ignoreToPrimitiveHint: true,
  pureGetters: true,
};

/**
 * Espruino variants: a relative import `./x` of our sources resolves to `x.espruino.ts`
 * when that file exists next to `x.ts` (same exports, only what a board needs, e.g.
 * lib/device/text.espruino.ts without the fallbacks for engines lacking `E`).
 */
const espruinoVariants = {
  name: 'espruino-variants',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.importer.indexOf('node_modules') >= 0) return undefined;
      const variant = path.resolve(args.resolveDir, args.path) + '.espruino.ts';
      return existsSync(variant) ? { path: variant } : undefined;
    });
  },
};

/** The Storage queue's module: its entry, and the imports it takes from the device module at run time. */
const STORAGE_ENTRY = "import { storageQueue } from './adapters/espruino-storage';\nmodule.exports = { storageQueue: storageQueue };\n";
const fromDeviceModule = {
  name: 'from-device-module',
  setup(build) {
    build.onResolve({ filter: /\/lib\/(errors|device\/observable)$/ }, () => ({ path: 'rxmqtt', external: true }));
  },
};

/** Step 1: one CommonJS bundle, RxJS and the tslib shim inside (`storage`: the Storage queue's module instead). */
async function bundle(storage) {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: storage ? undefined : [ENTRY],
    stdin: storage ? { contents: STORAGE_ENTRY, resolveDir: ROOT, sourcefile: 'rxmqtt-storage.ts', loader: 'ts' } : undefined,
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2019',
    mainFields: ['module', 'main'],
    conditions: [],
    alias: { tslib: path.join(__dirname, 'espruino', 'tslib-shim.js') },
    treeShaking: true,
    legalComments: 'none',
    logLevel: 'silent',
    plugins: storage ? [fromDeviceModule, espruinoVariants] : [espruinoVariants],
  });
  return result.outputFiles[0].text;
}

/** Step 2: lower to ES5, then hoist function declarations and guard Symbol reads. */
async function lower(code) {
  const es5 = await babel.transformAsync(code, {
    babelrc: false,
    configFile: false,
    sourceType: 'script',
    compact: false,
    assumptions: ASSUMPTIONS,
    presets: [[require.resolve('@babel/preset-env'), {
      targets: { ie: '11' },
      loose: true,
      modules: false,
      exclude: ['transform-typeof-symbol', 'transform-regenerator', 'transform-async-to-generator',
        'transform-async-generator-functions'],
    }]],
  });
  const fixed = await babel.transformAsync(es5.code, {
    babelrc: false,
    configFile: false,
    sourceType: 'script',
    compact: false,
    plugins: [hoistFunctionDeclarations, guardSymbolReads, replaceArrayFrom],
  });
  return fixed.code;
}

/** Step 3: minify without letting esbuild reintroduce newer syntax. */
async function minify(code) {
  const result = await esbuild.transform(code, { minify: true, target: 'es5', format: 'cjs', legalComments: 'none' });
  return result.code;
}

/** Step 5: store the module's functions tokenised while it loads, then restore the flag. */
function pretokenised(code) {
  const on = 'var __rxmqttTokens=typeof E!=="undefined"&&E.setFlags?E.getFlags().pretokenise:-1;' +
    'if(__rxmqttTokens===0)E.setFlags({pretokenise:1});\n';
  const off = '\nif(__rxmqttTokens===0)E.setFlags({pretokenise:0});\n';
  return on + code + off;
}

/**
 * Builds the Espruino bundle into `<outDir>/rxmqtt.espruino.js` (default dist/).
 * Resolves `{ file, bytes, unminifiedBytes }`; rejects when the subset check fails,
 * listing every violation.
 */
async function buildEspruino(options = {}) {
  return buildModule('rxmqtt.espruino.js', false, options);
}

/** Builds `<outDir>/rxmqtt-storage.espruino.js` (the Storage queue) the same way; resolves the same report. */
async function buildEspruinoStorage(options = {}) {
  return buildModule('rxmqtt-storage.espruino.js', true, options);
}

async function buildModule(name, storage, options) {
  const lowered = await lower(await bundle(storage));
  const code = pretokenised(options.minify === false ? lowered : await minify(lowered));
  const violations = checkEspruinoSubset(code);
  if (violations.length > 0) {
    throw new Error('the Espruino bundle ' + name + ' leaves the subset (' + violations.length + ' violations):\n' +
      formatViolations(violations));
  }
  const out = resolveOutDir(options.outDir);
  mkdirSync(out, { recursive: true });
  const file = path.join(out, name);
  writeFileSync(file, code);
  return { file, bytes: Buffer.byteLength(code), unminifiedBytes: Buffer.byteLength(lowered) };
}

module.exports = { buildEspruino, buildEspruinoStorage };
