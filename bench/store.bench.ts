/**
 * Store bench: publish throughput with no store (the client's memory), `memoryStore()`
 * and `fileStore(dir)` (one write + fsync per network write batch), QoS 1 and QoS 2,
 * 64-byte payloads, through `publishAll` to a private mosquitto on 127.0.0.1. Each
 * round is one publisher client sending `--messages` messages and waiting for every
 * PUBACK/PUBCOMP; the stores alternate within a round; the median of `--rounds` is
 * reported with the file store's cost relative to memory.
 *
 * Run: `npm run bench -- store [--messages=10000] [--rounds=3] [--dir=/path/on/the/disk/to/measure]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { firstValueFrom, lastValueFrom, reduce } from 'rxjs';
import { fileStore } from '../adapters/file-store';
import { memoryStore } from '../adapters/memory-store';
import { tcpTransport } from '../adapters/tcp';
import { createClient } from '../lib/client/create-client';
import type { SessionStore } from '../lib/client/store/session-store';
import type { OutgoingMessage } from '../lib/client/types';
import { startMosquitto } from '../spec/integration/support/mosquitto';

function flag(name: string, fallback: string): string {
  const arg = process.argv.find((a) => a.startsWith('--' + name + '='));
  return arg === undefined ? fallback : arg.slice(name.length + 3);
}

const MESSAGES = Number(flag('messages', '10000'));
const ROUNDS = Number(flag('rounds', '3'));
const BASE = flag('dir', tmpdir());

type StoreKind = 'none' | 'memoryStore' | 'fileStore';

function* messages(qos: 1 | 2): Generator<OutgoingMessage> {
  const payload = new Uint8Array(64);
  for (let i = 0; i < MESSAGES; i++) yield { topic: 'bench/store', payload, qos };
}

/** One run: messages/s for `kind` at `qos`. */
async function run(port: number, kind: StoreKind, qos: 1 | 2): Promise<number> {
  const dir = mkdtempSync(join(BASE, 'rxmqtt-store-bench-'));
  let store: SessionStore | undefined;
  if (kind === 'memoryStore') store = memoryStore();
  if (kind === 'fileStore') store = fileStore(dir);
  const client = createClient({ transport: tcpTransport({ host: '127.0.0.1', port }), clientId: 'store-bench-' + kind, clean: true, store });
  try {
    await firstValueFrom(client.connect());
    const started = performance.now();
    const ok = await lastValueFrom(client.publishAll(messages(qos), { maxInFlight: 100 }).pipe(reduce((n, r) => n + (r.ok ? 1 : 0), 0)));
    const ms = performance.now() - started;
    if (ok !== MESSAGES) throw new Error(kind + ': ' + (MESSAGES - ok) + ' publications failed');
    return (MESSAGES * 1000) / ms;
  } finally {
    await lastValueFrom(client.disconnect(), { defaultValue: undefined });
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]): number => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const broker = await startMosquitto();
  const kinds: StoreKind[] = ['none', 'memoryStore', 'fileStore'];
  console.log('node ' + process.version + '; ' + MESSAGES + ' msgs of 64 B per run, publishAll window 100, ' + ROUNDS + ' rounds; fileStore in ' + BASE);
  try {
    for (const qos of [1, 2] as const) {
      const rates: { [kind: string]: number[] } = { none: [], memoryStore: [], fileStore: [] };
      await run(broker.port, 'none', qos); // warm-up
      for (let round = 0; round < ROUNDS; round++) {
        for (const kind of kinds) rates[kind].push(await run(broker.port, kind, qos));
      }
      const memory = median(rates.memoryStore);
      for (const kind of kinds) {
        const m = median(rates[kind]);
        const relative = kind === 'fileStore' ? '  (' + ((m / memory) * 100).toFixed(0) + ' % of memoryStore)' : '';
        console.log('QoS ' + qos + '  ' + kind.padEnd(12) + Math.round(m).toString().padStart(8) + ' msg/s' + relative);
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
