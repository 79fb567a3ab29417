'use strict';
/**
 * The member names of our sources that the TypeScript type checker says must keep
 * their spelling in the browser bundle, whatever else uses them:
 * - the public API: every property reachable from the entry's exports (options, results,
 *   packets, errors, the client's methods, ...), since user code names them;
 * - names looked up with a computed key: the properties of any object read as
 *   `obj[expression]` with a key that is not a literal, and the keys of object literals
 *   typed by an index signature (`Record<string, number>`), since the key is a string made
 *   at run time (a URL scheme, a packet type).
 *
 * Used by private-names.cjs to decide which internal member names are safe to shorten.
 */
const path = require('node:path');
const ts = require('typescript');

/** A program over `files` (absolute paths of our sources) with the project's compiler options. */
function createProgram(root, files) {
  const host = Object.assign({}, ts.sys, { onUnRecoverableConfigFileDiagnostic: () => undefined });
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, host);
  return ts.createProgram(files, config.options);
}

function isPrivateSymbol(symbol) {
  const declaration = symbol.valueDeclaration || (symbol.declarations && symbol.declarations[0]);
  const flags = declaration ? ts.getCombinedModifierFlags(declaration) : 0;
  return (flags & ts.ModifierFlags.Private) !== 0;
}

/** Whether any declaration of the type's symbol is ours (not under node_modules). */
function isOwnType(type) {
  const symbol = type.getSymbol() || type.aliasSymbol;
  if (!symbol || !symbol.declarations) return true;
  return symbol.declarations.some((d) => d.getSourceFile().fileName.indexOf('node_modules') < 0);
}

/**
 * Adds to `names` the property names of `type` and, recursively, of the types it refers
 * to (property types, call and construct signatures, type arguments, base types). RxJS
 * and platform types are not walked into (their names are kept anyway), only their type
 * arguments (`Observable<MqttMessage>`).
 */
function addApiNames(checker, type, names, seen) {
  if (!type || seen.has(type)) return;
  seen.add(type);
  const walk = (t) => addApiNames(checker, t, names, seen);
  if (type.isUnionOrIntersection()) type.types.forEach(walk);
  if (type.aliasTypeArguments) type.aliasTypeArguments.forEach(walk);
  if (!(type.flags & ts.TypeFlags.Object)) return;
  if (type.objectFlags & ts.ObjectFlags.Reference) checker.getTypeArguments(type).forEach(walk);
  if (!isOwnType(type)) return;
  for (const property of checker.getPropertiesOfType(type)) {
    if (isPrivateSymbol(property)) continue;
    names.add(property.name);
    walk(checker.getTypeOfSymbol(property));
  }
  for (const kind of [ts.SignatureKind.Call, ts.SignatureKind.Construct]) {
    for (const signature of checker.getSignaturesOfType(type, kind)) {
      signature.parameters.forEach((parameter) => walk(checker.getTypeOfSymbol(parameter)));
      walk(signature.getReturnType());
    }
  }
  checker.getIndexInfosOfType(type).forEach((info) => walk(info.type));
  if (type.isClassOrInterface()) checker.getBaseTypes(type).forEach(walk);
}

/** The names of the entry module's exports and of everything reachable from their types. */
function publicApiNames(program, checker, entryFile) {
  const names = new Set();
  const seen = new Set();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entryFile));
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    names.add(exported.name);
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (symbol.flags & ts.SymbolFlags.Value) addApiNames(checker, checker.getTypeOfSymbol(symbol), names, seen);
    if (symbol.flags & ts.SymbolFlags.Type) addApiNames(checker, checker.getDeclaredTypeOfSymbol(symbol), names, seen);
  }
  return names;
}

function addPropertyNames(checker, type, names) {
  for (const property of checker.getPropertiesOfType(checker.getApparentType(type))) names.add(property.name);
}

/** Names read or written through computed keys in `source` (see the file comment). */
function addComputedKeyNames(checker, source, names) {
  const visit = (node) => {
    if (ts.isElementAccessExpression(node) && !ts.isStringLiteralLike(node.argumentExpression) &&
      !ts.isNumericLiteral(node.argumentExpression)) {
      addPropertyNames(checker, checker.getTypeAtLocation(node.expression), names);
    } else if (ts.isObjectLiteralExpression(node)) {
      const contextual = checker.getContextualType(node);
      if (contextual && checker.getIndexInfosOfType(contextual).length > 0) {
        for (const property of node.properties) if (property.name && ts.isIdentifier(property.name)) names.add(property.name.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/**
 * The member names to keep for the bundle of `entry` (relative to `root`) whose own
 * TypeScript inputs are `files` (absolute paths): the public API's and the computed keys'.
 */
function checkedNamesToKeep(root, entry, files) {
  const entryFile = path.resolve(root, entry);
  const program = createProgram(root, [entryFile].concat(files));
  const checker = program.getTypeChecker();
  const names = publicApiNames(program, checker, entryFile);
  for (const file of files) addComputedKeyNames(checker, program.getSourceFile(file), names);
  return names;
}

module.exports = { checkedNamesToKeep };
