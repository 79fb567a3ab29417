/**
 * The program of one `rxmqtt bench --clients` worker thread. It gets its pairs in
 * `workerData` ({@link BenchWorkerData}) and follows the main thread's commands:
 *
 * - on start: `{ type: 'ready', heapUsed }`;
 * - `{ type: 'connect' }` → opens its pairs → `{ type: 'connected', connectMs, heapUsed }`;
 * - `{ type: 'go', at }` → publishes → `{ type: 'done', reports, latencies, samples }`
 *   (the latency samples are transferred, not copied), then disconnects and exits;
 * - any failure → `{ type: 'failed', message }`.
 */
import '../../../adapters'; // registers the Node transports for mqtt:, mqtts:, ws:, wss:
import { parentPort, workerData } from 'node:worker_threads';
import { createClient } from '../../client/create-client';
import { BenchClients } from './bench-clients';
import { heapUsedAfterGc } from './heap-used';
import type { BenchWorkerData, WorkerCommand } from './worker-protocol';

const data = workerData as BenchWorkerData;
const port = parentPort;
if (port !== null) {
  const clients = new BenchClients(createClient, data.options, data.plan, data.first, data.last);
  const fail = (error: unknown): void => port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  port.on('message', (command: WorkerCommand) => {
    if (command.type === 'connect') {
      clients
        .connect()
        .then((connectMs) => port.postMessage({ type: 'connected', connectMs, heapUsed: heapUsedAfterGc() }))
        .catch(fail);
    } else if (command.type === 'go') {
      clients
        .run(command.at)
        .then((reports) => {
          const latencies = clients.latencies;
          port.postMessage({ type: 'done', reports, latencies, samples: clients.sampleCount }, [latencies.buffer]);
          return clients.close();
        })
        .then(() => port.close())
        .catch(fail);
    }
  });
  port.postMessage({ type: 'ready', heapUsed: heapUsedAfterGc() });
}
