/**
 * The delivery ledger: one record per subscription and local date (`ledger:<sub>:<YYYY-MM-DD>`) saying what
 * became of that day's digest. `pending` is written before the first message goes out and `posted` after
 * the last one, so a process that dies in between leaves a trace: the next attempt re-sends the same parts
 * with the same Discord nonces (Discord answers with the message it already has) or, past the nonce window,
 * looks for them in the channel first. `skipped` and `failed` are final too and show in `/digest list`.
 */
import type { Context } from "../context.ts";
import { addDays } from "../schedule/zoned-time.ts";
import { DAY_MS } from "../clock.ts";

export type LedgerState = "pending" | "posted" | "skipped" | "failed";

export interface LedgerEntry {
  state: LedgerState;
  /** The local date the digest is for, and the instant it was due (ISO). */
  date: string;
  slot: string;
  /** The reports it covers: publishedAt in (from, to]. */
  window?: { from: string; to: string };
  /** How many messages the digest is, and the ids of those known to be posted (null until then). */
  parts?: (string | null)[];
  attempts: number;
  /**
   * Real time (epoch ms) when the current attempt began posting. Discord's nonce window is in real time, so
   * this is `Date.now()`, not ctx.clock.
   */
  postingSince?: number;
  /** ctx.clock time (ISO) before which a failed attempt is not retried (back-off). */
  retryAt?: string;
  /** Why it was skipped or failed, or the last transient error. */
  reason?: string;
  updatedAt: string;
}

const PREFIX = "ledger:";
/** Kept well past the grace window and the 7 days `lastPosted` looks back. */
const TTL_MS = 14 * DAY_MS;
/** How far back the window of a digest may start: the last posted digest within this many days. */
export const LOOKBACK_DAYS = 7;

export const ledgerKey = (subId: string, date: string) => `${PREFIX}${subId}:${date}`;

/** True for states after which nothing more happens to that day's digest. */
export const isFinal = (entry: LedgerEntry | undefined) => entry !== undefined && entry.state !== "pending";

/** The ledger entries of several (subscription, date) pairs, in order. */
export async function ledgerEntries(ctx: Pick<Context, "store">, keys: { subId: string; date: string }[]): Promise<(LedgerEntry | undefined)[]> {
  if (keys.length === 0) return [];
  return ctx.store.kv.getMany<LedgerEntry>(keys.map((k) => ledgerKey(k.subId, k.date)));
}

/** Writes one entry (stamped with ctx.clock). */
export async function writeLedger(ctx: Pick<Context, "store" | "clock">, subId: string, entry: Omit<LedgerEntry, "updatedAt">): Promise<LedgerEntry> {
  const stamped = { ...entry, updatedAt: ctx.clock.now().toISOString() };
  await ctx.store.kv.set(ledgerKey(subId, entry.date), stamped, TTL_MS);
  return stamped;
}

/**
 * The entries of the `LOOKBACK_DAYS` dates before `date` and of `date` itself, newest first: what
 * `/digest list` shows and where the next digest's window starts.
 */
export async function recentLedger(ctx: Pick<Context, "store">, subId: string, date: string): Promise<LedgerEntry[]> {
  const dates = Array.from({ length: LOOKBACK_DAYS + 1 }, (_, i) => addDays(date, -i));
  const entries = await ledgerEntries(ctx, dates.map((d) => ({ subId, date: d })));
  return entries.filter((e): e is LedgerEntry => e !== undefined);
}
