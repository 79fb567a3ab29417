import { cpus } from 'node:os';
import type { ClientOptions } from '../../client/types';
import type { CliIo } from '../cli-io';
import { UsageError } from '../usage-error';
import { formatMultiBenchResult } from './multi-bench-result';
import { MultiBenchPlan, runMultiBench } from './run-multi-bench';

/** The `rxmqtt bench` flags that `--clients` runs read. */
export interface MultiBenchFlags {
  clients: number;
  threads?: number;
  count: number;
  size: number;
  qos: 0 | 1;
  inFlight: number;
  rate?: number;
  topic: string;
  json?: boolean;
}

/** Connections each thread opens at the same time. */
const CONNECT_BATCH = 50;

/**
 * Checks the `--clients` / `--threads` flags of `rxmqtt bench`.
 *
 * @throws UsageError when `--clients` is outside 1..100000 or `--threads` outside 0..256
 *   (`--threads` without `--clients` is an error too)
 */
export function checkMultiBenchFlags(clients: number | undefined, threads: number | undefined): void {
  if (clients === undefined) {
    if (threads !== undefined) throw new UsageError('option --threads needs --clients');
    return;
  }
  if (!(clients >= 1 && clients <= 100000)) throw new UsageError('option --clients must be in 1..100000, got ' + clients);
  if (threads !== undefined && !(threads >= 0 && threads <= 256)) throw new UsageError('option --threads must be in 0..256, got ' + threads);
}

/**
 * `rxmqtt bench --clients N`: N publishers and N subscribers (see {@link runMultiBench}),
 * over `--threads` worker threads (default one per core; 0 runs them in the main
 * thread), `-N` messages per publisher, `-r` msg/s per publisher. Prints the report (or
 * JSON with every pair's figures) and resolves 0, or 1 when QoS 1 messages were lost.
 *
 * @example
 * ```sh
 * rxmqtt bench --clients 1000 -N 100 -r 10 -h 127.0.0.1
 * ```
 */
export async function multiBenchCommand(io: CliIo, options: ClientOptions, flags: MultiBenchFlags): Promise<number> {
  const plan: MultiBenchPlan = {
    clients: flags.clients,
    threads: flags.threads !== undefined ? flags.threads : Math.max(1, cpus().length),
    count: flags.count,
    size: flags.size,
    qos: flags.qos,
    inFlight: flags.inFlight,
    rate: flags.rate,
    topicPrefix: flags.topic,
    connectBatch: CONNECT_BATCH,
  };
  const result = await runMultiBench(io.createClient, options, plan);
  io.stdout.write(flags.json ? JSON.stringify(result) + '\n' : formatMultiBenchResult(result));
  return flags.qos === 1 && result.received < flags.clients * flags.count ? 1 : 0;
}
