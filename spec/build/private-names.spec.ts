import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { privateMemberNames } = require('../../scripts/build/private-names.cjs') as {
  privateMemberNames(files: string[], root: string): string[];
};

const ROOT = resolve(__dirname, '..', '..');

describe('privateMemberNames (the names the browser bundle shortens)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxmqtt-private-names-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function namesOf(sources: Record<string, string>): string[] {
    const files = Object.keys(sources).map((name) => {
      const file = join(dir, name);
      writeFileSync(file, sources[name]);
      return file;
    });
    return privateMemberNames(files, ROOT);
  }

  it('lists private fields, methods, accessors and parameter properties', () => {
    expect(
      namesOf({
        'a.ts': `export class A {
          private zfield = 1;
          private zmethod(): void {}
          private get zgetter(): number { return 1; }
          constructor(private readonly zparam: number, public zpublic: number) {}
        }`,
      }),
    ).toEqual(['zfield', 'zgetter', 'zmethod', 'zparam']);
  });

  it('keeps a private name that is also declared not private, in any file', () => {
    expect(
      namesOf({
        'b.ts': `export class B { private zone = 1; private ztwo = 2; private zthree = 3; private zfour = 4; private zfive = 5; }`,
        'c.ts': `export interface C { zone: number }
          export class D { protected ztwo = 2; }
          export const e = { zthree: 3 };
          export function f({ zfour }: { zfour: number }): number { return zfour; }
          export const g = (o: Record<string, number>) => o['zfive'];`,
      }),
    ).toEqual([]);
  });

  it('keeps every word of the bundled JavaScript (RxJS)', () => {
    writeFileSync(join(dir, 'lib.js'), 'export function f(o) { return o["zjsword"] + o.zother; }');
    const file = join(dir, 'i.ts');
    writeFileSync(file, 'export class I { private zjsword = 1; private zother = 2; private zmine = 3; }');
    expect(privateMemberNames([file, join(dir, 'lib.js')], ROOT)).toEqual(['zmine']);
  });

  it('keeps names declared by the platform and by RxJS (DOM, ECMAScript, Subscription, ...)', () => {
    expect(
      namesOf({
        'h.ts': `export class H { private buffer = 1; private readyState = 2; private closed = 3; private destination = 4; private zmine = 5; }`,
      }),
    ).toEqual(['zmine']);
  });
});
