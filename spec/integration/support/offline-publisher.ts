/**
 * A publishing process for the stored offline queue spec, bundled and run as a child:
 * `node offline-publisher.js <port> <storeDir> <topic> <count> <clientId> <storeOfflineQueue 0|1>`.
 *
 * It connects (with a `fileStore`, `clean: false`) and prints `connected`. When the
 * connection is lost and the client reconnects, it publishes messages `0 .. count-1` at
 * QoS 1 (a 4-byte big-endian index in a 64-byte payload) into the offline queue and
 * prints `queued <count>`; the spec then kills it. A run that finds nothing to publish
 * (`count` 0) waits for what the store gave back on `recovered$` and prints
 * `recovered <ok> <failed>`.
 */
import { firstValueFrom, lastValueFrom, reduce, filter } from 'rxjs';
import { fileStore } from '../../../adapters/file-store';
import { tcpTransport } from '../../../adapters/tcp';
import { createClient } from '../../../lib/client/create-client';

const [port, dir, topic, countText, clientId, storeQueue] = process.argv.slice(2);
const count = Number(countText);

async function main(): Promise<void> {
  const client = createClient({
    transport: tcpTransport({ host: '127.0.0.1', port: Number(port) }),
    clientId,
    clean: false,
    store: fileStore(dir),
    storeOfflineQueue: storeQueue === '1',
    keepalive: 5,
    reconnect: { initialDelay: 20, maxDelay: 100 },
  });
  const recovered = lastValueFrom(
    client.recovered$.pipe(reduce((t, r) => (r.ok ? { ok: t.ok + 1, failed: t.failed } : { ok: t.ok, failed: t.failed + 1 }), { ok: 0, failed: 0 })),
  );
  await firstValueFrom(client.connect());
  process.stdout.write('connected\n');
  if (count === 0) {
    const tally = await recovered;
    await lastValueFrom(client.disconnect(), { defaultValue: undefined });
    process.stdout.write('recovered ' + tally.ok + ' ' + tally.failed + '\n');
    return;
  }
  await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'reconnecting')));
  for (let i = 0; i < count; i++) {
    const payload = new Uint8Array(64);
    new DataView(payload.buffer).setUint32(0, i);
    client.publish(topic, payload, { qos: 1 }).subscribe({ error: () => undefined });
  }
  process.stdout.write('queued ' + count + '\n');
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
