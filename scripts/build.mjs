#!/usr/bin/env node
// npm run build [-- --target node|browser|espruino ...] [--out DIR] [--parts]
// Writes dist/ (CJS, ESM, .d.ts, the browser bundle, the Espruino bundle) and prints
// the bundle sizes (the browser one gzipped, against its 24 KB budget and the ceiling the specs enforce);
// --parts adds the browser bundle's bytes per part (lib/client/outbound, lib/codec, rxjs, ...).
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { build, BROWSER_GZIP_BUDGET, BROWSER_GZIP_CEILING } = require('./build/index.cjs');

const args = process.argv.slice(2);
const targets = [];
let outDir;
let parts = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--target') targets.push(args[++i]);
  else if (args[i] === '--out') outDir = args[++i];
  else if (args[i] === '--parts') parts = true;
  else {
    console.error('usage: node scripts/build.mjs [--target node|browser|espruino]... [--out DIR] [--parts]');
    process.exit(2);
  }
}

const kb = (bytes) => (bytes / 1024).toFixed(1) + ' KB';

/** The browser bundle's bytes per part, before terser and gzip, with each part's share. */
function printParts(list) {
  const total = list.reduce((sum, entry) => sum + entry.bytes, 0);
  console.log('          bytes per part, as esbuild minified them (' + total + ' B in all, before terser and gzip):');
  for (const entry of list) {
    console.log('            ' + entry.part.padEnd(24) + String(entry.bytes).padStart(7) + ' B  ' + ((100 * entry.bytes) / total).toFixed(1).padStart(4) + ' %');
  }
}

const started = Date.now();
try {
  const report = await build({ outDir, targets: targets.length ? targets : undefined });
  const rel = (file) => path.relative(process.cwd(), file);
  if (report.node) console.log('node      ' + rel(report.node.cjs) + ', ' + rel(report.node.esm) + ', ' + rel(report.node.types));
  if (report.browser) {
    const b = report.browser;
    const verdict = b.gzipBytes <= BROWSER_GZIP_BUDGET ? 'within' : 'OVER';
    console.log('browser   ' + rel(b.file) + ': ' + kb(b.bytes) + ' minified, ' + kb(b.gzipBytes) +
      ' gzipped (' + verdict + ' the ' + kb(BROWSER_GZIP_BUDGET) + ' budget' +
      (BROWSER_GZIP_CEILING > BROWSER_GZIP_BUDGET ? '; the specs allow up to ' + kb(BROWSER_GZIP_CEILING) : '') + ')');
    if (parts) printParts(b.parts);
  }
  if (report.browserStore) {
    const s = report.browserStore;
    console.log('          ' + rel(s.file) + ': ' + kb(s.bytes) + ' minified, ' + kb(s.gzipBytes) + ' gzipped (loaded only by pages that import it)');
  }
  if (report.espruino) {
    const e = report.espruino;
    console.log('espruino  ' + rel(e.file) + ': ' + kb(e.bytes) + ' minified (' + kb(e.unminifiedBytes) +
      ' before minifying), Espruino subset check passed');
  }
  if (report.espruinoStorage) {
    const s = report.espruinoStorage;
    console.log('          ' + rel(s.file) + ': ' + kb(s.bytes) + ' minified, Espruino subset check passed (loaded only by boards that require it)');
  }
  console.log('built in ' + ((Date.now() - started) / 1000).toFixed(1) + ' s');
} catch (error) {
  console.error(error && error.message ? error.message : error);
  process.exit(1);
}
