'use strict';
/**
 * The Espruino subset check: parses a script with @babel/parser and reports every
 * construct Espruino cannot run (DESIGN.md, "Espruino facts"). Used by the build
 * (which refuses to write a bundle that fails it) and by spec/build/espruino-subset.spec.ts.
 *
 * Forbidden (rule ids):
 * - `destructuring`      object/array patterns (`var {a} = o`, `([a]) => a`)
 * - `spread`             `...x` in calls, arrays and object literals
 * - `rest-parameter`     `function f(...a)`
 * - `default-parameter`  `function f(a = 1)` (any assignment pattern)
 * - `optional-chaining`  `a?.b`, `a?.()`
 * - `exponent`           `a ** b`, `a **= b`
 * - `async`              async functions, `await`
 * - `generator`          `function*`, `yield`
 * - `label`              labelled statements (and so labelled break/continue)
 * - `for-of`             `for (x of y)` (needs Symbol.iterator)
 * - `computed-key`       `{ [k]: v }`, computed class members
 * - `private-name`       `#x`
 * - `extends-error`      `class X extends Error` (or any global `...Error`)
 * - `unguarded-global`   a reference to Symbol, Map, Set, WeakMap, WeakSet, WeakRef,
 *                        Proxy, Reflect, TextEncoder, TextDecoder, URL, URLSearchParams
 *                        that no `typeof` test guards (rule in guards.cjs), and
 *                        `Array.from` / `x.finally(...)` (missing on Espruino)
 * - `use-before-define`  a function declaration or `var` used, in straight-line code
 *                        of its own scope, before the statement that declares it
 *                        (Espruino hoists neither). Straight-line code includes
 *                        immediately invoked function expressions and the bodies of
 *                        function declarations called from there (followed transitively).
 */
const { parse } = require('@babel/parser');
const traverse = require('@babel/traverse').default;
const { isGuarded } = require('./guards.cjs');

/** Globals Espruino does not have; any use must sit behind a `typeof` test. */
const MISSING_GLOBALS = ['Symbol', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'Proxy', 'Reflect',
  'TextEncoder', 'TextDecoder', 'URL', 'URLSearchParams', 'setImmediate', 'clearImmediate'];

/**
 * Checks `code` (a script) and returns the violations, in source order:
 * `{ rule, message, start, end, line, column, snippet }`. An empty array means the
 * code stays inside the subset. Throws a SyntaxError when `code` does not parse.
 */
function checkEspruinoSubset(code) {
  const ast = parse(code, { sourceType: 'script', allowReturnOutsideFunction: true, errorRecovery: false });
  const violations = [];
  const report = (node, rule, message) => {
    const start = node.start;
    const from = Math.max(0, start - 30);
    const to = Math.min(code.length, Math.max(node.end, start + 40), start + 120);
    violations.push({
      rule,
      message,
      start,
      end: node.end,
      line: node.loc.start.line,
      column: node.loc.start.column,
      snippet: code.slice(from, to).replace(/\s+/g, ' '),
    });
  };
  const functionNode = (fn, what) => {
    if (fn.async) report(fn, 'async', 'async ' + what);
    if (fn.generator) report(fn, 'generator', 'generator ' + what);
  };

  traverse(ast, {
    ObjectPattern(path) { report(path.node, 'destructuring', 'object destructuring'); },
    ArrayPattern(path) { report(path.node, 'destructuring', 'array destructuring'); },
    SpreadElement(path) { report(path.node, 'spread', 'spread element'); },
    RestElement(path) {
      const inParams = path.listKey === 'params';
      report(path.node, inParams ? 'rest-parameter' : 'destructuring', inParams ? 'rest parameter' : 'rest in a pattern');
    },
    AssignmentPattern(path) { report(path.node, 'default-parameter', 'default value in a parameter or pattern'); },
    OptionalMemberExpression(path) { report(path.node, 'optional-chaining', 'optional member access ?.'); },
    OptionalCallExpression(path) { report(path.node, 'optional-chaining', 'optional call ?.()'); },
    BinaryExpression(path) { if (path.node.operator === '**') report(path.node, 'exponent', 'exponent operator **'); },
    AssignmentExpression(path) { if (path.node.operator === '**=') report(path.node, 'exponent', 'exponent assignment **='); },
    Function(path) { functionNode(path.node, 'function'); },
    AwaitExpression(path) { report(path.node, 'async', 'await'); },
    YieldExpression(path) { report(path.node, 'generator', 'yield'); },
    LabeledStatement(path) { report(path.node, 'label', 'label "' + path.node.label.name + '"'); },
    ForOfStatement(path) { report(path.node, 'for-of', 'for...of loop'); },
    ObjectProperty(path) { if (path.node.computed) report(path.node, 'computed-key', 'computed property key'); },
    ObjectMethod(path) { if (path.node.computed) report(path.node, 'computed-key', 'computed method key'); },
    ClassMethod(path) { if (path.node.computed) report(path.node, 'computed-key', 'computed class member'); },
    ClassProperty(path) { if (path.node.computed) report(path.node, 'computed-key', 'computed class member'); },
    PrivateName(path) { report(path.node, 'private-name', 'private name #' + path.node.id.name); },
    Class(path) {
      const sup = path.node.superClass;
      if (sup && sup.type === 'Identifier' && /Error$/.test(sup.name) && !path.scope.hasBinding(sup.name, true)) {
        report(path.node, 'extends-error', 'class extends ' + sup.name);
      }
    },
    Identifier(path) {
      const name = path.node.name;
      if (MISSING_GLOBALS.indexOf(name) < 0 || !path.isReferencedIdentifier()) return;
      if (path.scope.hasBinding(name, true)) return;
      if (!isGuarded(path, name)) report(path.node, 'unguarded-global', name + ' referenced without a typeof guard');
    },
    MemberExpression(path) {
      const { object, property, computed } = path.node;
      if (computed || property.type !== 'Identifier') return;
      if (object.type === 'Identifier' && object.name === 'Array' && property.name === 'from' &&
          !path.scope.hasBinding('Array', true)) {
        report(path.node, 'unguarded-global', 'Array.from is missing on Espruino');
      }
      if (property.name === 'finally' && path.parentPath.isCallExpression({ callee: path.node })) {
        report(path.node, 'unguarded-global', 'Promise.prototype.finally is missing on Espruino');
      }
    },
  });
  checkUseBeforeDefine(ast, report);
  violations.sort((a, b) => a.start - b.start);
  return violations;
}

