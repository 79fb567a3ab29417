import { execFile } from 'node:child_process';
import { findInterpreter } from '../../support/espruino-interpreter';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeHmacSha256 } from '../../../adapters/node-hmac-sha256';
import { NodeAuthenticator } from '../../../lib/gateway/node-authenticator';
import { asciiJson, sealFrame } from '../../../lib/gateway/node-frame';

/* eslint-disable @typescript-eslint/no-var-requires */
const esbuild = require('esbuild');
const babel = require('@babel/core');
const { hoistFunctionDeclarations } = require('../../../scripts/build/espruino/babel-plugins.cjs');

const ROOT = join(__dirname, '../../..');
const ESPRUINO = findInterpreter();
const KEY_HEX = '3c'.repeat(32);
const KEY = Uint8Array.from(Buffer.from(KEY_HEX, 'hex'));

/** The node client and the HMAC, bundled and lowered to ES5 as the Espruino build does. */
async function bundle(): Promise<string> {
  const built = await esbuild.build({
    absWorkingDir: ROOT,
    stdin: {
      contents: "export { createNodeClient } from './lib/gateway/node-client'; export { composeHmacSha256 } from './lib/gateway/hmac-sha256';",
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2019',
    logLevel: 'silent',
  });
  const es5 = await babel.transformAsync(built.outputFiles[0].text, {
    babelrc: false,
    configFile: false,
    sourceType: 'script',
    presets: [[require.resolve('@babel/preset-env'), { targets: { ie: '11' }, loose: true, modules: false, exclude: ['transform-typeof-symbol', 'transform-regenerator'] }]],
  });
  const hoisted = await babel.transformAsync(es5.code, { babelrc: false, configFile: false, sourceType: 'script', plugins: [hoistFunctionDeclarations] });
  return hoisted.code;
}

/**
 * A keyed node on the real Espruino interpreter (16,383-variable pool): HMAC composed from
 * `require('crypto').SHA256`, frames the Node gateway accepts, a gateway frame accepted
 * once (its replay ignored), and memory flat over 200 signed publications.
 */
describe('the keyed node client on Espruino', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'rxmqtt-espgw-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('signs frames the gateway verifies and verifies the gateway’s, with flat memory', async () => {
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules', 'gw.js'), await bundle());
    const fromGateway = sealFrame(nodeHmacSha256, KEY, 'g', { kind: 'D', nodeId: 'esp', epoch: 7, counter: 1, body: asciiJson(['nodes/esp/cmd', 'open é', false]) });
    writeFileSync(
      join(dir, 'test.js'),
      `var g = require('gw');
var hmac = g.composeHmacSha256(function (d) { return new Uint8Array(require('crypto').SHA256(d)); });
var first = null, count = 0, handler = null, m0 = 0, i = 0;
var socket = { send: function (t, done) { if (first === null) first = t; count++; done(); }, onMessage: function (h) { handler = h; } };
var node = g.createNodeClient({ socket: socket, nodeId: 'esp', key: '${KEY_HEX}', hmac: hmac, session: { epoch: 7, sent: 0, received: 0 } });
function loop() {
  if (i === 20) m0 = process.memory().usage;
  if (i++ < 220) { node.publish('nodes/esp/t', String(i), { qos: 1 }).then(function () { setTimeout(loop, 0); }); return; }
  print('RESULT ' + JSON.stringify({ sent: count, session: node.session(), m0: m0, m1: process.memory().usage }));
  quit();
}
node.publish('nodes/esp/t', '21', { qos: 1 }).then(function (s) {
  print('FIRST ' + JSON.stringify({ status: s, frame: first }));
  handler(${JSON.stringify(fromGateway)});
  handler(${JSON.stringify(fromGateway)});
  return node.receive(20);
}).then(function (msgs) { print('MSGS ' + JSON.stringify(msgs)); loop(); });
`,
    );
    const output = await new Promise<string>((resolve, reject) => {
      execFile(ESPRUINO, ['test.js'], { cwd: dir, timeout: 60000 }, (error, stdout) => (error && !stdout ? reject(error) : resolve(stdout)));
    });
    const line = (tag: string) => JSON.parse((output.split('\n').find((l) => l.indexOf(tag + ' ') >= 0) || 'x null').split(tag + ' ')[1]);
    const first = line('FIRST');
    expect(first.status).toBe('sent');
    const gateway = new NodeAuthenticator(nodeHmacSha256, { esp: KEY }, 7);
    expect(gateway.open(first.frame)).toEqual({ type: 'data', nodeId: 'esp', body: '["nodes/esp/t","21",false,1]' });
    expect(gateway.open(first.frame)).toEqual({ type: 'refused', code: 'REPLAY', nodeId: 'esp' });
    expect(line('MSGS')).toEqual([{ topic: 'nodes/esp/cmd', message: 'open é', retained: false }]);
    const result = line('RESULT');
    expect(result.sent).toBe(221);
    expect(result.session).toEqual({ epoch: 7, sent: 221, received: 1 });
    expect(result.m1 - result.m0).toBeLessThan(50); // 200 signed publications: no per-message leak
  }, 90000);
});
