import { PluginItem, transformSync } from '@babel/core';

/* eslint-disable @typescript-eslint/no-var-requires */
const plugins = require('../../scripts/build/espruino/babel-plugins.cjs') as Record<string, PluginItem>;
const { checkEspruinoSubset } = require('../../scripts/build/espruino/check-subset.cjs') as {
  checkEspruinoSubset(code: string): Array<{ rule: string }>;
};
/* eslint-enable @typescript-eslint/no-var-requires */

function lower(code: string, plugin: string): string {
  const out = transformSync(code, { babelrc: false, configFile: false, sourceType: 'script', plugins: [plugins[plugin]] });
  return out && out.code ? out.code : '';
}

/** Runs `code` in a function scope with `globals` as parameters; returns its `result`. */
function run(code: string, globals: Record<string, unknown> = {}): unknown {
  const names = Object.keys(globals);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(...names, code + '\nreturn result;')(...names.map((n) => globals[n]));
}

describe('Espruino lowering plugins', () => {
  it('hoistFunctionDeclarations moves declarations to the top of their block, in order', () => {
    const code = '"use strict"; var result = a() + b(); function a() { return 1; } function b() { if (x()) { return y(); function y() { return 2; } } function x() { return true; } }';
    expect(checkEspruinoSubset(code).map((v) => v.rule)).toContain('use-before-define');
    const out = lower(code, 'hoistFunctionDeclarations');
    expect(out.indexOf('"use strict"')).toBe(0);
    expect(out.indexOf('function a()')).toBeLessThan(out.indexOf('function b()'));
    expect(out.indexOf('function b()')).toBeLessThan(out.indexOf('var result'));
    expect(checkEspruinoSubset(out)).toEqual([]);
    expect(run(out)).toBe(3);
  });

  it('guardSymbolReads guards unguarded Symbol.x reads and leaves guarded ones alone', () => {
    const out = lower('var result = [o[Symbol.asyncIterator], typeof Symbol === "function" && Symbol.iterator];', 'guardSymbolReads');
    expect(out).toContain('typeof Symbol === "function" ? Symbol.asyncIterator : void 0');
    expect(out.match(/typeof Symbol/g)).toHaveLength(2);
    expect(checkEspruinoSubset(out)).toEqual([]);
    // Without Symbol (a local `undefined` shadows the global) nothing throws.
    expect(run(out.replace(/typeof Symbol/g, 'typeof NoSymbol'), { o: {} })).toEqual([undefined, false]);
  });

  it('guardSymbolReads leaves calls of Symbol functions for the check to refuse', () => {
    const out = lower('var result = Symbol.for("x");', 'guardSymbolReads');
    expect(checkEspruinoSubset(out).map((v) => v.rule)).toEqual(['unguarded-global']);
  });

  it('replaceArrayFrom copies arrays and array-likes with slice', () => {
    const out = lower('var result = [Array.from(a), Array.from({ length: 2, 0: "x", 1: "y" })];', 'replaceArrayFrom');
    expect(out).not.toContain('Array.from');
    expect(checkEspruinoSubset(out)).toEqual([]);
    expect(run(out, { a: [1, 2] })).toEqual([[1, 2], ['x', 'y']]);
  });
});
