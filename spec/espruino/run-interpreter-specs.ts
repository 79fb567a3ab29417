/**
 * The Espruino specs: the device build on the real Espruino interpreter (its parser,
 * its 16,383-variable pool, its garbage collector) against a private mosquitto with a
 * plain and a TLS listener on loopback. Run with `npm run test:espruino`; the
 * interpreter is `$ESPRUINO`, else ../shared/tools/espruino/espruino from the repository
 * root. Each run gets a fresh temporary directory (the Linux build keeps its flash in
 * ./espruino.flash there). Prints the variables in use at each step; exits non-zero when
 * a bound is broken or a step fails. Every interpreter run is killed after its time limit.
 */
import { findInterpreter } from '../support/espruino-interpreter';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startMosquitto, MosquittoInstance } from '../integration/support/mosquitto';
import { generateCertificates } from '../integration/support/certificates';
import { tlsListener } from '../integration/support/listeners';
import { FaultProxy, startFaultProxy } from '../integration/support/fault-proxy';
import { runSensorCycles } from './sensor-cycles';
import { runStorageQueue } from './storage-queue';

const ROOT = resolve(__dirname, '..', '..');
const HERE = join(ROOT, 'spec', 'espruino', 'interpreter');
/** Variables in use after the last round trip: the bound, and the goal. */
export const MAX_USAGE = 6000;
export const GOAL_USAGE = 4000;
/** Most growth from round trip 200 to the last. */
export const MAX_GROWTH = 100;
const ROUND_TRIPS = Number(process.env.ESPRUINO_ROUND_TRIPS || 1000);
/** Runs to do (default all): ESPRUINO_RUNS=ram,tls,outages,wifi,flash,tls-flash,sensor,storage */
const RUNS = (process.env.ESPRUINO_RUNS || 'ram,tls,outages,wifi,flash,tls-flash,sensor,storage').split(',');


/** One "@@ {json}" line of an interpreter script. */
export type Report = { event: string; usage: number; [key: string]: unknown };

/**
 * Runs `script` on the interpreter in `dir`, calling `onReport` for each "@@" line (which
 * returns 'kill' to end the run with SIGKILL there, as a reset would); resolves the reports
 * when it quits or is killed so, rejects when it is still running after `ms`.
 */
export function runInterpreter(dir: string, script: string, ms: number, onReport?: (r: Report) => void | 'kill'): Promise<Report[]> {
  writeFileSync(join(dir, 'main.js'), script);
  const child = spawn(findInterpreter(), ['main.js'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const reports: Report[] = [];
  let output = '';
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() as string;
    for (const line of lines) {
      const at = line.indexOf('@@ ');
      if (at < 0) continue;
      const report = JSON.parse(line.substring(at + 3)) as Report;
      reports.push(report);
      if (onReport && onReport(report) === 'kill') child.kill('SIGKILL');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error('the interpreter did not finish within ' + ms + ' ms; its output ended with:\n' + output.slice(-1500)));
    }, ms);
    child.on('exit', () => {
      clearTimeout(timer);
      if (/OUT OF MEMORY|LOW_MEMORY/.test(output)) fail(new Error('the interpreter ran out of memory:\n' + output.slice(-1500)));
      else done(reports);
    });
  });
}

/** A fresh directory with the module as node_modules/rxmqtt.js (and the stand-in Wifi). */
export function freshDir(module: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rxmqtt-espruino-'));
  mkdirSync(join(dir, 'node_modules'));
  copyFileSync(module, join(dir, 'node_modules', 'rxmqtt.js'));
  copyFileSync(join(HERE, 'Wifi.js'), join(dir, 'node_modules', 'Wifi.js'));
  return dir;
}

interface Figures {
  name: string;
  loaded: number;
  at200: number;
  last: number;
}

const failures: string[] = [];
function check(ok: boolean, what: string): void {
  console.log((ok ? '  ok    ' : '  FAIL  ') + what);
  if (!ok) failures.push(what);
}

