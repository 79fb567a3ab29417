import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { shortenableMemberNames } = require('../../scripts/build/private-names.cjs') as {
  shortenableMemberNames(files: string[], root: string, entry: string): string[];
};

const ROOT = resolve(__dirname, '..', '..');

describe('shortenableMemberNames (the names the browser bundle shortens)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxmqtt-private-names-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes the sources and lists the shortenable names of a bundle whose entry is the first of them. */
  function namesOf(sources: Record<string, string>): string[] {
    const files = Object.keys(sources).map((name) => {
      const file = join(dir, name);
      writeFileSync(file, sources[name]);
      return file;
    });
    return shortenableMemberNames(files, ROOT, files[0]);
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

  it('lists internal members: those of types and objects the entry never exposes', () => {
    expect(
      namesOf({
        'entry.ts': `import { Engine } from './engine';
          export interface Options { zport: number; zinner: { zdeep: string } }
          export function start(options: Options): { zstop(): void } {
            const engine = new Engine({ zlimit: options.zport });
            return { zstop: () => engine.zhalt() };
          }`,
        'engine.ts': `export interface EngineLimits { zlimit: number }
          export class Engine {
            zcount = 0;
            constructor(readonly zlimits: EngineLimits) {}
            zhalt(): void { this.zcount++; }
          }`,
      }),
    ).toEqual(['zcount', 'zhalt', 'zlimit', 'zlimits']);
  });

  it('keeps what the public API reaches through classes, type arguments and base types', () => {
    expect(
      namesOf({
        'entry.ts': `import { Observable } from 'rxjs';
          interface Base { zbase: number }
          interface Message extends Base { ztopic: string }
          export class Client {
            private zsecret = 1;
            protected zheir = 2;
            messages(): Observable<Message> { return new Observable<Message>(); }
          }
          export const make = (): Array<{ zitem: number }> => [];`,
      }),
    ).toEqual(['zsecret']);
  });

  it('keeps names read with computed keys and keys of index-signature objects', () => {
    expect(
      namesOf({
        'entry.ts': `export function port(scheme: string): number { return PORTS[scheme] + lookup(scheme); }
          const PORTS: Record<string, number> = { zmqtt: 1883, zws: 80 };
          const TABLE = { zone: 1, ztwo: 2 };
          function lookup(key: string): number { return TABLE[key as keyof typeof TABLE]; }
          const plain = { zthree: 3 };
          export const three = (): number => plain.zthree;`,
      }),
    ).toEqual(['zthree']);
  });

  it('keeps string literals, destructured properties, enum members and every word of bundled JavaScript', () => {
    writeFileSync(join(dir, 'lib.js'), 'export function f(o) { return o.zjsword; }');
    const entry = join(dir, 'i.ts');
    writeFileSync(
      entry,
      `const o = { zquoted: 1, zbound: 2, zjsword: 3, zmine: 4 };
       const { zbound } = o;
       enum E { zmember = 1 }
       export const v = (o as Record<string, number>)['zquoted'] + zbound + o.zmine + E.zmember;`,
    );
    expect(shortenableMemberNames([entry, join(dir, 'lib.js')], ROOT, entry)).toEqual(['zmine']);
  });

  it('keeps names declared by the platform and by RxJS (DOM, ECMAScript, Subscription, ...)', () => {
    expect(
      namesOf({
        'h.ts': `class H { private buffer = 1; private readyState = 2; private closed = 3; private destination = 4; private zmine = 5; }
          export const h = new H();`,
      }),
    ).toEqual(['zmine']);
  });
});
