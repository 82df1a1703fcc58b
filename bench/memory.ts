/**
 * Peak memory of the benchmark process: resident set size sampled on a timer and at explicit points
 * (a timer cannot fire during long synchronous work such as analysis), plus the kernel's own peak.
 */

export interface MemorySampler {
  /** Takes a sample now. */
  sample(): void;
  /** Highest sampled RSS, in bytes. */
  peak(): number;
  /** Starts a new window for `windowPeak` (e.g. one benchmark section). */
  mark(): void;
  /** Highest sampled RSS since the last `mark`, in bytes. */
  windowPeak(): number;
  /** The kernel's peak RSS for this process (getrusage maxrss), in bytes. */
  maxRss(): number;
  stop(): void;
}

/** Starts sampling `process.memoryUsage.rss()` every `intervalMs`. */
export function startMemorySampler(intervalMs = 20): MemorySampler {
  let peak = 0;
  let window = 0;
  const sample = () => {
    const rss = process.memoryUsage.rss();
    peak = Math.max(peak, rss);
    window = Math.max(window, rss);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    sample,
    peak: () => peak,
    mark: () => {
      window = 0;
      sample();
    },
    windowPeak: () => {
      sample();
      return window;
    },
    maxRss: () => process.resourceUsage().maxRSS * 1024,
    stop: () => clearInterval(timer),
  };
}
