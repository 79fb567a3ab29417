/**
 * A publishing process for the durable-session specs, bundled and run as a child:
 * `node durable-publisher.js <port> <storeDir> <topic> <count> <qos> <clientId>`.
 * Publishes messages `0 .. count-1` (a 4-byte big-endian index in a 64-byte payload)
 * through `publishAll` with a `fileStore`, and may be SIGKILLed at any moment; a new
 * run with the same arguments resumes.
 *
 * Where to resume is the application's part, and it is kept with the store's own
 * commits: a wrapper store notes the highest index put into the store and, after each
 * commit of the file store, writes it to `<storeDir>/progress` (a plain write survives
 * a killed process). Every index up to it was durably handed to the client, so the
 * next run continues after max(progress, highest recovered index): nothing is sent
 * twice at QoS 2, nothing skipped.
 *
 * Prints `recovered <n>` at the start, `done <ok> <failed>` at the end.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, reduce } from 'rxjs';
import { fileStore } from '../../../adapters/file-store';
import { tcpTransport } from '../../../adapters/tcp';
import { createClient } from '../../../lib/client/create-client';
import type { SessionStore } from '../../../lib/client/store/session-store';
import type { OutgoingMessage } from '../../../lib/client/types';

const [port, dir, topic, countText, qosText, clientId] = process.argv.slice(2);
const count = Number(countText);
const qos = Number(qosText) as 1 | 2;
const progressFile = join(dir, 'progress');

const indexOf = (payload: Uint8Array): number => new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0);

function withProgress(inner: SessionStore): SessionStore & { resumeAt(): number } {
  let highest = existsSync(progressFile) ? Number(readFileSync(progressFile, 'utf8')) : -1;
  let recoveredHighest = -1;
  return {
    releaseOutgoing: (id) => inner.releaseOutgoing(id),
    removeOutgoing: (id) => inner.removeOutgoing(id),
    putIncoming: (id) => inner.putIncoming(id),
    removeIncoming: (id) => inner.removeIncoming(id),
    clearIncoming: () => inner.clearIncoming(),
    putQueued: (q) => inner.putQueued(q),
    removeQueued: (key) => inner.removeQueued(key),
    sendQueued: (key, id) => inner.sendQueued(key, id),
    close: () => inner.close(),
    open(id: string) {
      const session = inner.open(id);
      for (const p of session.outgoing) recoveredHighest = Math.max(recoveredHighest, indexOf(p.payload));
      process.stdout.write('recovered ' + session.outgoing.length + '\n');
      return session;
    },
    putOutgoing(p: Parameters<SessionStore['putOutgoing']>[0]) {
      highest = Math.max(highest, indexOf(p.payload));
      inner.putOutgoing(p);
    },
    commit() {
      inner.commit();
      writeFileSync(progressFile, String(highest));
    },
    resumeAt: () => Math.max(highest, recoveredHighest) + 1,
  };
}

function* messages(from: number): Generator<OutgoingMessage> {
  for (let i = from; i < count; i++) {
    const payload = new Uint8Array(64);
    new DataView(payload.buffer).setUint32(0, i);
    yield { topic, payload, qos };
  }
}

async function main(): Promise<void> {
  const store = withProgress(fileStore(dir));
  const client = createClient({
    transport: tcpTransport({ host: '127.0.0.1', port: Number(port) }),
    clientId,
    clean: false,
    store,
    keepalive: 5,
    responseTimeout: 2000,
    reconnect: { initialDelay: 20, maxDelay: 200 },
  });
  const recovered = lastValueFrom(client.recovered$.pipe(reduce((n, r) => n + (r.ok ? 1 : 0), 0)));
  await firstValueFrom(client.connect());
  const tally = await lastValueFrom(
    client.publishAll(messages(store.resumeAt()), { maxInFlight: 100 }).pipe(
      reduce((t, r) => (r.ok ? { ok: t.ok + 1, failed: t.failed } : { ok: t.ok, failed: t.failed + 1 }), { ok: 0, failed: 0 }),
    ),
  );
  const recoveredOk = await recovered;
  await lastValueFrom(client.disconnect(), { defaultValue: undefined });
  process.stdout.write('done ' + tally.ok + ' ' + tally.failed + ' recovered-ok ' + recoveredOk + '\n');
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
