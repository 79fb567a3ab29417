import { rmSync } from 'node:fs';
import type { SharedBroker } from './global-setup';

/** Jest global teardown: stops the broker the global setup started and removes the certificates. */
export default async function globalTeardown(): Promise<void> {
  const shared = (globalThis as { __rxmqttBroker?: SharedBroker }).__rxmqttBroker;
  if (!shared) return;
  await shared.broker.stop();
  rmSync(shared.certDir, { recursive: true, force: true });
}
