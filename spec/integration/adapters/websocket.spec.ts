import { readFileSync } from 'node:fs';
import { websocketTransport } from '../../../adapters/websocket';
import { TransportError } from '../../../lib/errors';
import { freePort } from '../support/mosquitto';
import { openConnection, openError, rawConnect, recordData, RAW_CONNACK_ACCEPTED, RAW_DISCONNECT } from '../support/raw-mqtt';

const wsUrl = 'ws://127.0.0.1:' + process.env.MQTT_TEST_WS_PORT + '/mqtt';
const wssUrl = 'wss://127.0.0.1:' + process.env.MQTT_TEST_WSS_PORT + '/mqtt';
const ca = readFileSync(String(process.env.MQTT_TEST_CA));
const wrongCa = readFileSync(String(process.env.MQTT_TEST_WRONG_CA));

describe('websocketTransport against mosquitto', () => {
  it.each([
    ['ws://', wsUrl, undefined],
    ['wss://', wssUrl, { ca }],
  ])('carries CONNECT/CONNACK over %s and completes data$ when the broker closes', async (_name, url, tls) => {
    const { connection, release } = await openConnection(websocketTransport({ url, tls }));
    try {
      const record = recordData(connection);
      expect(connection.write(rawConnect('rxmqtt-ws'))).toBe(true);
      expect(await record.waitForBytes(4)).toEqual(RAW_CONNACK_ACCEPTED);
      expect(record.chunks[0]).toBeInstanceOf(Uint8Array);
      connection.write(RAW_DISCONNECT);
      expect(await record.ended()).toBe('complete');
    } finally {
      release();
    }
  });

  it('delivers packets split across frames and several packets in one frame', async () => {
    const { connection, release } = await openConnection(websocketTransport({ url: wsUrl }));
    try {
      const record = recordData(connection);
      const connect = rawConnect('rxmqtt-ws-split');
      connection.write(connect.subarray(0, 3));
      connection.write(connect.subarray(3));
      expect(await record.waitForBytes(4)).toEqual(RAW_CONNACK_ACCEPTED);
      // PINGREQ twice in one frame: two PINGRESPs come back.
      connection.write(Uint8Array.of(0xc0, 0, 0xc0, 0));
      expect((await record.waitForBytes(8)).slice(4)).toEqual([0xd0, 0, 0xd0, 0]);
    } finally {
      release();
    }
  });

  it('fails wss:// with CONNECT_FAILED when the certificate is signed by another CA', async () => {
    const error = (await openError(websocketTransport({ url: wssUrl, tls: { ca: wrongCa } }))) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('CONNECT_FAILED');
    expect(error.message).toBe('cannot connect to ' + wssUrl + ': TLS verification failed: self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN)');
  });

  it('fails with CONNECT_FAILED on a closed port', async () => {
    const closedPort = await freePort();
    const url = 'ws://127.0.0.1:' + closedPort + '/mqtt';
    const error = (await openError(websocketTransport({ url }))) as TransportError;
    expect(error.code).toBe('CONNECT_FAILED');
    expect(error.message).toBe('cannot connect to ' + url + ': connect ECONNREFUSED 127.0.0.1:' + closedPort);
  });
});
