import type { ContenderName } from './bench-options';
import { startWorker, WorkerHandle } from './worker-handle';

/**
 * One long-lived worker process per contender (so each keeps its own warmed-up JIT and
 * heap, and none measures on another's garbage), restarted after a failed run.
 *
 * @example
 * ```ts
 * const pool = new WorkerPool();
 * await pool.get('mqttjs').request(request, 30000, 'MQTT.js publish');
 * await pool.stopAll();
 * ```
 */
export class WorkerPool {
  private readonly workers: { [name: string]: WorkerHandle } = {};
  private readonly extra: WorkerHandle[] = [];

  /** The worker of `contender`, started (again) when it is not running. */
  get(contender: ContenderName): WorkerHandle {
    const worker = this.workers[contender];
    if (worker && worker.alive) return worker;
    const fresh = startWorker();
    this.workers[contender] = fresh;
    return fresh;
  }

  /** A fresh worker of its own (the burst's clean RSS), stopped with the others by {@link stopAll}. */
  fresh(): WorkerHandle {
    const worker = startWorker();
    this.extra.push(worker);
    return worker;
  }

  /** Kills every worker this pool started. */
  killAll(): void {
    this.all().forEach((worker) => worker.kill());
  }

  /** Asks every worker to exit and waits for them (at most 5 s each before a kill). */
  stopAll(): Promise<void> {
    return Promise.all(this.all().map((worker) => worker.stop())).then(() => undefined);
  }

  private all(): WorkerHandle[] {
    return Object.keys(this.workers)
      .map((name) => this.workers[name])
      .concat(this.extra);
  }
}
