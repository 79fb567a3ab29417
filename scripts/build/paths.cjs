'use strict';
/**
 * Paths shared by the build steps. Every step takes an `outDir` (default
 * `<repo>/dist`) so specs can build into a temporary directory without racing
 * each other or `npm run build`.
 */
const path = require('node:path');

/** The repository root. */
const ROOT = path.resolve(__dirname, '..', '..');

/** The public entry points, as package.json `exports` maps them: `.`, `./operators`, `./adapters`, `./gateway`, `./testing`. */
const PACKAGE_ENTRIES = ['lib/index.ts', 'operators/index.ts', 'adapters/index.ts', 'lib/gateway/index.ts', 'lib/testing/index.ts'];

/** Packages the Node builds leave to the consumer's install. */
const NODE_EXTERNALS = ['rxjs', 'rxjs/*', 'ws'];

/** Resolves `outDir` (relative to the repo root) or the default `dist`. */
function resolveOutDir(outDir) {
  return path.resolve(ROOT, outDir || 'dist');
}

module.exports = { ROOT, PACKAGE_ENTRIES, NODE_EXTERNALS, resolveOutDir };
