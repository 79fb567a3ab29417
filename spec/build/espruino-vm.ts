import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vm from 'node:vm';
import type { FakeEspruinoNet } from '../support/fake-espruino-net';

/**
 * A Node `vm` context that looks like Espruino to the bundle: the globals Espruino
 * lacks are removed (Map, Set, WeakMap, WeakSet, WeakRef, Symbol, Proxy, Reflect,
 * TextEncoder, TextDecoder, URL, Array.from, Promise.prototype.finally, ...), an `E`
 * with `toString(u8)` / `toUint8Array(str)` is added, and `require` serves fake `net`
 * and `tls` modules (Espruino's socket API), the modules a spec adds (`Storage`,
 * `Wifi`, ...) and, for scripts run with `runScript`, the bundle itself as `rxmqtt`.
 */

/** Globals deleted from the context (JavaScript built-ins a fresh context has). */
export const REMOVED_GLOBALS = ['Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Symbol',
  'Proxy', 'Reflect', 'TextEncoder', 'TextDecoder', 'URL', 'URLSearchParams', 'queueMicrotask', 'structuredClone',
  'BigInt', 'BigInt64Array', 'BigUint64Array', 'SharedArrayBuffer', 'Atomics', 'WebAssembly'];

/** Built-in methods deleted from the context (`Array.from`, `Promise.prototype.finally`, ...). */
export const REMOVED_METHODS = ['Array.from', 'Array.of', 'Promise.prototype.finally', 'Object.fromEntries',
  'Array.prototype.flat', 'Array.prototype.flatMap', 'String.prototype.padStart', 'String.prototype.padEnd'];

// Runs inside the context: remove what Espruino lacks, then define E as Espruino has it.
const PRELUDE = `
(function (globals, methods) {
  for (var i = 0; i < globals.length; i++) delete globalThis[globals[i]];
  for (var j = 0; j < methods.length; j++) {
    var path = methods[j].split('.');
    var owner = globalThis;
    for (var k = 0; k < path.length - 1; k++) owner = owner[path[k]];
    delete owner[path[path.length - 1]];
  }
})(${JSON.stringify(REMOVED_GLOBALS)}, ${JSON.stringify(REMOVED_METHODS)});
var E = {
  toString: function (u8) {
    var s = '';
    for (var i = 0; i < u8.length; i++) s += String.fromCharCode(u8[i]);
    return s;
  },
  toUint8Array: function (s) {
    var u8 = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) u8[i] = s.charCodeAt(i) & 255;
    return u8;
  }
};
`;

export interface EspruinoVm {
  /** The bundle's `module.exports`. */
  exports: Record<string, unknown>;
  /** The context the bundle runs in. */
  context: vm.Context;
  /** Evaluates `code` in the context (for probes: `typeof Map`, ...). */
  run(code: string): unknown;
  /** Module names the bundle (or a script) asked `require` for. */
  required: string[];
  /**
   * Runs `code` as a program on the device would run (an example that calls
   * `require('rxmqtt')`), in the same context, with the same `require`.
   */
  runScript(code: string, filename: string): void;
}

/** Options of {@link loadEspruinoBundle}. */
export interface EspruinoVmOptions {
  /** The fake `require("net")`. */
  net: FakeEspruinoNet;
  /** The fake `require("tls")` (default: refuses to load). */
  tls?: FakeEspruinoNet;
  /** Console for the bundle (default: one that throws away output). */
  console?: Pick<Console, 'log' | 'error' | 'warn'>;
  /** More modules for `require` (fakes of `Storage`, `Wifi`, ...). */
  modules?: { [name: string]: unknown };
  /** More globals of the context (`ESP32`, `analogRead`, pins, ...). */
  globals?: { [name: string]: unknown };
}

/** Runs `code` (dist/rxmqtt.espruino.js) as an Espruino module in a fresh context. */
export function loadEspruinoBundle(code: string, options: EspruinoVmOptions): EspruinoVm {
  const quiet = { log: () => undefined, error: () => undefined, warn: () => undefined };
  const context = vm.createContext({
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    console: options.console || quiet,
  });
  vm.runInContext(PRELUDE, context, { filename: 'espruino-prelude.js' });
  const globals = options.globals || {};
  for (const name of Object.keys(globals)) context[name] = globals[name];
  const modules = options.modules || {};
  const required: string[] = [];
  const module = vm.runInContext('({ exports: {} })', context) as { exports: Record<string, unknown> };
  const requireModule = (name: string): unknown => {
    required.push(name);
    if (name === 'net') return options.net;
    if (name === 'tls' && options.tls) return options.tls;
    if (name === 'rxmqtt') return module.exports;
    if (Object.prototype.hasOwnProperty.call(modules, name)) return modules[name];
    throw new Error('Module ' + name + ' not found');
  };
  const wrapper = vm.runInContext('(function (module, exports, require) {' + code + '\n})', context, {
    filename: 'rxmqtt.espruino.js',
  }) as (m: unknown, e: unknown, r: unknown) => void;
  wrapper(module, module.exports, requireModule);
  return {
    exports: module.exports,
    context,
    run: (source) => vm.runInContext(source, context),
    required,
    runScript(script, filename) {
      const run = vm.runInContext('(function (require) {' + script + '\n})', context, { filename }) as (r: unknown) => void;
      run(requireModule);
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { buildEspruino } = require('../../scripts/build/index.cjs') as {
  buildEspruino(options: { outDir: string }): Promise<{ file: string }>;
};

/**
 * For one spec file: builds dist/rxmqtt.espruino.js into a temporary directory in
 * `beforeAll` (removed in `afterAll`) and returns a getter of the bundle's code.
 */
export function buildEspruinoBundleForSpecs(): () => string {
  let dir: string | undefined;
  let code: string | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxmqtt-espruino-'));
    code = readFileSync((await buildEspruino({ outDir: dir })).file, 'utf8');
  }, 120000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (code === undefined) throw new Error('the Espruino bundle is not built yet (use it inside a test)');
    return code;
  };
}
