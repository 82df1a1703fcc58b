/**
 * A one-lane queue for async work. Read-modify-write sequences (day lists in the store, BEGIN…COMMIT in the
 * search index) must not interleave within a process; running them through one queue guarantees that.
 */
export type SerialQueue = <T>(task: () => Promise<T>) => Promise<T>;

/** Creates a queue that runs each task after the previous one settled, in call order. A failed task does not block the next. */
export function serialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task);
    tail = result.catch(() => undefined);
    return result;
  };
}
