import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** How to start a bench worker: a script file, or code to evaluate (`new Worker(code, { eval: true })`). */
export interface WorkerScript {
  code: string;
  eval: boolean;
}

/**
 * Finds the bench worker program next to this module: `bench-worker.js` in the built
 * package (`dist/cjs/lib/cli/bench/`) or next to a single-file CLI bundle, or
 * `bench-worker.ts` through ts-node when running from the sources. `null` when none is
 * there: the bench then runs its clients in the main thread.
 *
 * @example
 * ```ts
 * const script = benchWorkerScript();
 * if (script) new Worker(script.code, { eval: script.eval, workerData });
 * ```
 */
export function benchWorkerScript(): WorkerScript | null {
  const candidates = [join(__dirname, 'bench-worker.js'), join(__dirname, 'bench', 'bench-worker.js')];
  for (const file of candidates) if (existsSync(file)) return { code: file, eval: false };
  const source = join(__dirname, 'bench-worker.ts');
  if (/\.ts$/.test(__filename) && existsSync(source)) {
    let tsNode: string;
    try {
      tsNode = require.resolve('ts-node');
    } catch (e) {
      return null;
    }
    return { code: 'require(' + JSON.stringify(tsNode) + ').register({ transpileOnly: true });\nrequire(' + JSON.stringify(source) + ');', eval: true };
  }
  return null;
}
