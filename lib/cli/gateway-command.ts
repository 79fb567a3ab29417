import { firstValueFrom } from 'rxjs';
import type { ClientOptions, MqttClient } from '../client/types';
import type { CliCommand, CliIo } from './cli-io';

/** What `lib/gateway/gateway-command.ts` (the gateway part, seed 004) exports for the CLI. */
interface GatewayModule {
  runGatewayCommand?: (
    argv: string[],
    io: {
      out?: (line: string) => void;
      err?: (line: string) => void;
      until?: Promise<void>;
      createClient?: (options: ClientOptions) => MqttClient;
    },
  ) => Promise<number>;
}

/**
 * Where the gateway's command lives, relative to this file. Loaded by a variable path
 * so this build works before that module lands on main.
 * TODO(gateway on main): import `runGatewayCommand` statically instead.
 */
const GATEWAY_MODULE = '../gateway/gateway-command';

function loadGateway(): GatewayModule['runGatewayCommand'] {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const loaded = require(GATEWAY_MODULE) as GatewayModule;
    return typeof loaded.runGatewayCommand === 'function' ? loaded.runGatewayCommand : undefined;
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/**
 * `rxmqtt gateway --broker URL --udp HOST:PORT [--config file]`: hands the arguments to
 * `runGatewayCommand(argv, io)` of `lib/gateway/gateway-command.ts` (seed 004), with
 * this CLI's stdout, stderr, client factory and Ctrl-C. Resolves its exit status. When
 * that module is not part of this build, prints one line saying so and resolves 1.
 *
 * @example
 * ```sh
 * rxmqtt gateway --broker mqtt://127.0.0.1:1883 --udp 0.0.0.0:8266
 * ```
 */
export const gatewayCommand: CliCommand = (argv: string[], io: CliIo) => {
  const run = loadGateway();
  if (!run) {
    io.stderr.write('rxmqtt gateway: the gateway is not part of this build yet (lib/gateway/gateway-command.ts)\n');
    return Promise.resolve(1);
  }
  return run(argv, {
    out: (line) => io.stdout.write(line + '\n'),
    err: (line) => io.stderr.write(line + '\n'),
    until: firstValueFrom(io.interrupt$).then(() => undefined),
    createClient: io.createClient,
  });
};
