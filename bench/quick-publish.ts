/**
 * A quick publisher-throughput check (not a test, not the full suite of
 * `throughput.bench.ts`): rxmqtt `publishAll` vs MQTT.js windowed publishing on one private
 * mosquitto, 64-byte payloads by default, alternating contenders, each run in its own child process;
 * a raw-socket subscriber in the parent counts the messages. Prints each run, then
 * medians and ratios; `burst` runs one large rxmqtt publishAll and reports its peak RSS.
 *
 *   node scripts/quick-publish.mjs [rounds=5] [count=100000] [qos=0,1] [burst=1000000] [window=100] [size=64]
 *
 * Environment: QUICK_CONTENDERS=rxmqtt,mqttjs  QUICK_CPU_PROF=dir (rxmqtt children write --cpu-prof there).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { connect, Socket } from 'node:net';
import mqtt from 'mqtt';
import { firstValueFrom, map } from 'rxjs';
import { tcpTransport } from '../adapters/tcp';
import type { Connection, Transport } from '../lib/client/transport';
import { createClient } from '../lib/client/create-client';
import type { OutgoingMessage } from '../lib/client/types';
import { startMosquitto } from '../spec/integration/support/mosquitto';

/** Payload bytes, handed to the children in QUICK_SIZE. */
const payloadSize = (): number => Number(process.env.QUICK_SIZE || 64);

const now = (): number => performance.timeOrigin + performance.now();

interface RunAnswer {
  t0: number;
  tEnd: number;
  failures: number;
  peakRss: number;
  /** CPU time (user + system) of the publishing phase, in µs: the client's own cost, less noisy than wall time. */
  cpuUs: number;
  /** Socket writes (rxmqtt only; 0 for MQTT.js). */
  writes: number;
}

/** `transport`, counting the writes of its connections in `counter.writes`. */
function countingWrites(transport: Transport, counter: { writes: number }): Transport {
  return {
    open: () =>
      transport.open().pipe(
        map(
          (c): Connection => ({
            data$: c.data$,
            drain$: c.drain$,
            close: () => c.close(),
            write(bytes: Uint8Array): boolean {
              counter.writes++;
              return c.write(bytes);
            },
          }),
        ),
      ),
  };
}

/** count messages, all the same object: a pulled source, as an application would offer a burst. */
function* repeat(message: OutgoingMessage, count: number): Generator<OutgoingMessage> {
  for (let i = 0; i < count; i++) yield message;
}

async function childRxmqtt(port: number, topic: string, qos: 0 | 1, count: number, window: number): Promise<RunAnswer> {
  const counter = { writes: 0 };
  const transport = countingWrites(tcpTransport({ host: '127.0.0.1', port }), counter);
  const client = createClient({ transport, clientId: 'quick-rx-' + process.pid, reconnect: false });
  await firstValueFrom(client.connect());
  const message: OutgoingMessage = { topic, payload: new Uint8Array(payloadSize()).fill(0x61), qos };
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  const t0 = now();
  const cpu0 = process.cpuUsage();
  const writes0 = counter.writes;
  let failures = 0;
  await new Promise<void>((resolve, reject) =>
    client.publishAll(repeat(message, count), { maxInFlight: window }).subscribe({
      next: (r) => {
        if (!r.ok) failures++;
      },
      error: reject,
      complete: resolve,
    }),
  );
  const tEnd = now();
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  await firstValueFrom(client.disconnect(), { defaultValue: undefined });
  return { t0, tEnd, failures, peakRss, cpuUs: cpu.user + cpu.system, writes: counter.writes - writes0 };
}

async function childMqttjs(port: number, topic: string, qos: 0 | 1, count: number, window: number): Promise<RunAnswer> {
  const client = mqtt.connect({ host: '127.0.0.1', port, protocol: 'mqtt', clientId: 'quick-js-' + process.pid, reconnectPeriod: 0 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  const payload = Buffer.alloc(payloadSize(), 0x61);
  const options = { qos };
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  const t0 = now();
  const cpu0 = process.cpuUsage();
  let failures = 0;
  await new Promise<void>((resolve) => {
    let sent = 0;
    let done = 0;
    let pumping = false;
    const onDone = (error?: Error): void => {
      if (error) failures++;
      done++;
      if (done === count) resolve();
      else pump();
    };
    const pump = (): void => {
      if (pumping) return;
      pumping = true;
      while (sent < count && sent - done < window) {
        sent++;
        client.publish(topic, payload, options, onDone);
      }
      pumping = false;
    };
    pump();
  });
  const tEnd = now();
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
  return { t0, tEnd, failures, peakRss, cpuUs: cpu.user + cpu.system, writes: 0 };
}

/** A raw MQTT subscriber at QoS 0 that counts PUBLISH packets of `size` payload bytes. */
function countingSubscriber(port: number, topic: string, onCount: (n: number) => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      const id = Buffer.from('quick-counter-' + process.pid + '-' + Math.random().toString(36).slice(2, 8));
      const variable = Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60]);
      const body = Buffer.concat([variable, Buffer.from([id.length >> 8, id.length & 255]), id]);
      socket.write(Buffer.concat([Buffer.from([0x10, body.length]), body]));
      const t = Buffer.from(topic);
      const sub = Buffer.concat([Buffer.from([0, 1, t.length >> 8, t.length & 255]), t, Buffer.from([0])]);
      socket.write(Buffer.concat([Buffer.from([0x82, sub.length]), sub]));
    });
    socket.setNoDelay(true);
    let pending: Buffer = Buffer.alloc(0);
    let count = 0;
    let subscribed = false;
    socket.on('data', (chunk: Buffer) => {
      let buf = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      let pos = 0;
      for (;;) {
        if (pos + 2 > buf.length) break;
        let len = 0;
        let mul = 1;
        let i = pos + 1;
        let ok = false;
        while (i < buf.length && i < pos + 5) {
          const b = buf[i++];
          len += (b & 127) * mul;
          mul *= 128;
          if ((b & 128) === 0) {
            ok = true;
            break;
          }
        }
        if (!ok || i + len > buf.length) break;
        const type = buf[pos] >> 4;
        if (type === 3) count++;
        else if (type === 9 && !subscribed) {
          subscribed = true;
          resolve(socket);
        }
        pos = i + len;
      }
      pending = pos < buf.length ? Buffer.from(buf.subarray(pos)) : Buffer.alloc(0);
      buf = pending;
      onCount(count);
    });
    socket.once('error', reject);
  });
}

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Measured {
  rate: number;
  peakRss: number;
  /** Client CPU µs per message. */
  cpuPerMessage: number;
  /** Messages per socket write (rxmqtt). */
  perWrite: number;
}

