'use strict';
/**
 * dist/esm-types: the declarations of dist/types for the ESM build (package.json `exports`
 * `import` condition). tsc writes extensionless relative specifiers (`from './errors'`),
 * which TypeScript's node16/nodenext resolution refuses inside ES modules; here each one is
 * rewritten to the file it names (`./errors.js`, `./codec/index.js`), and the folder is
 * marked `"type": "module"` so the declarations describe ES modules, as the files they type.
 */
const { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } = require('node:fs');
const path = require('node:path');

/** Every `.d.ts` file below `dir`. */
function declarationFiles(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) files.push(...declarationFiles(full));
    else if (name.endsWith('.d.ts')) files.push(full);
  }
  return files;
}

/** `spec` (relative, extensionless) as an ESM specifier: `x.js` for `x.d.ts`, `x/index.js` for a folder. */
function withExtension(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  if (existsSync(base + '.d.ts')) return spec + '.js';
  if (existsSync(path.join(base, 'index.d.ts'))) return spec + '/index.js';
  throw new Error(path.basename(fromFile) + ': cannot resolve "' + spec + '" among the declarations');
}

/** Copies `typesDir` to `esmTypesDir` with ESM specifiers. */
function writeEsmTypes(typesDir, esmTypesDir) {
  rmSync(esmTypesDir, { recursive: true, force: true });
  for (const file of declarationFiles(typesDir)) {
    const source = readFileSync(file, 'utf8');
    const rewritten = source.replace(/((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*)\2/g, (match, lead, quote, spec) =>
      /\.js$/.test(spec) ? match : lead + quote + withExtension(file, spec) + quote,
    );
    const target = path.join(esmTypesDir, path.relative(typesDir, file));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, rewritten);
  }
  writeFileSync(path.join(esmTypesDir, 'package.json'), JSON.stringify({ type: 'module' }) + '\n');
}

module.exports = { writeEsmTypes };
