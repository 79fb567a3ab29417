import { readFileSync } from 'node:fs';
import { tcpTransport } from '../../../adapters/tcp';
import { tlsTransport } from '../../../adapters/tls';
import { websocketTransport } from '../../../adapters/websocket';
import type { Transport } from '../../../lib/client/transport';
import { loopbackPublish } from '../support/loopback-publish';

const env = process.env;
const ca = readFileSync(String(env.MQTT_TEST_CA));
// Debian's mosquitto 2.0 moves WebSocket data at only ~40 KB/s (MQTT.js measures the same),
// so the WebSocket rows use a smaller payload, still larger than one TCP segment.
const transports: Array<[string, number, () => Transport]> = [
  ['tcp', 1024 * 1024, () => tcpTransport({ host: '127.0.0.1', port: Number(env.MQTT_TEST_PORT) })],
  ['tls', 1024 * 1024, () => tlsTransport({ host: '127.0.0.1', port: Number(env.MQTT_TEST_TLS_PORT), ca })],
  ['ws', 20000, () => websocketTransport({ url: 'ws://127.0.0.1:' + env.MQTT_TEST_WS_PORT + '/mqtt' })],
  ['wss', 20000, () => websocketTransport({ url: 'wss://127.0.0.1:' + env.MQTT_TEST_WSS_PORT + '/mqtt', tls: { ca } })],
];

describe.each(transports)('%s transport with the codec, through mosquitto', (_name, size, transport) => {
  it('carries a ' + size + '-byte PUBLISH out and back intact, however the transport chunks it', async () => {
    const payload = new Uint8Array(size);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 31 + 7) & 0xff;
    const { received, packets } = await loopbackPublish(transport(), payload);
    expect(packets.map((p) => p.type)).toEqual(['connack', 'suback', 'publish']);
    expect(received.payload.length).toBe(payload.length);
    expect(Buffer.compare(Buffer.from(received.payload), Buffer.from(payload))).toBe(0);
  });

  it('carries small packets that share a chunk', async () => {
    const { received } = await loopbackPublish(transport(), Uint8Array.of(0, 1, 2, 255));
    expect(Array.from(received.payload)).toEqual([0, 1, 2, 255]);
  });
});