/** The function whose straight-line code runs `path`: IIFEs count as their caller's code. */
function runningFunction(path) {
  let fn = path.getFunctionParent();
  while (fn && fn.isFunctionExpression() || fn && fn.isArrowFunctionExpression()) {
    const parent = fn.parentPath;
    if (!(parent.isCallExpression() || parent.isNewExpression()) || parent.node.callee !== fn.node) break;
    fn = parent.getFunctionParent();
  }
  return fn ? fn.node : null;
}

/** The statement that declares `binding` (where it starts to exist on Espruino). */
function declarationStart(binding) {
  if (binding.kind === 'hoisted') return binding.path.node.start;
  if (binding.kind === 'var') return binding.path.node.start;
  return -1;
}

/** Is the reference at `ref` a call of its binding (`f()`, `f.call()`, `f.apply()`)? */
function isCall(ref) {
  const parent = ref.parentPath;
  if ((parent.isCallExpression() || parent.isNewExpression()) && parent.node.callee === ref.node) return true;
  if (parent.isMemberExpression({ object: ref.node }) && !parent.node.computed &&
      (parent.node.property.name === 'call' || parent.node.property.name === 'apply')) {
    const grand = parent.parentPath;
    return grand.isCallExpression() && grand.node.callee === parent.node;
  }
  return false;
}

function checkUseBeforeDefine(ast, report) {
  const scopes = [];
  traverse(ast, {
    Scopable(path) {
      if (path.isFunction() || path.isProgram()) scopes.push(path.scope);
    },
  });
  for (const scope of scopes) {
    const owner = scope.path.isProgram() ? null : scope.path.node;
    const bindings = scope.bindings;
    // For a function declared in this scope: positions where straight-line code calls it.
    const callSites = new Map();
    const callPositions = (binding, seen) => {
      if (callSites.has(binding)) return callSites.get(binding);
      if (seen.has(binding)) return [];
      seen.add(binding);
      const positions = [];
      for (const ref of binding.referencePaths) {
        if (!isCall(ref)) continue;
        for (const at of executionPositions(ref, seen)) positions.push(at);
      }
      callSites.set(binding, positions);
      return positions;
    };
    // Positions in this scope's straight-line code where `ref` may run.
    const executionPositions = (ref, seen) => {
      const running = runningFunction(ref);
      if (running === owner) return [ref.node.start];
      // Inside a function declared directly in this scope: runs where that function is called.
      let fnPath = ref.getFunctionParent();
      while (fnPath && fnPath.node !== running) fnPath = fnPath.parentPath.getFunctionParent();
      if (!fnPath || !fnPath.isFunctionDeclaration() || !fnPath.node.id) return [];
      const declared = scope.getOwnBinding(fnPath.node.id.name);
      if (!declared || declared.path !== fnPath) return [];
      return callPositions(declared, seen);
    };
    for (const name of Object.keys(bindings)) {
      const binding = bindings[name];
      const declaredAt = declarationStart(binding);
      if (declaredAt < 0) continue;
      const refs = binding.referencePaths.concat(binding.constantViolations.filter((p) => p.isAssignmentExpression()));
      for (const ref of refs) {
        const positions = executionPositions(ref, new Set());
        const early = positions.filter((at) => at < declaredAt);
        if (early.length > 0) {
          const what = binding.kind === 'hoisted' ? 'function ' : 'var ';
          const where = early[0] === ref.node.start ? '' : ' (through a call at offset ' + early[0] + ')';
          report(ref.node, 'use-before-define', what + name + ' used before its declaration at offset ' + declaredAt + where);
        }
      }
    }
  }
}

/** A readable multi-line report of `violations` (rule, line:column, offset, snippet). */
function formatViolations(violations, limit = 40) {
  const lines = violations.slice(0, limit).map((v) =>
    v.rule + ' at ' + v.line + ':' + v.column + ' (offset ' + v.start + '): ' + v.message + '\n    ' + v.snippet);
  if (violations.length > limit) lines.push('... and ' + (violations.length - limit) + ' more');
  return lines.join('\n');
}

module.exports = { checkEspruinoSubset, formatViolations, MISSING_GLOBALS };
