import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The `version` of the rxmqtt package this CLI belongs to (`rxmqtt --version`): read from
 * the nearest `package.json` named `rxmqtt` above this file, which works from the sources
 * (ts-node), from `dist/` and from a bundle inside the package. `'unknown'` if none is found.
 *
 * @example
 * ```ts
 * io.stdout.write('rxmqtt ' + packageVersion() + '\n');
 * ```
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from, parent = dirname(dir); ; dir = parent, parent = dirname(dir)) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (json.name === 'rxmqtt' && typeof json.version === 'string') return json.version;
    } catch (_) {
      // no package.json here (or not ours): look further up
    }
    if (parent === dir) return 'unknown';
  }
}
