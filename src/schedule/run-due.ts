/**
 * One scheduler pass: find every subscription with a digest due at `now`, compose each distinct digest once,
 * and deliver them concurrently — each subscription under its own lease, so two processes on one store
 * never work on the same subscription at once, and a slow or failing channel holds up only its own worker.
 */
import type { Context } from "../context.ts";
import { createComposer, type Composer } from "../digest/compose.ts";
import { ledgerEntries, writeLedger, type LedgerEntry } from "../digest/ledger.ts";
import type { DigestPoster } from "../digest/poster.ts";
import { allSubscriptions, subscriptionStates, type Subscription } from "../digest/subscriptions.ts";
import { deliver, type DeliveryOutcome } from "./deliver.ts";
import { pastSlots, plan, type Plan, type Slot } from "./due.ts";
import type { Leases } from "./lease.ts";

export interface RunDueOptions {
  /** The pass's time; ctx.clock.now() by default. */
  now?: Date;
  graceMs: number;
  /** How long a subscription's lease lasts without renewal (real time). */
  leaseMs: number;
  leases: Leases;
  /** Deliveries in flight at once (default 32). */
  concurrency?: number;
  /** Share compositions beyond this pass (default: a new composer per pass, persisting to the store). */
  composer?: Composer;
  /** How long Discord is trusted to remember a nonce (real time); see `NONCE_TRUST_MS`. */
  nonceTrustMs?: number;
}

export interface RunSummary {
  subscriptions: number;
  due: number;
  outcomes: Partial<Record<DeliveryOutcome | "skipped" | "abandoned" | "busy" | "error", number>>;
  compositions: number;
  ms: number;
}

/** Ledger reads per query: SQLite takes many parameters, but not unboundedly many. */
const READ_BATCH = 500;

/** Runs one pass at `now` and says what happened. Never throws for one subscription's failure. */
export async function runDue(ctx: Context, poster: DigestPoster, options: RunDueOptions): Promise<RunSummary> {
  const started = Date.now();
  const now = options.now ?? ctx.clock.now();
  const composer = options.composer ?? createComposer(ctx, { persist: true });
  const compositionsBefore = composer.compositions;
  const summary: RunSummary = { subscriptions: 0, due: 0, outcomes: {}, compositions: 0, ms: 0 };
  const count = (key: keyof RunSummary["outcomes"]) => (summary.outcomes[key] = (summary.outcomes[key] ?? 0) + 1);

  const subs = await allSubscriptions(ctx);
  summary.subscriptions = subs.length;
  const work = await plans(ctx, subs, now, options.graceMs);
  summary.due = work.filter((w) => w.plan.due).length;

  await forEachConcurrently(work, options.concurrency ?? 32, async ({ sub, plan: p }) => {
    const leaseKey = `sub:${sub.id}`;
    if (!(await options.leases.claim(leaseKey, options.leaseMs))) return count("busy");
    try {
      // Read again under the lease: another process may have finished this slot since the plan was made.
      const slots = [p.due, p.missed, ...p.abandoned].filter((s): s is Slot => s !== undefined);
      const read = await ledgerEntries(ctx, slots.map((s) => ({ subId: sub.id, date: s.date })));
      const fresh = new Map(slots.map((s, i) => [s.date, read[i]]));
      for (const slot of p.abandoned) {
        const entry = fresh.get(slot.date);
        if (entry?.state !== "pending") continue;
        await writeLedger(ctx, sub.id, { ...entry, state: "failed", reason: `gave up after ${entry.attempts} attempt(s): ${entry.reason ?? "not posted"}; the next digest covers its reports` });
        count("abandoned");
      }
      if (p.missed && fresh.get(p.missed.date)?.state !== "posted") {
        await markMissed(ctx, sub, p.missed, fresh.get(p.missed.date), now, options.graceMs);
        count("skipped");
      }
      if (p.due) {
        const renewLease = () => options.leases.claim(leaseKey, options.leaseMs);
        count(await deliver({ ctx, poster, composer, now, renewLease, nonceTrustMs: options.nonceTrustMs }, sub, p.due, fresh.get(p.due.date)));
      }
    } catch (error) {
      count("error");
      ctx.logger.error({ err: error, subscription: sub.id }, "digest delivery failed unexpectedly");
    } finally {
      await options.leases.release(leaseKey).catch(() => undefined);
    }
  });
  summary.compositions = composer.compositions - compositionsBefore;
  summary.ms = Date.now() - started;
  return summary;
}

/** The subscriptions with something to do at `now`, with what: slots from the clock, then one ledger read. */
async function plans(ctx: Context, subs: Subscription[], now: Date, graceMs: number): Promise<{ sub: Subscription; plan: Plan }[]> {
  const candidates = subs.map((sub) => ({ sub, slots: pastSlots(sub, now, graceMs) })).filter((c) => c.slots.length > 0);
  const keys = candidates.flatMap((c) => c.slots.map((s) => ({ subId: c.sub.id, date: s.date })));
  const entries: (LedgerEntry | undefined)[] = [];
  for (let i = 0; i < keys.length; i += READ_BATCH) entries.push(...(await ledgerEntries(ctx, keys.slice(i, i + READ_BATCH))));
  let at = 0;
  const planned = candidates
    .map((c) => {
      const own = entries.slice(at, (at += c.slots.length));
      return { sub: c.sub, plan: plan(c.slots, own, now, graceMs) };
    })
    .filter((w) => w.plan.due || w.plan.missed || w.plan.abandoned.length > 0);
  // Paused subscriptions wait for their owners; only the few with work are looked up.
  const states = await subscriptionStates(ctx, planned.map((w) => w.sub.id));
  return planned.filter((_, i) => !states[i].paused);
}

async function markMissed(ctx: Context, sub: Subscription, slot: Slot, entry: LedgerEntry | undefined, now: Date, graceMs: number): Promise<void> {
  const late = Math.round((now.getTime() - slot.at.getTime()) / 3_600_000);
  const why = entry?.state === "pending" && entry.reason ? `not posted within the grace window (last error: ${entry.reason})` : `missed by ${late} h (grace ${Math.round(graceMs / 3_600_000)} h)`;
  ctx.logger.info({ subscription: sub.id, date: slot.date, why }, "digest skipped");
  await writeLedger(ctx, sub.id, { state: "skipped", date: slot.date, slot: slot.at.toISOString(), attempts: entry?.attempts ?? 0, reason: why });
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function forEachConcurrently<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
