import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';

/**
 * The client's parts, from the top down, as docs/architecture.md lists them: a file may
 * import from its own part and from the parts below it, never from one above.
 */
const LAYERS = [
  'create-client.ts',
  'client-lifecycle.ts',
  'inbound',
  'outbound',
  'options',
  'connection',
  'types.ts',
  'transport.ts',
  'v5',
  'shared',
  'store',
];

const CLIENT = path.resolve(__dirname, '../../../lib/client');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return name.endsWith('.ts') ? [file] : [];
  });
}

/** The part of lib/client a path relative to it belongs to: its folder, or its own name at the top. */
function partOf(relative: string): string {
  return relative.split('/')[0];
}

/** Every import of a lib/client file from another, as [importer, imported], relative to lib/client (`./x` is `x.ts`). */
function clientImports(files: string[]): Array<[string, string]> {
  const imports: Array<[string, string]> = [];
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const target = path.relative(CLIENT, path.resolve(path.dirname(file), match[1]) + '.ts');
      if (!target.startsWith('..')) imports.push([path.relative(CLIENT, file).split(path.sep).join('/'), target.split(path.sep).join('/')]);
    }
  }
  return imports;
}

/** "importer -> imported" for every import that goes to a part listed above the importer's. */
function upwardImports(imports: Array<[string, string]>): string[] {
  return imports
    .filter(([from, to]) => from !== 'index.ts' && LAYERS.indexOf(partOf(to)) < LAYERS.indexOf(partOf(from)))
    .map(([from, to]) => from + ' -> ' + to);
}

describe('lib/client layers', () => {
  const files = sourceFiles(CLIENT);
  const imports = clientImports(files);

  it('lists every part of lib/client', () => {
    const parts = new Set(files.map((file) => partOf(path.relative(CLIENT, file).split(path.sep).join('/'))));
    parts.delete('index.ts'); // the barrel re-exports the top
    expect([...parts].sort()).toEqual([...LAYERS].sort());
  });

  it('imports only downwards: no part uses a part listed above it', () => {
    expect(imports.length).toBeGreaterThan(100);
    expect(upwardImports(imports)).toEqual([]);
  });

  it('reports an import that goes up, and none within a part', () => {
    expect(upwardImports([
      ['connection/link.ts', 'client-lifecycle.ts'],
      ['v5/link-v5.ts', 'types.ts'],
      ['outbound/publisher.ts', 'outbound/outbound-window.ts'],
      ['inbound/topic-registry.ts', 'connection/link.ts'],
    ])).toEqual(['connection/link.ts -> client-lifecycle.ts', 'v5/link-v5.ts -> types.ts']);
  });
});
