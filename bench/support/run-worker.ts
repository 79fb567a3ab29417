import { cpuMicros, wallClock } from './clock';
import { CONTENDERS } from './contenders';
import { latencyRun } from './latency-run';
import { sampleRss } from './peak-rss';
import type {
  PublishAnswer,
  PublishRequest,
  SubscribeAnswer,
  SubscribeRequest,
  WorkerEnvelope,
  WorkerMessage,
} from './worker-protocol';

function send(message: WorkerMessage): void {
  if (process.send) process.send(message);
}

async function publish(request: PublishRequest): Promise<PublishAnswer> {
  const contender = CONTENDERS[request.contender];
  const publisher = await contender.openPublisher(request.port, request.clientId);
  const payload = Buffer.alloc(request.payloadSize, 0x61);
  const sampler = request.sampleRss ? sampleRss(50) : null;
  try {
    const run = await publisher.publishMany({
      topic: request.topic,
      payload,
      qos: request.qos,
      count: request.count,
      window: request.window,
      chunkBytes: request.chunkBytes,
    });
    const rss = sampler ? sampler.stop() : { peak: 0, samples: 0 };
    return { t0: run.t0, tEnd: run.tEnd, cpuMicros: run.cpuMicros, failures: run.failures, peakRss: rss.peak, rssSamples: rss.samples };
  } finally {
    if (sampler) sampler.stop();
    await publisher.close();
  }
}

/** How often a subscriber that drops messages itself is checked for having received or dropped them all. */
const DISCARD_CHECK_MS = 20;

function subscribe(id: number, request: SubscribeRequest): Promise<SubscribeAnswer> {
  const contender = CONTENDERS[request.contender];
  return new Promise<SubscribeAnswer>((resolve, reject) => {
    let received = 0;
    let ready = false;
    let c0 = 0;
    let done: (() => void) | null = null;
    contender
      .openSubscriber(request.port, request.clientId, request.topic, request.qos, (bytes, start, end) => {
        if (end - start === request.payloadSize) {
          received++;
          if (received === request.count && done !== null) done();
        } else if (!ready && end - start === 1) {
          ready = true;
          c0 = cpuMicros();
          send({ id, event: 'ready' });
        }
      })
      .then((subscriber) => {
        const discards = subscriber.discards;
        let check: NodeJS.Timeout | undefined;
        let finished = false;
        done = () => {
          if (finished) return;
          finished = true;
          if (check !== undefined) clearInterval(check);
          const tEnd = wallClock();
          const cpu = cpuMicros() - c0;
          const dropped = discards ? discards() : 0;
          subscriber.close().then(() => resolve({ tEnd, cpuMicros: cpu, received, discards: dropped }), reject);
        };
        // a client that drops messages never counts them all: it is done when what it received and dropped is the count
        if (discards) check = setInterval(() => received + discards() >= request.count && done !== null && done(), DISCARD_CHECK_MS);
        if (received >= request.count) done();
      }, reject);
  });
}

/**
 * The worker side of the throughput bench: a child process (the bench bundle started
 * with `RXMQTT_BENCH_WORKER=1`) that runs the orchestrator's requests one at a time
 * against its contenders and answers over IPC. It exits when the orchestrator
 * disconnects; the orchestrator kills it when a request runs past its deadline.
 */
export function runWorker(): void {
  process.on('disconnect', () => process.exit(0));
  process.on('message', (envelope: WorkerEnvelope) => {
    const id = envelope.id;
    const request = envelope.request;
    let work: Promise<unknown>;
    if (request.op === 'publish') work = publish(request);
    else if (request.op === 'subscribe') work = subscribe(id, request);
    else work = latencyRun(CONTENDERS[request.contender], request);
    work.then(
      (answer) => send({ id, answer } as WorkerMessage),
      (error: unknown) => send({ id, error: error instanceof Error ? error.stack || error.message : String(error) }),
    );
  });
}
