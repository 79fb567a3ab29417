/**
 * The Storage queue (dist/rxmqtt-storage.espruino.js) on the Espruino interpreter, in one
 * directory so that Storage (the flash file) outlives a run as it outlives a reset.
 * Run 1 connects through a proxy that passes the CONNECT and the CONNACK and then drops
 * everything the device sends, publishes QoS 1 messages through the queue (none can be
 * acknowledged) and is killed with SIGKILL. Run 2, same clientId, `clean: false`, straight
 * to mosquitto, re-sends them with `resend()`; mosquitto_sub must see every one, and
 * Storage must be empty afterwards.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { createConnection, createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Report } from './run-interpreter-specs';

interface Tools {
  module: string;
  storageModule: string;
  brokerPort: number;
  check(ok: boolean, what: string): void;
  freshDir(module: string): string;
  runInterpreter(dir: string, script: string, ms: number, onReport?: (r: Report) => void | 'kill'): Promise<Report[]>;
}

const COUNT = 20;

/** A proxy to `port` that relays the connection until the broker's first bytes (the CONNACK) came back, then drops what the client sends. */
async function blackHoleAfterConnack(port: number): Promise<{ port: number; dropped(): number; close(): void }> {
  let dropped = 0;
  const sockets: Socket[] = [];
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port });
    sockets.push(client, upstream);
    let answered = false;
    client.on('data', (chunk: Buffer) => {
      if (answered) dropped += chunk.length;
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      answered = true;
      client.write(chunk);
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    dropped: () => dropped,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/** The device program: `TEST.phase` 'publish' (run 1) or 'resend' (run 2). */
function program(test: Record<string, unknown>): string {
  return 'var TEST = ' + JSON.stringify(test) + ';\n' + `
function report(event, extra) {
  var r = { event: event, usage: process.memory().usage };
  for (var k in extra) r[k] = extra[k];
  console.log('@@ ' + JSON.stringify(r));
}
var before = process.memory().usage;
var rxmqtt = require('rxmqtt');
var afterDevice = process.memory().usage;
var storage = require('rxmqtt-storage');
report('loaded', { before: before, device: afterDevice });
var client = rxmqtt.createClient({ url: TEST.url, clientId: TEST.clientId, clean: false, keepalive: 60 });
var queue = storage.storageQueue(client);
report('found', { pending: queue.pending() });
client.connect().subscribe({
  next: function () {
    report('connected', {});
    if (TEST.phase === 'publish') {
      for (var i = 0; i < TEST.count; i++) queue.publish(TEST.topic, 'm' + i).subscribe({ error: function (e) { report('error', { code: e.code }); } });
      // the socket writes in the idle loop: give the PUBLISHes time to leave before the kill
      setTimeout(function () { report('pending', { pending: queue.pending() }); }, 1000);
    } else {
      var ok = 0, failed = 0;
      queue.resend().subscribe({
        next: function (r) { if (r.ok) ok++; else failed++; },
        complete: function () {
          report('resent', { ok: ok, failed: failed, pending: queue.pending(), left: storage.storageQueue(client).pending() });
          client.disconnect().subscribe({ complete: function () { setTimeout(quit, 50); } });
        },
      });
    }
  },
  error: function (e) { report('error', { code: e.code, message: e.message }); quit(); },
});
`;
}

/** Runs both phases and checks them; prints the variables the queue's module takes. */
export async function runStorageQueue(t: Tools): Promise<void> {
  const dir = t.freshDir(t.module);
  copyFileSync(t.storageModule, join(dir, 'node_modules', 'rxmqtt-storage.js'));
  const topic = 'espruino/storage/' + process.pid + '/' + Date.now();
  const clientId = 'espruino-storage-' + process.pid;
  const readings = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(t.brokerPort), '-t', topic, '-q', '1', '-C', String(COUNT), '-W', '90']);
  let received = '';
  readings.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const subscriberDone = new Promise<void>((done) => readings.on('exit', () => done()));
  const proxy = await blackHoleAfterConnack(t.brokerPort);
  try {
    await new Promise((r) => setTimeout(r, 300)); // let mosquitto_sub subscribe
    const first = await t.runInterpreter(dir, program({ phase: 'publish', url: 'mqtt://127.0.0.1:' + proxy.port, clientId, topic, count: COUNT }), 60000,
      (r) => (r.event === 'pending' ? 'kill' : undefined));
    const pending = first.filter((r) => r.event === 'pending')[0];
    t.check(pending !== undefined && pending.pending === COUNT, 'storage: run 1 has ' + COUNT + ' QoS 1 publications in Storage when killed (' + (pending && pending.pending) + ')');
    await new Promise((r) => setTimeout(r, 300));
    t.check(received === '', 'storage: none of them reached the broker');
    t.check(proxy.dropped() > 0, 'storage: run 1 wrote them to the network before the kill (' + proxy.dropped() + ' bytes dropped by the proxy)');
    const second = await t.runInterpreter(dir, program({ phase: 'resend', url: 'mqtt://127.0.0.1:' + t.brokerPort, clientId, topic, count: COUNT }), 60000);
    const found = second.filter((r) => r.event === 'found')[0];
    const resent = second.filter((r) => r.event === 'resent')[0];
    const loaded = second.filter((r) => r.event === 'loaded')[0];
    t.check(found !== undefined && found.pending === COUNT, 'storage: run 2 finds ' + COUNT + ' in Storage (' + (found && found.pending) + ')');
    t.check(resent !== undefined && resent.ok === COUNT && resent.failed === 0 && resent.pending === 0 && resent.left === 0,
      'storage: run 2 re-sends all ' + COUNT + ', each acknowledged, and Storage is empty after (' + JSON.stringify(resent) + ')');
    await Promise.race([subscriberDone, new Promise((r) => setTimeout(r, 10000))]);
    const lines = received.split('\n').filter((l) => l !== '');
    const expected = Array.from({ length: COUNT }, (_, i) => 'm' + i);
    t.check(expected.every((m) => lines.indexOf(m) >= 0), 'storage: mosquitto_sub saw every one of them (' + lines.length + ' lines)');
    if (loaded) {
      console.log('storage: variables in use: before require ' + loaded.before + ', after the device module ' + loaded.device +
        ', after the Storage module ' + loaded.usage + ' (+' + ((loaded.usage as number) - (loaded.device as number)) + '); after re-sending ' +
        COUNT + ': ' + (resent ? resent.usage : '?'));
    }
  } finally {
    readings.kill();
    proxy.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
