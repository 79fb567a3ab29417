/** A running RSS sampler. */
export interface RssSampler {
  /** Stops sampling; the peak in bytes, counting the OS's maxRSS too. */
  stop(): { peak: number; samples: number };
}

/**
 * Samples `process.memoryUsage.rss()` every `intervalMs` (default 50) and keeps the
 * peak. Samples need a free event loop, so the result also takes the kernel's own
 * high-water mark (`process.resourceUsage().maxRSS`), which catches peaks reached
 * while the loop was busy.
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
      const maxRss = process.resourceUsage().maxRSS * 1024;
      return { peak: Math.max(peak, maxRss, process.memoryUsage.rss()), samples };
    },
  };
}
