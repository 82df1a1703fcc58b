/** A concurrency limit for async work: at most `n` tasks run at once, the rest wait in call order. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** Creates a limiter running at most `n` (≥ 1) tasks at a time. A failed task frees its slot like any other. */
export function createLimiter(n: number): Limiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finishing task hands its slot straight to the next waiter, so a newcomer cannot slip in between.
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
