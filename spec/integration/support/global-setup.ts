import { startMosquitto } from './mosquitto';

/**
 * Jest global setup of the integration project: starts the shared private
 * mosquitto and tells the specs where it is through `MQTT_TEST_PORT`.
 */
export default async function globalSetup(): Promise<void> {
  const broker = await startMosquitto();
  process.env.MQTT_TEST_PORT = String(broker.port);
  (globalThis as { __rxmqttBroker?: unknown }).__rxmqttBroker = broker;
}
