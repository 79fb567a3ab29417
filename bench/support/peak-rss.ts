import { readFileSync } from 'node:fs';

/** A running RSS sampler. */
export interface RssSampler {
  /** Stops sampling; the peak in bytes, counting the kernel's high-water mark too. */
  stop(): { peak: number; samples: number };
}

/**
 * The kernel's peak RSS of this process's address space (`VmHWM` in
 * `/proc/self/status`), in bytes; 0 where there is no such file. Unlike
 * `process.resourceUsage().maxRSS`, it does not carry over the parent's peak
 * from before `exec` (a forked worker would report the orchestrator's).
 */
export function kernelPeakRss(): number {
  try {
    const match = /VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch (error) {
    return 0;
  }
}

/**
 * Samples `process.memoryUsage.rss()` every `intervalMs` (default 50) and keeps the
 * peak. Samples need a free event loop, so the result also takes the kernel's own
 * high-water mark ({@link kernelPeakRss}), which catches peaks reached while the loop
 * was busy.
 *
 * @example
 * ```ts
 * const sampler = sampleRss(); await run(); const { peak } = sampler.stop();
 * ```
 */
export function sampleRss(intervalMs = 50): RssSampler {
  let peak = process.memoryUsage.rss();
  let samples = 1;
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    samples++;
    if (rss > peak) peak = rss;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return { peak: Math.max(peak, kernelPeakRss(), process.memoryUsage.rss()), samples };
    },
  };
}
