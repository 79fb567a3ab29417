'use strict';
/**
 * Babel plugins of the Espruino lowering pass, run after @babel/preset-env has
 * lowered the bundle to ES5:
 *
 * - `hoistFunctionDeclarations`: Espruino does not hoist function declarations, so
 *   every function declaration moves to the top of its block (keeping their order),
 *   which is what hoisting means anyway.
 * - `guardSymbolReads`: Espruino has no `Symbol`. A read `Symbol.x` that no
 *   `typeof Symbol` test guards becomes `(typeof Symbol === "function" ? Symbol.x : void 0)`;
 *   RxJS only uses such reads as property keys it then tests (`Symbol.asyncIterator`),
 *   so the absent symbol reads as "not supported". Any other unguarded use of `Symbol`
 *   is left alone, and the subset check fails the build on it.
 * - `replaceArrayFrom`: Espruino has no `Array.from`; RxJS's Subject copies its observer
 *   array with it. `Array.from(x)` (one argument) becomes `Array.prototype.slice.call(x)`,
 *   the same for arrays and array-likes (iterables such as Set/Map do not exist there).
 */
const { isGuarded } = require('./guards.cjs');

function hoistFunctionDeclarations({ types: t }) {
  function hoist(path) {
    const body = path.node.body;
    let insertAt = 0;
    while (insertAt < body.length && t.isExpressionStatement(body[insertAt]) && body[insertAt].directive) insertAt++;
    const functions = [];
    const rest = [];
    for (let i = insertAt; i < body.length; i++) {
      (t.isFunctionDeclaration(body[i]) ? functions : rest).push(body[i]);
    }
    if (functions.length === 0) return;
    const reordered = body.slice(0, insertAt).concat(functions, rest);
    let changed = false;
    for (let i = 0; i < body.length; i++) if (reordered[i] !== body[i]) changed = true;
    if (changed) path.node.body = reordered;
  }
  return {
    name: 'rxmqtt-hoist-function-declarations',
    visitor: {
      Program: { exit: hoist },
      BlockStatement: { exit: hoist },
    },
  };
}

function guardSymbolReads({ types: t }) {
  return {
    name: 'rxmqtt-guard-symbol-reads',
    visitor: {
      MemberExpression(path) {
        const object = path.node.object;
        if (!t.isIdentifier(object, { name: 'Symbol' }) || path.scope.hasBinding('Symbol', true)) return;
        if (path.node.computed) return;
        const parent = path.parentPath;
        if (parent.isAssignmentExpression({ left: path.node }) || parent.isUpdateExpression()) return;
        if (parent.isCallExpression({ callee: path.node })) return;
        if (isGuarded(path.get('object'), 'Symbol')) return;
        const test = t.binaryExpression('===', t.unaryExpression('typeof', t.identifier('Symbol')), t.stringLiteral('function'));
        const guarded = t.conditionalExpression(test, t.cloneNode(path.node), t.unaryExpression('void', t.numericLiteral(0)));
        path.replaceWith(guarded);
        path.skip();
      },
    },
  };
}

function replaceArrayFrom({ types: t }) {
  return {
    name: 'rxmqtt-replace-array-from',
    visitor: {
      CallExpression(path) {
        const callee = path.node.callee;
        if (!t.isMemberExpression(callee) || callee.computed || path.node.arguments.length !== 1) return;
        if (!t.isIdentifier(callee.object, { name: 'Array' }) || !t.isIdentifier(callee.property, { name: 'from' })) return;
        if (path.scope.hasBinding('Array', true)) return;
        const slice = t.memberExpression(
          t.memberExpression(t.memberExpression(t.identifier('Array'), t.identifier('prototype')), t.identifier('slice')),
          t.identifier('call'));
        path.replaceWith(t.callExpression(slice, [path.node.arguments[0]]));
      },
    },
  };
}

module.exports = { hoistFunctionDeclarations, guardSymbolReads, replaceArrayFrom };
