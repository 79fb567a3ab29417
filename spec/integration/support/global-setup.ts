import { mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCertificates } from './certificates';
import { websocketsListener, tlsListener } from './listeners';
import { freePort, startMosquitto, waitForPort } from './mosquitto';

/** What the global setup leaves for the teardown. */
export interface SharedBroker {
  broker: { stop(): Promise<void> };
  certDir: string;
}

/**
 * Jest global setup of the integration project: generates a test CA and broker
 * certificate with `openssl`, starts the shared private mosquitto and tells the specs
 * where it is:
 *
 * - `MQTT_TEST_PORT`: plain MQTT on 127.0.0.1
 * - `MQTT_TEST_WS_PORT`: MQTT over WebSocket (`ws://127.0.0.1:PORT/mqtt`)
 * - `MQTT_TEST_TLS_PORT`: MQTT over TLS, certificate for 127.0.0.1 and localhost
 * - `MQTT_TEST_WSS_PORT`: MQTT over secure WebSocket, same certificate
 * - `MQTT_TEST_CA`: the PEM file of the CA that signed the broker certificate
 * - `MQTT_TEST_WRONG_CA`: the PEM file of an unrelated CA (verification must fail)
 */
export default async function globalSetup(): Promise<void> {
  const certDir = mkdtempSync(join(tmpdir(), 'rxmqtt-certs-'));
  chmodSync(certDir, 0o755);
  const certs = generateCertificates(certDir);
  const wsPort = await freePort();
  const tlsPort = await freePort();
  const wssPort = await freePort();
  const broker = await startMosquitto(
    websocketsListener(wsPort).concat(tlsListener(tlsPort, certs), websocketsListener(wssPort, certs)),
  );
  await Promise.all([waitForPort(wsPort), waitForPort(tlsPort), waitForPort(wssPort)]).catch(async (error) => {
    await broker.stop();
    throw error;
  });
  process.env.MQTT_TEST_PORT = String(broker.port);
  process.env.MQTT_TEST_WS_PORT = String(wsPort);
  process.env.MQTT_TEST_TLS_PORT = String(tlsPort);
  process.env.MQTT_TEST_WSS_PORT = String(wssPort);
  process.env.MQTT_TEST_CA = certs.caFile;
  process.env.MQTT_TEST_WRONG_CA = certs.wrongCaFile;
  const shared: SharedBroker = { broker, certDir };
  (globalThis as { __rxmqttBroker?: SharedBroker }).__rxmqttBroker = shared;
}
