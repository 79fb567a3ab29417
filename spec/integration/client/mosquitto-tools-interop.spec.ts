import { firstValueFrom } from 'rxjs';
import { tcpTransport } from '../../../adapters';
import { ClientPool, settled, textOf, uniqueTopic } from '../support/client-harness';
import { MosquittoTools } from '../support/mosquitto-tools';
import { tapPackets } from '../support/packet-tap';

const broker = ['-h', '127.0.0.1', '-p', String(process.env.MQTT_TEST_PORT)];

/** `mosquitto_sub -F` line: topic, qos, retain, payload length, payload in hex. */
const FORMAT = 'MSG %t %q %r %l %x';

function hex(bytes: Uint8Array | string): string {
  return Buffer.from(bytes as Uint8Array).toString('hex');
}

describe('interop with mosquitto_pub and mosquitto_sub as independent peers', () => {
  const pool = new ClientPool();
  const tools = new MosquittoTools();
  afterEach(async () => {
    await tools.stopAll();
    await pool.closeAll();
  });

  describe('mosquitto_pub → rxmqtt topic()', () => {
    it.each([0, 1] as const)('receives a QoS %d publication', async (qos) => {
      const topic = uniqueTopic('interop-pub');
      const client = await pool.connect();
      const box = pool.inbox(client.topic(topic, { qos: 1 }));
      await settled(client);

      const result = await tools.run('mosquitto_pub', broker.concat(['-t', topic, '-q', String(qos), '-m', 'from mosquitto_pub']));
      expect(result).toEqual(expect.objectContaining({ code: 0, stderr: '' }));

      const [message] = await box.take(1);
      expect(message).toEqual({ topic, payload: expect.any(Uint8Array), qos, retain: false, dup: false });
      expect(textOf(message.payload)).toBe('from mosquitto_pub');
    });

    it('receives a QoS 2 publication exactly once on a QoS 2 subscription (PUBREC, PUBREL, PUBCOMP)', async () => {
      const topic = uniqueTopic('interop-pub-qos2');
      const { transport, log } = tapPackets(tcpTransport({ host: '127.0.0.1', port: Number(process.env.MQTT_TEST_PORT) }));
      const client = await pool.connect({ transport });
      const box = pool.inbox(client.topic(topic, { qos: 2 }));
      await settled(client);

      // mosquitto_pub exits 0 only after its own PUBCOMP; the broker needs ours to finish the flow to us
      const result = await tools.run('mosquitto_pub', broker.concat(['-t', topic, '-q', '2', '-m', 'exactly once']));
      expect(result.code).toBe(0);
      const [message] = await box.take(1);
      expect([message.qos, textOf(message.payload)]).toEqual([2, 'exactly once']);
      await settled(client);
      expect(box.values.length).toBe(1);
      const counts = (types: string[], direction: 'sent' | 'received') => types.map((t) => log.count(direction, t));
      expect(counts(['publish', 'pubrel'], 'received')).toEqual([1, 1]);
      expect(counts(['pubrec', 'pubcomp'], 'sent')).toEqual([1, 1]);
    });

    it('receives every byte value unchanged (payload from stdin)', async () => {
      const topic = uniqueTopic('interop-pub-binary');
      const client = await pool.connect();
      const box = pool.inbox(client.topic(topic, { qos: 1 }));
      await settled(client);
      const bytes = new Uint8Array(256);
      for (let i = 0; i < 256; i++) bytes[i] = 255 - i;

      const result = await tools.run('mosquitto_pub', broker.concat(['-t', topic, '-q', '1', '-s']), { input: bytes });
      expect(result.code).toBe(0);
      expect(Array.from((await box.take(1))[0].payload)).toEqual(Array.from(bytes));
    });

    it('receives a retained message from mosquitto_pub -r with retain=true', async () => {
      const topic = uniqueTopic('interop-pub-retained');
      expect((await tools.run('mosquitto_pub', broker.concat(['-t', topic, '-q', '1', '-r', '-m', 'kept']))).code).toBe(0);
      const client = await pool.connect();
      const [message] = await pool.inbox(client.topic(topic, { qos: 1 })).take(1);
      expect([textOf(message.payload), message.retain, message.qos]).toEqual(['kept', true, 1]);
      await firstValueFrom(client.publish(topic, '', { qos: 1, retain: true }));
    });
  });

  describe('rxmqtt publish() → mosquitto_sub', () => {
    async function subscribed(topic: string) {
      const sub = tools.start('mosquitto_sub', broker.concat(['-t', topic, '-q', '1', '-C', '1', '-W', '4', '-d', '-F', FORMAT]));
      await sub.waitForOutput(/received SUBACK/);
      return sub;
    }

    it('mosquitto_sub -C 1 prints a QoS 1 publication', async () => {
      const topic = uniqueTopic('interop-sub');
      const sub = await subscribed(topic);
      const client = await pool.connect();
      expect((await firstValueFrom(client.publish(topic, 'from rxmqtt', { qos: 1 }))).ok).toBe(true);

      const result = await sub.exited;
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('MSG ' + topic + ' 1 0 11 ' + hex('from rxmqtt') + '\n');
      // the broker delivered it to mosquitto_sub at QoS 1 and got its PUBACK
      expect(result.stdout).toMatch(/received PUBLISH \(d0, q1, r0, m\d+, '[^']+', \.\.\. \(11 bytes\)\)/);
    });

    it('mosquitto_sub gets every byte value unchanged', async () => {
      const topic = uniqueTopic('interop-sub-binary');
      const sub = await subscribed(topic);
      const client = await pool.connect();
      const bytes = new Uint8Array(256);
      for (let i = 0; i < 256; i++) bytes[i] = i;
      await firstValueFrom(client.publish(topic, bytes, { qos: 1 }));

      const result = await sub.exited;
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('MSG ' + topic + ' 1 0 256 ' + hex(bytes) + '\n');
    });
  });
});
