// Bundles the `rxmqtt` command line (lib/cli/bin.ts) into one CommonJS file for Node,
// the package's `bin`. Usage: node scripts/build-cli.mjs [outfile]  (default dist/cli/rxmqtt.js)
// rxjs, aedes and ws stay external: they are resolved from node_modules at run time.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = resolve(process.argv[2] || resolve(root, 'dist/cli/rxmqtt.js'));

await build({
  entryPoints: [resolve(root, 'lib/cli/bin.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  external: ['rxjs', 'aedes', 'ws'],
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
