import type { MosquittoInstance } from './mosquitto';

/** Jest global teardown: stops the broker the global setup started. */
export default async function globalTeardown(): Promise<void> {
  const broker = (globalThis as { __rxmqttBroker?: MosquittoInstance }).__rxmqttBroker;
  if (broker) await broker.stop();
}
