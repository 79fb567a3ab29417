import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, lastValueFrom, merge, take, timeout, toArray } from 'rxjs';
import { tcpTransport } from '../../../adapters/tcp';
import { createClient } from '../../../lib/client/create-client';
import type { MqttClient, OutgoingMessage } from '../../../lib/client/types';
import { freePort, mosquittoBinary, waitForPort } from '../support/mosquitto';

/**
 * A mosquitto with nothing tuned: only a loopback listener and anonymous access, so
 * `max_inflight_messages` is its default, 20. (The shared test broker is tuned.)
 */
async function stockMosquitto(): Promise<{ port: number; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'rxmqtt-stock-mosquitto-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(config, 'listener ' + port + ' 127.0.0.1\nallow_anonymous true\n');
  chmodSync(config, 0o644);
  const child = spawn(mosquittoBinary(), ['-c', config], { stdio: 'ignore' });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await waitForPort(port);
  return {
    port,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('QoS 2 against a default-configured mosquitto (max_inflight_messages 20)', () => {
  it('loses nothing: 3,000 through publishAll (window 100) and 500 publish() calls at once, each received exactly once', async () => {
    const broker = await stockMosquitto();
    const connect = async (clientId: string): Promise<MqttClient> => {
      const client = createClient({ transport: tcpTransport({ host: '127.0.0.1', port: broker.port }), clientId, reconnect: false, inboundQueue: { limit: 5000 } });
      await firstValueFrom(client.connect());
      return client;
    };
    const subscriber = await connect('stock-sub');
    const publisher = await connect('stock-pub');
    try {
      const topic = 'rxmqtt/qos2/stock';
      const total = 3500;
      const counts = new Uint8Array(total);
      let distinct = 0;
      const everything = firstValueFrom(
        subscriber.topic(topic, { qos: 2 }).pipe(
          filter((m) => {
            const n = Number(Buffer.from(m.payload).toString());
            if (counts[n]++ === 0) distinct++;
            return distinct === total;
          }),
          take(1),
          timeout(30000),
        ),
      );
      await firstValueFrom(subscriber.ping()); // the SUBSCRIBE reached the broker
      const streamed: OutgoingMessage[] = Array.from({ length: 3000 }, (_, i) => ({ topic, payload: String(i), qos: 2 as const }));
      const singles = Array.from({ length: 500 }, (_, i) => publisher.publish(topic, String(3000 + i), { qos: 2 }));
      const results = await lastValueFrom(merge(publisher.publishAll(streamed, { maxInFlight: 100 }), ...singles).pipe(toArray(), timeout(30000)));
      expect(results.filter((r) => r.ok)).toHaveLength(total);
      await everything;
      await firstValueFrom(subscriber.ping()); // room for a duplicate to show up
      const wrong: string[] = [];
      counts.forEach((c, i) => c !== 1 && wrong.push(i + ':' + c));
      expect(wrong).toEqual([]);
    } finally {
      await lastValueFrom(publisher.disconnect(), { defaultValue: undefined });
      await lastValueFrom(subscriber.disconnect(), { defaultValue: undefined });
      await broker.stop();
    }
  }, 60000);
});
