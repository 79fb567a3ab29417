import type { CliCommand, CliIo } from './cli-io';

/** The module the gateway part provides: `lib/gateway/gateway-command.ts`. */
interface GatewayModule {
  gatewayCommand?: CliCommand;
}

/** Where the gateway's own command lives, relative to this file. A variable, so a build without it still loads. */
const GATEWAY_MODULE = '../gateway/gateway-command';

function loadGateway(): CliCommand | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const loaded = require(GATEWAY_MODULE) as GatewayModule;
    return typeof loaded.gatewayCommand === 'function' ? loaded.gatewayCommand : undefined;
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/**
 * `rxmqtt gateway --broker URL --udp HOST:PORT [--config file]`: hands the arguments
 * to `gatewayCommand(argv, io)` exported by `lib/gateway/gateway-command.ts` (the
 * gateway part, seed 004, same {@link CliCommand} shape as every command here). When
 * that module is not part of this build, prints one line saying so and resolves 1.
 *
 * @example
 * ```sh
 * rxmqtt gateway --broker mqtt://127.0.0.1:1883 --udp 0.0.0.0:8266
 * ```
 */
export const gatewayCommand: CliCommand = (argv: string[], io: CliIo) => {
  const command = loadGateway();
  if (command) return command(argv, io);
  io.stderr.write('rxmqtt gateway: the gateway is not part of this build yet (lib/gateway/gateway-command.ts)\n');
  return Promise.resolve(1);
};
