import { firstValueFrom } from 'rxjs';
import type { MqttClient } from '../../../lib';
import { ClientPool, settled, uniqueTopic } from '../support/client-harness';

/** Every byte value once, 0x00 to 0xff. */
function allByteValues(): Uint8Array {
  const bytes = new Uint8Array(256);
  for (let i = 0; i < 256; i++) bytes[i] = i;
  return bytes;
}

/** 256 KB of a pattern that changes every byte and does not repeat on 256-byte boundaries. */
function largePayload(): Uint8Array {
  const bytes = new Uint8Array(256 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  return bytes;
}

const payloads: Array<[string, () => Uint8Array]> = [
  ['all 256 byte values', allByteValues],
  ['256 KB', largePayload],
];

describe('binary payloads through mosquitto', () => {
  const pool = new ClientPool();
  let left: MqttClient;
  let right: MqttClient;
  beforeAll(async () => {
    left = await pool.connect();
    right = await pool.connect();
  });
  afterAll(() => pool.closeAll());

  describe.each([0, 1] as const)('at QoS %d', (qos) => {
    it.each(payloads)('carries %s unchanged both ways', async (_name, make) => {
      const payload = make();
      const pairs: Array<[MqttClient, MqttClient]> = [
        [left, right],
        [right, left],
      ];
      for (let i = 0; i < pairs.length; i++) {
        const [from, to] = pairs[i];
        const topic = uniqueTopic('binary');
        const box = pool.inbox(to.topic(topic, { qos }));
        await settled(to);
        const result = await firstValueFrom(from.publish(topic, payload, { qos }));
        expect(result.ok).toBe(true);
        const [message] = await box.take(1, 5000);
        expect(message.qos).toBe(qos);
        expect(message.payload).toBeInstanceOf(Uint8Array);
        expect(message.payload.length).toBe(payload.length);
        // Buffer.compare keeps a mismatch report short for 256 KB
        expect(Buffer.compare(Buffer.from(message.payload), Buffer.from(payload))).toBe(0);
        box.stop();
      }
    });
  });

  it('carries an empty payload as a zero-length Uint8Array', async () => {
    const topic = uniqueTopic('binary-empty');
    const box = pool.inbox(right.topic(topic, { qos: 1 }));
    await settled(right);
    await firstValueFrom(left.publish(topic, new Uint8Array(0), { qos: 1 }));
    const [message] = await box.take(1);
    expect(message.payload).toBeInstanceOf(Uint8Array);
    expect(message.payload.length).toBe(0);
  });

  it('sends a string payload as UTF-8', async () => {
    const topic = uniqueTopic('binary-utf8');
    const box = pool.inbox(right.topic(topic));
    await settled(right);
    await firstValueFrom(left.publish(topic, 'zß水🍌'));
    const [message] = await box.take(1);
    expect(Array.from(message.payload)).toEqual(Array.from(Buffer.from('zß水🍌', 'utf8')));
  });
});