async function measure(file: string, port: number, contender: string, qos: 0 | 1, count: number, window: number, tag: string): Promise<Measured> {
  const topic = 'quick/' + tag;
  let receivedAt = 0;
  let counted = 0;
  let allReceived: () => void = () => undefined;
  const received = new Promise<void>((resolve) => (allReceived = resolve));
  const counter = await countingSubscriber(port, topic, (n) => {
    counted = n;
    if (n >= count && receivedAt === 0) {
      receivedAt = now();
      allReceived();
    }
  });
  const args: string[] = [];
  if (process.env.QUICK_CPU_PROF && contender === 'rxmqtt') args.push('--cpu-prof', '--cpu-prof-dir=' + process.env.QUICK_CPU_PROF);
  const child: ChildProcess = spawn(process.execPath, [...args, file, 'child', contender, String(port), topic, String(qos), String(count), String(window)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const answer = JSON.parse(out) as RunAnswer;
  const timeout = new Promise<void>((_, reject) => setTimeout(() => reject(new Error(contender + ': received ' + counted + ' of ' + count)), 10000));
  await Promise.race([received, timeout]);
  counter.destroy();
  if (answer.failures > 0) throw new Error(contender + ': ' + answer.failures + ' failures');
  return {
    rate: count / ((Math.max(answer.tEnd, receivedAt) - answer.t0) / 1000),
    peakRss: answer.peakRss,
    cpuPerMessage: answer.cpuUs / count,
    perWrite: answer.writes > 0 ? count / answer.writes : 0,
  };
}

async function main(): Promise<void> {
  const [, file, mode, ...rest] = process.argv;
  if (mode === 'child') {
    const [contender, port, topic, qos, count, window] = rest;
    const run = contender === 'rxmqtt' ? childRxmqtt : childMqttjs;
    const answer = await run(Number(port), topic, Number(qos) as 0 | 1, Number(count), Number(window));
    process.stdout.write(JSON.stringify(answer));
    return;
  }
  const rounds = Number(mode || 5);
  const count = Number(rest[0] || 100000);
  const qosList = (rest[1] || '0,1').split(',').map(Number) as Array<0 | 1>;
  const burst = Number(rest[2] || 1000000);
  const window = Number(rest[3] || 100);
  process.env.QUICK_SIZE = String(Number(rest[4] || 64));
  const contenders = (process.env.QUICK_CONTENDERS || 'rxmqtt,mqttjs').split(',');
  const broker = await startMosquitto(['max_queued_messages 0']);
  let tag = 0;
  try {
    for (const qos of qosList) {
      const rates: { [name: string]: number[] } = {};
      const cpus: { [name: string]: number[] } = {};
      for (const c of contenders) {
        rates[c] = [];
        cpus[c] = [];
      }
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? contenders : contenders.slice().reverse();
        for (const c of order) {
          const m = await measure(file, broker.port, c, qos, count, window, String(tag++));
          rates[c].push(m.rate);
          cpus[c].push(m.cpuPerMessage);
          console.log('qos ' + qos + ' round ' + round + ' ' + c.padEnd(7) + ' ' + Math.round(m.rate) + ' msg/s, ' + m.cpuPerMessage.toFixed(2) + ' µs CPU/msg' + (m.perWrite > 0 ? ', ' + m.perWrite.toFixed(1) + ' msg/write' : ''));
        }
      }
      const line = contenders
        .map((c) => c + ' median ' + Math.round(median(rates[c])) + ' msg/s (' + median(cpus[c]).toFixed(2) + ' µs CPU/msg)')
        .join(', ');
      const ratio =
        rates.rxmqtt && rates.mqttjs
          ? '; rxmqtt/mqttjs: rate ' + (median(rates.rxmqtt) / median(rates.mqttjs)).toFixed(2) +
            ', CPU per message ' + (median(cpus.rxmqtt) / median(cpus.mqttjs)).toFixed(2)
          : '';
      console.log('QoS ' + qos + ': ' + line + ratio);
    }
    if (burst > 0) {
      for (const qos of qosList) {
        const m = await measure(file, broker.port, 'rxmqtt', qos, burst, window, String(tag++));
        console.log('burst ' + burst + ' QoS ' + qos + ': ' + Math.round(m.rate) + ' msg/s, peak RSS ' + Math.round(m.peakRss / 1048576) + ' MB');
      }
    }
  } finally {
    await broker.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
