/**
 * The digest scheduler: ONE node-cron job that ticks every minute and runs a pass (`runDue`) — not a job per
 * subscription. The job is `distributed`: its run coordinator claims each tick in the store (a lease keyed by
 * the tick's minute), so when several processes share a store only one runs a given tick. Per-subscription
 * leases inside the pass keep overlapping passes (a slow tick, `sitrep digest run-due`) from double work,
 * and the ledger with Discord nonces keeps every digest to one post. Time for the digests comes from
 * ctx.clock; node-cron only says when to look.
 */
import cron, { type RunCoordinator, type ScheduledTask } from "node-cron";
import type { Context } from "../context.ts";
import type { DigestPoster } from "../digest/poster.ts";
import { storeLeases, type Leases } from "./lease.ts";
import { runDue, type RunSummary } from "./run-due.ts";

export interface SchedulerOptions {
  /** node-cron expression; every minute by default (tests tick every second: "* * * * * *"). */
  cron?: string;
  /** Defaults to leases on ctx's store. */
  leases?: Leases;
  /** Deliveries in flight at once. */
  concurrency?: number;
  /** Called after each pass (tests, metrics). */
  onPass?(summary: RunSummary): void;
}

export interface DigestScheduler {
  /** Runs a pass now (unless one is running: then waits for that one). */
  runNow(): Promise<RunSummary | undefined>;
  /** Stops ticking and waits for a pass in flight. Idempotent. */
  stop(): Promise<void>;
}

const JOB_NAME = "sitrep-digests";
/** A tick's claim outlives the tick, so no other process runs the same minute again. */
const TICK_LEASE_MS = 5 * 60_000;

/** Starts the job, and a first pass at once so digests missed while the bot was down go out without waiting. */
export function startDigestScheduler(ctx: Context, poster: DigestPoster, options: SchedulerOptions = {}): DigestScheduler {
  const leases = options.leases ?? storeLeases(ctx.store.kv);
  if (!leases.shared) ctx.logger.warn("digest leases are per process on this store backend: run one scheduler per store");
  const { graceHours, leaseSeconds } = ctx.config.digest;
  let current: Promise<RunSummary | undefined> | undefined;

  const pass = (): Promise<RunSummary | undefined> =>
    (current ??= (async () => {
      try {
        await leases.sweep("tick:").catch(() => undefined);
        const summary = await runDue(ctx, poster, { graceMs: graceHours * 3_600_000, leaseMs: leaseSeconds * 1000, leases, concurrency: options.concurrency });
        if (summary.due > 0 || Object.keys(summary.outcomes).length > 0) ctx.logger.info(summary, "digest pass");
        options.onPass?.(summary);
        return summary;
      } catch (error) {
        ctx.logger.error({ err: error }, "digest pass failed");
        return undefined;
      } finally {
        current = undefined;
      }
    })());

  const coordinator: RunCoordinator = { shouldRun: (key) => leases.claim(`tick:${key}`, TICK_LEASE_MS) };
  const task: ScheduledTask = cron.schedule(options.cron ?? "* * * * *", () => pass(), {
    name: JOB_NAME,
    noOverlap: true,
    distributed: true,
    runCoordinator: coordinator,
    logger: cronLogger(ctx),
  });
  void pass();

  let stopping: Promise<void> | undefined;
  return {
    runNow: pass,
    stop: () =>
      (stopping ??= (async () => {
        await task.destroy();
        await current;
      })()),
  };
}

/** node-cron's log lines into the app's logger. */
function cronLogger(ctx: Context) {
  return {
    info: (message: string) => ctx.logger.debug({ job: JOB_NAME }, message),
    warn: (message: string) => ctx.logger.warn({ job: JOB_NAME }, message),
    error: (message: string | Error, err?: Error) => ctx.logger.error({ job: JOB_NAME, err: err ?? message }, String(message)),
    debug: (message: string | Error) => ctx.logger.debug({ job: JOB_NAME }, String(message)),
  };
}
