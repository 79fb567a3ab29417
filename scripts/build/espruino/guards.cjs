'use strict';
/**
 * When is a reference to a global Espruino lacks (`Symbol`, `Map`, ...) safe?
 *
 * The rule, shared by the lowering pass and the subset check: a reference to the
 * global `G` is guarded when
 * 1. it is the operand of `typeof` (`typeof G`), or
 * 2. it is evaluated only after a test that contains `typeof G`: in the right operand
 *    of `&&` / `||` / `??` whose left operand contains it, in a branch of `?:` or of
 *    an `if` whose test contains it, or
 * 3. an earlier statement of an enclosing block is an `if` whose test contains
 *    `typeof G` and whose branch always leaves (ends in `return` or `throw`) — the
 *    early-exit form `if (typeof Symbol !== 'function') return x; return Symbol.iterator;`.
 *
 * The rule checks that a `typeof G` test stands in front of the use, not which way the
 * test goes: it catches every use written without thinking of the absent global, which
 * is the mistake that breaks on Espruino.
 */

/** True when `node` contains `typeof <name>` (the identifier itself, as a global). */
function containsTypeofOf(node, name) {
  if (!node || typeof node.type !== 'string') return false;
  if (node.type === 'UnaryExpression' && node.operator === 'typeof' &&
      node.argument.type === 'Identifier' && node.argument.name === name) return true;
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'start' || key === 'end' || key === 'leadingComments' ||
        key === 'trailingComments' || key === 'innerComments' || key === 'extra') continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (containsTypeofOf(item, name)) return true;
    } else if (value && typeof value.type === 'string') {
      if (containsTypeofOf(value, name)) return true;
    }
  }
  return false;
}

/** True when the last statement of `node` (a statement or block) is a `return` or `throw`. */
function alwaysLeaves(node) {
  if (!node) return false;
  if (node.type === 'ReturnStatement' || node.type === 'ThrowStatement') return true;
  if (node.type === 'BlockStatement') return node.body.length > 0 && alwaysLeaves(node.body[node.body.length - 1]);
  return false;
}

/** Rule 1–3 for the identifier at `path` naming the global `name`. */
function isGuarded(path, name) {
  if (path.parentPath && path.parentPath.isUnaryExpression({ operator: 'typeof' })) return true;
  let child = path;
  let parent = path.parentPath;
  while (parent) {
    const node = parent.node;
    if (parent.isLogicalExpression() && child.key === 'right' && containsTypeofOf(node.left, name)) return true;
    if (parent.isConditionalExpression() && child.key !== 'test' && containsTypeofOf(node.test, name)) return true;
    if (parent.isIfStatement() && child.key !== 'test' && containsTypeofOf(node.test, name)) return true;
    if (Array.isArray(parent.node.body) && typeof child.key === 'number') {
      const siblings = parent.node.body;
      for (let i = 0; i < child.key; i++) {
        const s = siblings[i];
        if (s.type === 'IfStatement' && containsTypeofOf(s.test, name) &&
            (alwaysLeaves(s.consequent) || alwaysLeaves(s.alternate))) return true;
      }
    }
    if (parent.isFunction() || parent.isProgram()) return false;
    child = parent;
    parent = parent.parentPath;
  }
  return false;
}

module.exports = { isGuarded, containsTypeofOf };
