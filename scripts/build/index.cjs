'use strict';
/**
 * The build of rxmqtt as functions, for `npm run build` (scripts/build.mjs) and for
 * specs that build into a temporary directory.
 *
 * `build({ outDir, targets })` runs the chosen targets (default all):
 * - `node`: dist/cjs (CommonJS), dist/types (.d.ts), dist/esm (ESM, shared chunks)
 * - `browser`: dist/rxmqtt.browser.min.js, and dist/rxmqtt-indexeddb-store.browser.min.js
 * - `espruino`: dist/rxmqtt.espruino.js, and dist/rxmqtt-storage.espruino.js
 * and resolves a report `{ node?, browser?, browserStore?, espruino?, espruinoStorage? }` with paths and sizes.
 */
const { buildCjsAndTypes, buildEsm } = require('./node-targets.cjs');
const { buildBrowser, BROWSER_GZIP_BUDGET, BROWSER_GZIP_CEILING } = require('./browser.cjs');
const { buildBrowserStore } = require('./browser-store.cjs');
const { buildEspruino, buildEspruinoStorage } = require('./espruino.cjs');

const ALL_TARGETS = ['node', 'browser', 'espruino'];

async function build(options = {}) {
  const targets = options.targets || ALL_TARGETS;
  for (const target of targets) {
    if (ALL_TARGETS.indexOf(target) < 0) throw new TypeError('unknown build target "' + target + '"');
  }
  const outDir = options.outDir;
  const jobs = {};
  if (targets.indexOf('node') >= 0) {
    jobs.node = Promise.all([buildCjsAndTypes({ outDir }), buildEsm({ outDir })])
      .then(([cjsAndTypes, esm]) => Object.assign({}, cjsAndTypes, esm));
  }
  if (targets.indexOf('browser') >= 0) {
    jobs.browser = buildBrowser({ outDir });
    jobs.browserStore = buildBrowserStore({ outDir });
  }
  if (targets.indexOf('espruino') >= 0) {
    jobs.espruino = buildEspruino({ outDir });
    jobs.espruinoStorage = buildEspruinoStorage({ outDir });
  }
  const report = {};
  for (const key of Object.keys(jobs)) report[key] = await jobs[key];
  return report;
}

module.exports = { build, buildCjsAndTypes, buildEsm, buildBrowser, buildBrowserStore, buildEspruino, buildEspruinoStorage, BROWSER_GZIP_BUDGET, BROWSER_GZIP_CEILING, ALL_TARGETS };