async function roundTrips(name: string, module: string, test: Record<string, unknown>, proxy?: FaultProxy, dir?: string): Promise<Figures> {
  const where = dir || freshDir(module);
  if (test.ca) await saveCa(where, test.ca as string);
  const settings = Object.assign({ count: ROUND_TRIPS, topic: 'espruino/' + name, clientId: 'espruino-' + name, tls: !!test.ca }, test);
  delete settings.ca; // in Storage
  const script = 'var TEST = ' + JSON.stringify(settings) + ';\n' +
    readFileSync(join(HERE, 'round-trips.js'), 'utf8');
  const reports = await runInterpreter(where, script, 240000, (r) => {
    if (r.event === 'cut' && proxy) proxy.cutAll();
  });
  rmSync(where, { recursive: true, force: true });
  const find = (event: string, n?: number): Report | undefined => reports.filter((r) => r.event === event && (n === undefined || r.n === n))[0];
  const errors = reports.filter((r) => r.event === 'error');
  const loaded = find('loaded');
  const at200 = find('roundtrips', 200);
  const last = find('roundtrips', ROUND_TRIPS);
  const done = find('done');
  const figures: Figures = { name, loaded: loaded ? loaded.usage : NaN, at200: at200 ? at200.usage : NaN, last: last ? last.usage : NaN };
  console.log(name + ': variables in use: before require ' + (loaded ? loaded.before : '?') + ', after ' + figures.loaded +
    ', at round trip 200: ' + figures.at200 + ', at ' + ROUND_TRIPS + ': ' + figures.last + (done ? ', outages ' + done.outages + ' ' + JSON.stringify(done.codes) : ''));
  check(errors.length === 0, name + ': no errors' + (errors.length ? ' (' + JSON.stringify(errors.slice(0, 3)) + ')' : ''));
  check(done !== undefined && done.received === ROUND_TRIPS, name + ': every one of ' + ROUND_TRIPS + ' QoS 1 publications received' + (done ? ' (' + done.received + ')' : ''));
  check(figures.last <= MAX_USAGE, name + ': ' + figures.last + ' variables in use after ' + ROUND_TRIPS + ' round trips <= ' + MAX_USAGE + ' (goal ' + GOAL_USAGE + ')');
  check(figures.last - figures.at200 <= MAX_GROWTH, name + ': growth from round trip 200 to ' + ROUND_TRIPS + ': ' + (figures.last - figures.at200) + ' <= ' + MAX_GROWTH);
  if (test.cutAt) check(done !== undefined && (done.outages as number) >= (test.cutAt as number[]).length, name + ': ' + (test.cutAt as number[]).length + ' outages seen on state$');
  return figures;
}

/**
 * Saves the CA certificate into the flash of `dir` (Storage file "ca.der") as DER bytes:
 * Espruino's tls wants `ca` as DER, `atob` of the PEM body.
 */
async function saveCa(dir: string, base64: string): Promise<void> {
  const script = "require('Storage').write('ca.der', atob(" + JSON.stringify(base64) + "));\n" +
    "console.log('@@ ' + JSON.stringify({ event: 'saved', usage: 0, bytes: require('Storage').read('ca.der').length }));\nquit();\n";
  const reports = await runInterpreter(dir, script, 20000);
  check(reports.length === 1 && reports[0].bytes === Buffer.from(base64, 'base64').length, 'tls: the CA certificate saved to Storage as DER');
}

/** Writes the module into the flash of `dir` (Storage file "rxmqtt"), as a device would keep it. */
async function saveToFlash(dir: string): Promise<void> {
  const script = "require('Storage').write('rxmqtt', require('fs').readFileSync('node_modules/rxmqtt.js'));\n" +
    "console.log('@@ ' + JSON.stringify({ event: 'saved', usage: process.memory().usage, bytes: require('Storage').read('rxmqtt').length }));\nquit();\n";
  const reports = await runInterpreter(dir, script, 20000);
  check(reports.length === 1 && reports[0].bytes === readFileSync(join(dir, 'node_modules', 'rxmqtt.js')).length, 'flash: the module saved to Storage');
  rmSync(join(dir, 'node_modules', 'rxmqtt.js')); // from now on only the flash has it
}

