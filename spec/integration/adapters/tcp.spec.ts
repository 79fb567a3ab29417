import { tcpTransport } from '../../../adapters/tcp';
import { MqttError, TransportError } from '../../../lib/errors';
import { freePort } from '../support/mosquitto';
import { startFaultProxy } from '../support/fault-proxy';
import { openConnection, openError, rawConnect, recordData, RAW_CONNACK_ACCEPTED, RAW_DISCONNECT } from '../support/raw-mqtt';

const port = Number(process.env.MQTT_TEST_PORT);

describe('tcpTransport against mosquitto', () => {
  it('carries a raw CONNECT to the broker and its CONNACK back', async () => {
    const { connection, release } = await openConnection(tcpTransport({ host: '127.0.0.1', port }));
    try {
      const record = recordData(connection);
      expect(connection.write(rawConnect('rxmqtt-tcp'))).toBe(true);
      expect(await record.waitForBytes(4)).toEqual(RAW_CONNACK_ACCEPTED);
      expect(record.chunks[0]).toBeInstanceOf(Uint8Array);
    } finally {
      release();
    }
  });

  it('completes data$ when the broker closes the connection (after DISCONNECT)', async () => {
    const { connection, release } = await openConnection(tcpTransport({ host: '127.0.0.1', port }));
    try {
      const record = recordData(connection);
      connection.write(rawConnect('rxmqtt-tcp-close'));
      await record.waitForBytes(4);
      connection.write(RAW_DISCONNECT);
      expect(await record.ended()).toBe('complete');
    } finally {
      release();
    }
  });

  it('errors data$ with CONNECTION_LOST when the link is reset', async () => {
    const proxy = await startFaultProxy({ targetPort: port });
    try {
      const { connection, release } = await openConnection(tcpTransport({ host: '127.0.0.1', port: proxy.port }));
      const record = recordData(connection);
      connection.write(rawConnect('rxmqtt-tcp-cut'));
      await record.waitForBytes(4);
      proxy.cutAll();
      const error = (await record.ended()) as TransportError;
      release();
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toBeInstanceOf(MqttError);
      expect(error.code).toBe('CONNECTION_LOST');
      expect(error.message).toBe('connection to 127.0.0.1:' + proxy.port + ' lost: read ECONNRESET');
    } finally {
      await proxy.close();
    }
  });

  it('fails open() with CONNECT_FAILED on a closed port', async () => {
    const closedPort = await freePort();
    const error = (await openError(tcpTransport({ host: '127.0.0.1', port: closedPort }))) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('CONNECT_FAILED');
    expect(error.message).toBe('cannot connect to 127.0.0.1:' + closedPort + ': connect ECONNREFUSED 127.0.0.1:' + closedPort);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });
});
