import { MosquittoInstance, startMosquitto } from '../../spec/integration/support/mosquitto';

/**
 * Broker settings of the bench, appended to the integration specs' mosquitto config
 * (anonymous, one listener on 127.0.0.1): no per-client queue limit, so a subscriber
 * that falls behind a flood is measured as slow rather than losing QoS 0 messages
 * (mosquitto 2 drops QoS 0 beyond `max_queued_messages`, 1000 by default).
 */
export const BENCH_BROKER_CONFIG = ['max_queued_messages 0'];

/**
 * Starts the bench's private mosquitto on a free 127.0.0.1 port (the integration specs'
 * `startMosquitto`, with {@link BENCH_BROKER_CONFIG}); `stop()` ends it.
 *
 * @example
 * ```ts
 * const broker = await startBenchBroker();
 * try { ... broker.port ... } finally { await broker.stop(); }
 * ```
 */
export function startBenchBroker(): Promise<MosquittoInstance> {
  return startMosquitto(BENCH_BROKER_CONFIG);
}
