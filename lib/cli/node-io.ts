import { Subject } from 'rxjs';
import type { ClientOptions, MqttClient } from '../client/types';
import type { CliIo } from './cli-io';

/**
 * The {@link CliIo} of the `rxmqtt` process: its stdin/stdout/stderr and environment,
 * `createClient` as given, and `interrupt$` fed by SIGINT (Ctrl-C), SIGTERM and a closed
 * stdout pipe (`rxmqtt sub | head -1`). A second Ctrl-C ends the process at once with
 * status 130, for when a clean disconnect takes too long.
 *
 * @example
 * ```ts
 * runCli(process.argv.slice(2), nodeIo(createClient)).then((code) => (process.exitCode = code));
 * ```
 */
export function nodeIo(createClient: (options: ClientOptions) => MqttClient): CliIo {
  const interrupt$ = new Subject<string>();
  let interrupts = 0;
  const onSignal = (signal: string): void => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    interrupt$.next(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') interrupt$.next('EPIPE');
  });
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    interrupt$: interrupt$.asObservable(),
    createClient,
  };
}
