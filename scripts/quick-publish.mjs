#!/usr/bin/env node
// node scripts/quick-publish.mjs [rounds] [count] [qos list] [burst] [window]
// Bundles bench/quick-publish.ts with esbuild (dependencies external) and runs it: a quick
// rxmqtt publishAll vs MQTT.js publisher check on a private mosquitto (see that file).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const esbuild = require('esbuild');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = mkdtempSync(path.join(tmpdir(), 'rxmqtt-quick-'));
const outfile = path.join(outDir, 'quick-publish.cjs');
try {
  await esbuild.build({
    entryPoints: [path.join(root, 'bench', 'quick-publish.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    packages: 'external',
    nodePaths: [path.join(root, 'node_modules')],
    logLevel: 'warning',
  });
  const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
  });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
