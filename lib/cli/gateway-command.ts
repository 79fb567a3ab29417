import { firstValueFrom } from 'rxjs';
import { runGatewayCommand } from '../gateway/gateway-command';
import type { CliCommand, CliIo } from './cli-io';

/**
 * `rxmqtt gateway --broker URL --udp HOST:PORT [--config file]`: hands the arguments to
 * `runGatewayCommand(argv, io)` of `lib/gateway/gateway-command.ts` (seed 004), with
 * this CLI's stdout, stderr, client factory and Ctrl-C, and resolves its exit status
 * (0 after a clean stop, 2 for bad arguments, 1 when the gateway could not run).
 *
 * @example
 * ```sh
 * rxmqtt gateway --broker mqtt://127.0.0.1:1883 --udp 0.0.0.0:8266
 * ```
 */
export const gatewayCommand: CliCommand = (argv: string[], io: CliIo) =>
  runGatewayCommand(argv, {
    out: (line) => io.stdout.write(line + '\n'),
    err: (line) => io.stderr.write(line + '\n'),
    until: firstValueFrom(io.interrupt$).then(() => undefined),
    createClient: io.createClient,
  });
