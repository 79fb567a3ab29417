import { createConnection } from 'node:net';

describe('the private test broker', () => {
  it('answers a raw CONNECT with CONNACK 0', async () => {
    const port = Number(process.env.MQTT_TEST_PORT);
    // CONNECT, protocol MQTT level 4, clean, keepalive 10, client id "probe"
    const connect = Uint8Array.from([0x10, 17, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 10, 0, 5, 0x70, 0x72, 0x6f, 0x62, 0x65]);
    const reply = await new Promise<Uint8Array>((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write(connect));
      socket.once('data', (chunk) => {
        socket.destroy();
        resolve(new Uint8Array(chunk));
      });
      socket.once('error', reject);
    });
    expect(Array.from(reply)).toEqual([0x20, 2, 0, 0]);
  });
});
