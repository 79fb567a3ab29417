import { tcpTransport } from '../../../adapters/tcp';
import { PacketDecoder } from '../../../lib/codec/decoder';
import { encodePacket } from '../../../lib/codec/encode';
import { encodeUtf8 } from '../../../lib/codec/utf8';
import type { Packet } from '../../../lib/codec/packet';
import { openConnection, recordData } from '../../adapters/support/connection-probe';
import { startPasswordBroker } from './password-broker';
import type { MosquittoInstance } from './mosquitto';

describe('startPasswordBroker', () => {
  let broker: MosquittoInstance;
  beforeAll(async () => {
    broker = await startPasswordBroker({ alice: 'secret', bob: 'hunter2' });
  });
  afterAll(() => broker.stop());

  async function connackCode(username?: string, password?: string): Promise<number> {
    const { connection, release } = await openConnection(tcpTransport({ host: '127.0.0.1', port: broker.port }));
    try {
      const record = recordData(connection);
      connection.write(
        encodePacket({
          type: 'connect',
          clientId: 'rxmqtt-passwd-probe',
          keepalive: 10,
          clean: true,
          username,
          password: password === undefined ? undefined : encodeUtf8(password),
        }),
      );
      const packets: Packet[] = new PacketDecoder({}).push(Uint8Array.from(await record.waitForBytes(4)));
      expect(packets[0].type).toBe('connack');
      return (packets[0] as { returnCode: number }).returnCode;
    } finally {
      release();
    }
  }

  it('accepts every listed user with the right password', async () => {
    expect(await connackCode('alice', 'secret')).toBe(0);
    expect(await connackCode('bob', 'hunter2')).toBe(0);
  });

  it('refuses a wrong password, an unknown user and anonymous clients (return code 5 or 4)', async () => {
    expect([4, 5]).toContain(await connackCode('alice', 'wrong'));
    expect([4, 5]).toContain(await connackCode('mallory', 'secret'));
    expect([4, 5]).toContain(await connackCode());
  });
});
