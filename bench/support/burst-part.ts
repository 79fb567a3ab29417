import type { BenchContext } from './bench-context';
import { measurePublisher } from './measure-publisher';
import { SMALL_PAYLOAD } from './scenario';

/** The burst through rxmqtt publishAll at one QoS. */
export interface BurstResult {
  qos: 0 | 1;
  count: number;
  rate?: number;
  /** Peak RSS of the worker process in bytes. */
  peakRss?: number;
  rssSamples?: number;
  error?: string;
}

/**
 * Offers `burst` messages (64-byte payloads) to rxmqtt's `publishAll` at QoS 1 and then
 * QoS 0, each in a fresh worker process (warmed up like the publisher runs) so its peak
 * RSS is the burst's own (sampled every
 * 50 ms, and the kernel's VmHWM), with the counting peer confirming receipt as in the
 * publisher runs.
 *
 * @example
 * ```ts
 * const bursts = await runBurstPart(ctx, console.log);
 * ```
 */
export async function runBurstPart(ctx: BenchContext, log: (line: string) => void): Promise<BurstResult[]> {
  const results: BurstResult[] = [];
  const qosLevels: Array<0 | 1> = [1, 0];
  for (let q = 0; q < qosLevels.length; q++) {
    const qos = qosLevels[q];
    const result: BurstResult = { qos, count: ctx.options.burst };
    const worker = ctx.workers.fresh();
    try {
      if (ctx.options.warmup > 0) {
        // the same warm-up the publisher runs had, so the burst is compared warm to warm
        const warm = Math.max(1000, Math.round(ctx.options.messages * ctx.options.warmup));
        await measurePublisher(ctx, worker, 'rxmqtt', { side: 'publish', qos, payloadSize: SMALL_PAYLOAD, count: warm });
      }
      const measured = await measurePublisher(ctx, worker, 'rxmqtt', { side: 'publish', qos, payloadSize: SMALL_PAYLOAD, count: ctx.options.burst }, true);
      result.rate = measured.rate;
      result.peakRss = measured.answer.peakRss;
      result.rssSamples = measured.answer.rssSamples;
      log('burst QoS' + qos + ' x' + ctx.options.burst + ': ' + Math.round(measured.rate) + ' msg/s, peak RSS ' + (measured.answer.peakRss / 1048576).toFixed(1) + ' MB');
    } catch (error) {
      result.error = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      log('burst QoS' + qos + ' FAILED: ' + result.error);
    } finally {
      await worker.stop();
    }
    results.push(result);
  }
  return results;
}
