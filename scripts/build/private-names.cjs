'use strict';
/**
 * The property names the browser bundle may shorten.
 *
 * `privateMemberNames`: members our sources declare `private` (TypeScript), which no
 * code outside their class can name, so renaming every `.name` of the bundle at once
 * cannot change what it does. A private name is kept as it is when the same name might
 * mean something else: another declaration in our sources that is not private (an
 * interface or object literal member, a public or protected class member), or any name
 * of the lists below.
 *
 * `shortenableMemberNames`: those, and also the internal members: names declared in our
 * sources (class members, interface members, object literal keys) that the public API of
 * the bundle's entry never exposes and no computed key reads (checked-names.cjs).
 *
 * Either way a name is kept when it is
 * - a destructured property, or a string literal in our sources (`obj[key]`, `key in obj`);
 * - any word of the bundled RxJS code;
 * - any name declared in the declaration files of the platform (TypeScript's
 *   lib.*.d.ts: DOM and ECMAScript members, globals, types) or of RxJS, so no built-in,
 *   DOM or RxJS property is touched.
 */
const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');
const ts = require('typescript');
const { checkedNamesToKeep } = require('./checked-names.cjs');

/** Adds the name of every declaration in the declaration file `file` (members, variables, types, ...) to `names`. */
function addDeclaredNames(file, names) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const visit = (node) => {
    const name = node.name;
    if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name))) names.add(name.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/** Adds the declared names of the .d.ts files under `dir` (recursively) to `names`. */
function addDeclarationNames(dir, names) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) addDeclarationNames(file, names);
    else if (entry.name.endsWith('.d.ts')) addDeclaredNames(file, names);
  }
}

function memberName(node) {
  const name = node.name;
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) ? name.text : null;
}

function isPrivate(node) {
  return !!node.modifiers && node.modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
}

/**
 * Sorts the names of one source file: its members into `privates` and `declared` (not
 * private), and its string literals and destructured properties into `kept`.
 */
function scan(file, privates, declared, kept) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const visit = (node) => {
    const isClassMember = ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node);
    const isParameterProperty = ts.isParameter(node) && !!node.modifiers && node.modifiers.length > 0;
    if (isClassMember || isParameterProperty) {
      const name = isParameterProperty ? (ts.isIdentifier(node.name) ? node.name.text : null) : memberName(node);
      if (name !== null) (isPrivate(node) ? privates : declared).add(name);
    } else if (ts.isPropertySignature(node) || ts.isMethodSignature(node) || ts.isPropertyAssignment(node) ||
      ts.isShorthandPropertyAssignment(node)) {
      const name = memberName(node);
      if (name !== null) declared.add(name);
    } else if (ts.isEnumMember(node)) {
      const name = memberName(node);
      if (name !== null) kept.add(name);
    } else if (ts.isBindingElement(node)) {
      const key = node.propertyName || node.name;
      if (ts.isIdentifier(key)) kept.add(key.text);
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      kept.add(node.text);
    } else if (ts.isTemplateExpression(node)) {
      kept.add(node.head.text);
      for (const span of node.templateSpans) kept.add(span.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/**
 * The names of the bundle's inputs `files` (relative to `root`): `privates` and
 * `declared` members of our TypeScript sources (`sources`, absolute paths), and the
 * names `kept` whatever they are (see the file comment).
 */
function collect(files, root) {
  const privates = new Set();
  const declared = new Set();
  const kept = new Set();
  const sources = [];
  for (const file of files) {
    const full = path.resolve(root, file);
    if (/\.tsx?$/.test(file) && file.indexOf('node_modules') < 0) {
      sources.push(full);
      scan(full, privates, declared, kept);
    } else {
      for (const word of readFileSync(full, 'utf8').match(/[A-Za-z_$][\w$]*/g) || []) kept.add(word);
    }
  }
  const tsLib = path.dirname(require.resolve('typescript/lib/lib.d.ts', { paths: [root] }));
  for (const name of readdirSync(tsLib)) {
    if (/^lib\..*\.d\.ts$/.test(name)) addDeclaredNames(path.join(tsLib, name), kept);
  }
  addDeclarationNames(path.join(root, 'node_modules', 'rxjs', 'dist', 'types'), kept);
  return { privates, declared, kept, sources };
}

/**
 * The private member names of our TypeScript sources among `files` (the inputs of the
 * bundle, relative to `root`) that are safe to shorten, sorted. Every word of the other
 * inputs (RxJS's JavaScript) is kept as well.
 */
function privateMemberNames(files, root) {
  const { privates, declared, kept } = collect(files, root);
  return Array.from(privates).filter((name) => !declared.has(name) && !kept.has(name)).sort();
}

/**
 * The member names, private or internal, of our TypeScript sources among `files` that
 * are safe to shorten in the bundle of `entry` (relative to `root`), sorted.
 */
function shortenableMemberNames(files, root, entry) {
  const { privates, declared, kept, sources } = collect(files, root);
  const checked = checkedNamesToKeep(root, entry, sources);
  const candidates = new Set(Array.from(privates).concat(Array.from(declared)));
  return Array.from(candidates).filter((name) => !kept.has(name) && !checked.has(name)).sort();
}

module.exports = { privateMemberNames, shortenableMemberNames };
