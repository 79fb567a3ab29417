import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/**
 * The Espruino interpreter the specs run on: `$ESPRUINO`, else
 * ../shared/tools/espruino/espruino beside the repository.
 * @throws Error naming the path it looked at when there is none
 */
export function findInterpreter(): string {
  const path = process.env.ESPRUINO || resolve(ROOT, '..', 'shared', 'tools', 'espruino', 'espruino');
  if (!existsSync(path)) throw new Error('no Espruino interpreter at ' + path + ' (set ESPRUINO)');
  return path;
}
