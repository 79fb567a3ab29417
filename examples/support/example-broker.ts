import { startEmbeddedBroker, EmbeddedBroker } from '../../lib/cli/embedded-broker';

/** Options every example's `main(options)` takes. */
export interface ExampleOptions {
  /** Broker to use, e.g. `mqtt://127.0.0.1:1883`; absent: an embedded broker is started for the run. */
  url?: string;
  /** Where the example prints its lines (default `console.log`). */
  log?: (line: string) => void;
}

/** The broker an example runs against. */
export interface ExampleBroker {
  url: string;
  /** Present when the example started its own broker: it can then cut connections to show an outage. */
  embedded?: EmbeddedBroker;
}

/**
 * Runs `body` against `options.url`, or against an embedded aedes broker on a free
 * loopback port that is stopped afterwards, whatever `body` does.
 *
 * @example
 * ```ts
 * export function main(options: ExampleOptions = {}) {
 *   return withBroker(options, (broker, log) => runMyExample(broker.url, log));
 * }
 * ```
 */
export async function withBroker<T>(
  options: ExampleOptions,
  body: (broker: ExampleBroker, log: (line: string) => void) => Promise<T>,
): Promise<T> {
  const log = options.log || ((line: string) => console.log(line));
  if (options.url !== undefined) return body({ url: options.url }, log);
  const embedded = await startEmbeddedBroker();
  log('(embedded broker on ' + embedded.url + '; set MQTT_URL to use another broker)');
  try {
    return await body({ url: embedded.url, embedded }, log);
  } finally {
    await embedded.stop();
  }
}

/**
 * Runs an example's `main` as a program: `MQTT_URL` from the environment picks the
 * broker; a failure prints one line and sets exit status 1; the process then exits
 * by itself.
 *
 * @example
 * ```ts
 * if (require.main === module) runStandalone(main);
 * ```
 */
export function runStandalone(main: (options: ExampleOptions) => Promise<unknown>): void {
  main({ url: process.env.MQTT_URL || undefined }).then(
    () => {
      process.exitCode = 0;
    },
    (error: unknown) => {
      const text = error && typeof (error as Error).message === 'string' ? (error as Error).message : String(error);
      console.error('error: ' + text);
      process.exitCode = 1;
    },
  );
}
