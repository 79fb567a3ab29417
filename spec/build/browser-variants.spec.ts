import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** Every `x.browser.ts` under `dir`, recursively. */
function variants(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...variants(file));
    else if (entry.name.endsWith('.browser.ts')) out.push(file);
  }
  return out;
}

/**
 * The browser bundle takes `x.browser.ts` over `x.ts` (scripts/build/browser.cjs): each
 * variant must stand in for its module, so both export the same names with the same
 * kinds (function, constant value, ...).
 */
describe('browser variants (x.browser.ts next to x.ts)', () => {
  // lib/index.browser.ts is the bundle's entry, not a stand-in: the package spec checks its exports against the root's
  const files = ['lib', 'adapters', 'operators']
    .flatMap((dir) => variants(join(ROOT, dir)))
    .filter((file) => relative(ROOT, file) !== join('lib', 'index.browser.ts'));

  it('exist (the build has some to choose)', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it.each(files.map((file) => [relative(ROOT, file)]))('%s exports what its module does', (file) => {
    /* eslint-disable @typescript-eslint/no-var-requires */
    const variant = require(join(ROOT, file)) as Record<string, unknown>;
    const original = require(join(ROOT, file.replace(/\.browser\.ts$/, '.ts'))) as Record<string, unknown>;
    /* eslint-enable @typescript-eslint/no-var-requires */
    const shape = (module: Record<string, unknown>): string[] =>
      Object.keys(module).sort().map((name) => name + ': ' + typeof module[name]);
    expect(shape(variant)).toEqual(shape(original));
  });
});
