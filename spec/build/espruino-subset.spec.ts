import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Violation { rule: string; message: string; start: number; line: number; column: number; snippet: string }

/* eslint-disable @typescript-eslint/no-var-requires */
const { checkEspruinoSubset, formatViolations } = require('../../scripts/build/espruino/check-subset.cjs') as {
  checkEspruinoSubset(code: string): Violation[];
  formatViolations(violations: Violation[]): string;
};
const { buildEspruino } = require('../../scripts/build/index.cjs') as {
  buildEspruino(options: { outDir: string }): Promise<{ file: string; bytes: number }>;
};
/* eslint-enable @typescript-eslint/no-var-requires */

const rules = (code: string): string[] => checkEspruinoSubset(code).map((v) => v.rule);

describe('Espruino subset check: the checker', () => {
  // Each forbidden construct, alone, must be reported under its rule.
  const forbidden: Array<[string, string, string]> = [
    ['object destructuring', 'var { a } = o;', 'destructuring'],
    ['array destructuring', 'var [a, b] = o;', 'destructuring'],
    ['destructuring parameter', 'function f({ a }) { return a; }', 'destructuring'],
    ['destructuring assignment', '[a, b] = [b, a];', 'destructuring'],
    ['spread in a call', 'f(...args);', 'spread'],
    ['spread in an array', 'var a = [...b];', 'spread'],
    ['spread in an object', 'var a = { ...b };', 'spread'],
    ['rest parameter', 'function f(...a) { return a; }', 'rest-parameter'],
    ['default parameter', 'function f(a = 1) { return a; }', 'default-parameter'],
    ['default in an arrow', 'var f = (a = 1) => a;', 'default-parameter'],
    ['optional member', 'var a = o?.b;', 'optional-chaining'],
    ['optional call', 'o.f?.();', 'optional-chaining'],
    ['exponent', 'var a = 2 ** 8;', 'exponent'],
    ['exponent assignment', 'a **= 2;', 'exponent'],
    ['async function', 'async function f() { return 1; }', 'async'],
    ['async arrow', 'var f = async () => 1;', 'async'],
    ['generator', 'function* g() { yield 1; }', 'generator'],
    ['label', 'outer: for (;;) { break outer; }', 'label'],
    ['for...of', 'for (var x of xs) f(x);', 'for-of'],
    ['computed key', 'var o = { [k]: 1 };', 'computed-key'],
    ['class extends Error', 'class E2 extends Error {}', 'extends-error'],
    ['class extends TypeError', 'var C = class extends TypeError {};', 'extends-error'],
    ['unguarded Symbol', 'var it = o[Symbol.iterator];', 'unguarded-global'],
    ['new Map', 'var m = new Map();', 'unguarded-global'],
    ['new Set', 'var s = new Set([1]);', 'unguarded-global'],
    ['WeakMap', 'var w = new WeakMap();', 'unguarded-global'],
    ['TextEncoder', 'var t = new TextEncoder().encode(s);', 'unguarded-global'],
    ['Array.from', 'var a = Array.from(b);', 'unguarded-global'],
    ['Promise finally', 'p.finally(done);', 'unguarded-global'],
    ['guard on another global', 'var m = typeof Set === "function" && new Map();', 'unguarded-global'],
    ['function called before its declaration', 'f(); function f() {}', 'use-before-define'],
    ['var read before its declaration', 'use(v); var v = 1;', 'use-before-define'],
    ['var assigned before its declaration', 'v = 2; var v;', 'use-before-define'],
    ['through an IIFE', '(function () { f(); })(); function f() {}', 'use-before-define'],
    ['through a called declaration', 'function a() { return b(); } a(); function b() {}', 'use-before-define'],
    ['inside a function body', 'function outer() { inner(); function inner() {} }', 'use-before-define'],
  ];
  it.each(forbidden)('reports %s', (_name, code, rule) => {
    expect(rules(code)).toContain(rule);
  });

  // Constructs Espruino runs, and guarded uses of missing globals, must pass.
  const allowed: Array<[string, string]> = [
    ['classes, arrows, let/const, templates', 'class A { get x() { return 1; } } const f = (a) => `${a}`; let b = new A();'],
    ['class extending a local class', 'class A {} class B extends A { constructor() { super(); } }'],
    ['typeof Symbol alone', 'var hasSymbol = typeof Symbol === "function";'],
    ['Symbol after && guard', 'var s = typeof Symbol === "function" && Symbol.observable || "@@observable";'],
    ['Symbol after || guard', 'var s = typeof Symbol !== "function" || !Symbol.iterator;'],
    ['Symbol in ?: branch', 'var s = typeof Symbol === "function" ? Symbol.iterator : "@@iterator";'],
    ['Symbol in if branch', 'if (typeof Map !== "undefined") { m = new Map(); }'],
    ['Symbol after early return', 'function it() { if (typeof Symbol !== "function" || !Symbol.iterator) { return "@@iterator"; } return Symbol.iterator; }'],
    ['a local binding named Map', 'function f(Map) { return new Map(); }'],
    ['a property named Symbol', 'var o = { Symbol: 1 }; o.Symbol = 2; o.Map;'],
    ['function declared before use', 'function f() {} f();'],
    ['function used later from a deferred body', 'function a() { return b(); } function b() {} a();'],
    ['callback referring to a later var', 'setTimeout(function () { use(v); }, 0); var v = 1;'],
    ['var used after its declaration', 'var v = 1; use(v);'],
    ['?? and plain loops', 'var a = b ?? 1; for (var i = 0; i < 3; i++) {} for (var k in o) {}'],
    ['computed member access', 'o[k] = 1; var p = o[k];'],
    ['Array.prototype.slice', 'var a = Array.prototype.slice.call(b);'],
  ];
  it.each(allowed)('accepts %s', (_name, code) => {
    expect(checkEspruinoSubset(code)).toEqual([]);
  });

  it('reports the offset, line, column and a snippet of each violation', () => {
    const code = 'var ok = 1;\nvar x = o?.deep;\n';
    const [violation] = checkEspruinoSubset(code);
    expect(violation).toMatchObject({ rule: 'optional-chaining', line: 2, column: 8, start: code.indexOf('o?.deep') });
    expect(violation.snippet).toContain('o?.deep');
    expect(formatViolations([violation])).toMatch(/^optional-chaining at 2:8 \(offset 20\): optional member access/);
  });

  it('throws a SyntaxError on code that does not parse', () => {
    expect(() => checkEspruinoSubset('var = ;')).toThrow(SyntaxError);
  });
});

describe('Espruino subset check: dist/rxmqtt.espruino.js', () => {
  let dir: string;
  let code: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxmqtt-espruino-'));
    const built = await buildEspruino({ outDir: dir });
    code = readFileSync(built.file, 'utf8');
  }, 120000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stays inside the subset Espruino runs', () => {
    const violations = checkEspruinoSubset(code);
    if (violations.length > 0) throw new Error(formatViolations(violations));
    expect(violations).toEqual([]);
  });

  it('is one CommonJS module: no import/export, no require of anything but net/tls', () => {
    expect(code).not.toMatch(/\bimport\s*[{(*"']|\bexport\s/);
    const required = code.match(/\brequire\(\s*["'][^"']*["']\s*\)/g) || [];
    expect(required).toEqual([]);
    expect(code).toMatch(/module\.exports\s*=/);
  });

  it('uses the ES5 build of RxJS: no class syntax and no arrow functions left', () => {
    expect(code).not.toMatch(/\bclass\s+[A-Za-z_$]/);
    expect(code).not.toMatch(/=>/);
  });
});
