#!/usr/bin/env node
// npm run bench [-- NAME...] [--flag=value...]
// Runs every bench/*.bench.ts in turn (or those whose name contains one of NAME): each is
// bundled by esbuild into a temporary directory (dependencies stay external) and run
// with node; arguments starting with `-` are passed to every benchmark run
// (`npm run bench -- throughput --rounds=3`). Exits non-zero when a benchmark fails.
// BENCH_NODE_ARGS adds node flags (BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof';
// NODE_OPTIONS refuses --cpu-prof); benchmarks that fork workers pass them on.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const esbuild = require('esbuild');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passed = process.argv.slice(2).filter((a) => a.startsWith('-'));
const nodeArgs = (process.env.BENCH_NODE_ARGS || '').split(' ').filter((a) => a.length > 0);

const all = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).sort();
const chosen = all.filter((f) => filters.length === 0 || filters.some((n) => f.includes(n)));
if (chosen.length === 0) {
  console.error('no benchmark matches ' + filters.join(', ') + '; there are: ' + all.join(', '));
  process.exit(2);
}

const outDir = mkdtempSync(path.join(tmpdir(), 'rxmqtt-bench-'));
let failed = 0;
try {
  for (const file of chosen) {
    const outfile = path.join(outDir, file.replace(/\.ts$/, '.cjs'));
    await esbuild.build({
      entryPoints: [path.join(benchDir, file)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node18',
      packages: 'external',
      nodePaths: [path.join(root, 'node_modules')],
      logLevel: 'warning',
    });
    console.log('\n== ' + file + ' ==');
    const run = spawnSync(process.execPath, nodeArgs.concat([outfile], passed), { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') } });
    if (run.status !== 0) {
      console.error(file + ' failed (exit ' + run.status + ')');
      failed++;
    }
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
process.exit(failed > 0 ? 1 : 0);
