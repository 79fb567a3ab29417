#!/usr/bin/env node
// npm run bench [-- NAME] [-- bench flags...]
// Compiles every bench/*.bench.ts (or only bench/NAME.bench.ts) with esbuild into
// .tmp/bench/NAME.bench.cjs (node_modules stay external) and runs each in its own
// node process, one after the other; flags after the name go to the benchmark.
// The exit code is the first non-zero exit code of a benchmark.
// Profile one with: node --cpu-prof .tmp/bench/NAME.bench.cjs [flags]
import { spawnSync } from 'node:child_process';
import { readdirSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const esbuild = require('esbuild');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const outDir = path.join(root, '.tmp', 'bench');

const args = process.argv.slice(2);
const only = args.length > 0 && !args[0].startsWith('-') ? args.shift() : undefined;
const all = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.slice(0, -'.bench.ts'.length));
const names = only ? all.filter((n) => n === only) : all;
if (names.length === 0) {
  console.error(only ? 'no bench/' + only + '.bench.ts (have: ' + all.join(', ') + ')' : 'no bench/*.bench.ts');
  process.exit(2);
}

mkdirSync(outDir, { recursive: true });
let status = 0;
for (const name of names) {
  const outfile = path.join(outDir, name + '.bench.cjs');
  esbuild.buildSync({
    entryPoints: [path.join(benchDir, name + '.bench.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  console.log('== bench/' + name + '.bench.ts (' + path.relative(root, outfile) + ')');
  const run = spawnSync(process.execPath, ['--enable-source-maps', outfile].concat(args), { stdio: 'inherit', cwd: root });
  const code = run.status === null ? 1 : run.status;
  if (run.signal) console.error('bench/' + name + ' ended by ' + run.signal);
  if (code !== 0 && status === 0) status = code;
}
process.exit(status);
