/**
 * Bulk ingestion: many inputs, stored in batches. A batch is written in one atomic store write and one index
 * transaction, and SQLite does that work off the main thread, so the next batch is acquired and analysed while
 * the previous one is being written. Outcomes come back in input order; a bad input is reported and skipped.
 */
import { setImmediate as yieldToLoop } from "node:timers/promises";
import type { Context } from "../context.ts";
import { UserError } from "../errors.ts";
import type { Report } from "../types.ts";
import { prepareReport, type IngestInput, type IngestOptions, type IngestStage } from "./ingest.ts";
import { storeDeduplicated, type StoredOutcome } from "./store-deduplicated.ts";

/**
 * Reports per store write. Two batches are alive at once (one analysed, one written), each with its JSON and
 * SQLite's copies of it: measured on the bench corpus, peak RSS is about 185 MB at 25, 235 MB at 100 and
 * 305 MB at 200, for the same throughput.
 */
export const DEFAULT_BATCH = 25;

export interface IngestManyOptions extends IngestOptions {
  batchSize?: number;
  /** Milliseconds spent per stage on the main thread, added to as inputs go through. */
  stageTimes?: Record<IngestStage, number>;
}

export type IngestManyResult<T> = { input: T; outcome: StoredOutcome } | { input: T; error: UserError };

type Entry<T> = { input: T; report: Report } | { input: T; error: UserError };

/**
 * Ingests every input (see the module comment). `toInput` turns an item (a CLI argument, a bench report)
 * into what to read; it may throw a UserError for that item alone. Unexpected errors end the whole run.
 */
export async function* ingestMany<T>(
  ctx: Context,
  items: Iterable<T> | AsyncIterable<T>,
  toInput: (item: T) => IngestInput | Promise<IngestInput>,
  options: IngestManyOptions = {},
): AsyncGenerator<IngestManyResult<T>> {
  const size = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  const times = options.stageTimes;
  let batch: Entry<T>[] = [];
  let writing: Promise<IngestManyResult<T>[]> | undefined;

  try {
    for await (const item of items) {
      try {
        batch.push({ input: item, report: await prepareReport(ctx, await toInput(item), options, times) });
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        batch.push({ input: item, error });
      }
      // Bytes already in hand are read without waiting on I/O, so without this the loop would not let SQLite's
      // callbacks run, and the batch being written would only move on once this one is full.
      if (writing) await yieldToLoop();
      if (batch.length >= size) {
        // One write in flight at a time: the next starts only once the previous is stored, so near-duplicate
        // detection sees every earlier report.
        if (writing) yield* await writing;
        writing = write(ctx, batch);
        // Awaited below; until then a failure must not count as an unhandled rejection.
        writing.catch(() => undefined);
        batch = [];
      }
    }
    if (writing) yield* await writing;
    writing = undefined;
    if (batch.length) yield* await write(ctx, batch);
  } finally {
    // Stopped early (an unexpected error, or the caller broke off): the batch in flight still lands whole
    // before the caller goes on, say, to close the store.
    await writing?.catch(() => undefined);
  }
}

async function write<T>(ctx: Context, entries: Entry<T>[]): Promise<IngestManyResult<T>[]> {
  const reports = entries.flatMap((e) => ("report" in e ? [e.report] : []));
  const stored = await storeDeduplicated(ctx, reports);
  let next = 0;
  return entries.map((e) => ("report" in e ? { input: e.input, outcome: stored[next++] } : e));
}
