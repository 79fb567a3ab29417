import type { Observable } from 'rxjs';
import type { ClientOptions, MqttClient } from '../client/types';

/** A text sink: `process.stdout`/`process.stderr` or a test double. */
export interface CliOutput {
  write(chunk: string | Uint8Array): unknown;
  /** True when it is a terminal (progress bars are drawn only then). */
  readonly isTTY?: boolean;
  /** Terminal width, when it is one. */
  readonly columns?: number;
}

/**
 * Everything a command touches outside its arguments, so the commands run the same
 * in the `rxmqtt` process and in specs.
 */
export interface CliIo {
  /** Input of `pub -l` / `pub -s`. */
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly env: { readonly [name: string]: string | undefined };
  /** Emits the signal name on Ctrl-C (SIGINT) or SIGTERM; commands then disconnect and end. */
  readonly interrupt$: Observable<string>;
  /** Makes the client (the real `createClient`, or one over the virtual transport in specs). */
  readonly createClient: (options: ClientOptions) => MqttClient;
}

/** A command: its arguments (after the command name) and the I/O; resolves to the exit status. */
export type CliCommand = (argv: string[], io: CliIo) => Promise<number>;
