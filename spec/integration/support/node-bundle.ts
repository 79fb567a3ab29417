import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = resolve(__dirname, '../../..');

/** A bundle written by {@link bundleForNode}. */
export interface NodeBundle {
  /** The folder holding the bundled files. */
  dir: string;
  /** The path of the bundled entry `name`. */
  file(name: string): string;
  /** Removes the folder. */
  cleanup(): void;
}

/**
 * Bundles `entries` (output name → source path from the repository root) with esbuild for
 * Node into a fresh folder under `.tmp/` inside the repository, so `rxjs`, `aedes` and `ws`
 * (left external) resolve from its node_modules. Starting a bundle takes a fraction of
 * what ts-node takes, which is why specs that start child processes use one.
 *
 * @example
 * ```ts
 * const cli = bundleForNode('cli', { rxmqtt: 'lib/cli/bin.ts' });
 * spawn(process.execPath, [cli.file('rxmqtt'), '--version']);
 * ```
 */
export function bundleForNode(tag: string, entries: { [name: string]: string }): NodeBundle {
  const dir = join(ROOT, '.tmp', tag + '-' + process.pid + '-' + Date.now());
  mkdirSync(dir, { recursive: true });
  const entryPoints: { [name: string]: string } = {};
  for (const name of Object.keys(entries)) entryPoints[name] = join(ROOT, entries[name]);
  buildSync({
    entryPoints,
    outdir: dir,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    external: ['rxjs', 'aedes', 'ws'],
    logLevel: 'error',
  });
  return { dir, file: (name) => join(dir, name + '.js'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