async function main(): Promise<void> {
  const started = Date.now();
  const { buildEspruino, buildEspruinoStorage } = require(join(ROOT, 'scripts', 'build', 'espruino.cjs'));
  const out = mkdtempSync(join(tmpdir(), 'rxmqtt-espruino-build-'));
  const built = await buildEspruino({ outDir: out });
  console.log('module: ' + built.file + ', ' + built.bytes + ' bytes; interpreter: ' + findInterpreter());
  const storageModule = RUNS.indexOf('storage') >= 0 ? await buildEspruinoStorage({ outDir: out }) : null;
  if (storageModule) console.log('Storage queue module: ' + storageModule.file + ', ' + storageModule.bytes + ' bytes');
  const certDir = mkdtempSync(join(tmpdir(), 'rxmqtt-espruino-certs-'));
  const certs = generateCertificates(certDir, { rsa: true }); // the interpreter's mbedtls has no ECDSA
  const tlsPort = await freePort();
  let broker: MosquittoInstance | undefined;
  let proxy: FaultProxy | undefined;
  try {
    broker = await startMosquitto(tlsListener(tlsPort, certs));
    proxy = await startFaultProxy({ targetPort: broker.port });
    const ca = readFileSync(certs.caFile, 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    const all: Figures[] = [];
    const plain = 'mqtt://127.0.0.1:' + broker.port;
    const secure = { url: 'mqtts://127.0.0.1:' + tlsPort, ca: ca };
    const fromFlash = async (name: string, test: Record<string, unknown>): Promise<Figures> => {
      const dir = freshDir(built.file);
      await saveToFlash(dir);
      return roundTrips(name, built.file, Object.assign({ flash: true }, test), undefined, dir);
    };
    for (const run of RUNS) {
      if (run === 'ram') all.push(await roundTrips('ram', built.file, { url: plain }));
      else if (run === 'tls') all.push(await roundTrips('tls', built.file, secure));
      else if (run === 'outages') all.push(await roundTrips('outages', built.file, { url: 'mqtt://127.0.0.1:' + proxy.port, persistent: true, cutAt: [150, 300, 450, 600, 750] }, proxy));
      else if (run === 'wifi') all.push(await roundTrips('wifi', built.file, { url: plain, persistent: true, wifi: true, cutAt: [250, 500, 750] }));
      else if (run === 'flash') all.push(await fromFlash('flash', { url: plain }));
      else if (run === 'tls-flash') all.push(await fromFlash('tls-flash', secure));
      else if (run === 'sensor') await runSensorCycles({ module: built.file, brokerPort: broker.port, check, freshDir, runInterpreter });
      else if (run === 'storage' && storageModule) await runStorageQueue({ module: built.file, storageModule: storageModule.file, brokerPort: broker.port, check, freshDir, runInterpreter });
      else throw new Error('unknown run "' + run + '" in ESPRUINO_RUNS');
    }
    console.log('\nvariables in use (of 16,383), module ' + built.bytes + ' bytes:');
    console.log('  run       after require   round trip 200   round trip ' + ROUND_TRIPS);
    for (const f of all) console.log('  ' + (f.name + '         ').slice(0, 10) + ('      ' + f.loaded).slice(-14) + ('      ' + f.at200).slice(-17) + ('      ' + f.last).slice(-17));
  } catch (error) {
    failures.push(String(error instanceof Error ? error.stack : error));
    console.log(String(error instanceof Error ? error.stack : error));
  } finally {
    if (proxy) await proxy.close();
    if (broker) await broker.stop();
    rmSync(certDir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
  console.log('\n' + (failures.length === 0 ? 'all Espruino interpreter specs passed' : failures.length + ' failed') + ' in ' + Math.round((Date.now() - started) / 1000) + ' s');
  process.exit(failures.length === 0 ? 0 : 1);
}

if (require.main === module) void main();
