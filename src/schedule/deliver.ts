/**
 * Delivering one subscription's digest for one local date, exactly once. The caller holds the
 * subscription's lease. The ledger goes pending → posted around the posts; every message carries a nonce
 * derived from (subscription, date, part), which Discord enforces, so re-sending after a crash returns the
 * message already posted instead of a second one. Past Discord's nonce window the channel is searched for
 * the parts first. Failures: 403 pauses the subscription (with a one-time notice where the subscription was
 * made), 404 removes it, other 4xx fail the day, 5xx/timeouts are retried later with back-off.
 */
import { createHash } from "node:crypto";
import type { Context } from "../context.ts";
import type { Composer, DigestScope, DigestWindow } from "../digest/compose.ts";
import { recentLedger, writeLedger, type LedgerEntry } from "../digest/ledger.ts";
import { DeliveryError, type DigestPoster } from "../digest/poster.ts";
import { pauseSubscription, removeSubscription, type Subscription } from "../digest/subscriptions.ts";
import type { Slot } from "./due.ts";
import { formatLocal, formatTimeOfDay } from "./zoned-time.ts";
import { DAY_MS } from "../clock.ts";

/** Within this long (real time) of an attempt, Discord's nonce alone prevents a duplicate ("a few minutes"). */
export const NONCE_TRUST_MS = 2 * 60_000;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 60 * 60_000;

export type DeliveryOutcome = "posted" | "already" | "waiting" | "retrying" | "paused" | "removed" | "failed" | "lost-lease";

export interface DeliveryDeps {
  ctx: Context;
  poster: DigestPoster;
  composer: Composer;
  /** Renews the subscription's lease before each post; false when another process took it over. */
  renewLease(): Promise<boolean>;
  /** The pass's time (ctx.clock, or `--at`). */
  now: Date;
  /** How long after an attempt its nonces are trusted to dedupe (default NONCE_TRUST_MS). */
  nonceTrustMs?: number;
}

/** Discord nonces are at most 25 characters: a hash of what makes a message unique. */
export function nonceFor(...parts: (string | number)[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 25);
}

/** "Daily digest · Thu 26 Nov 2026, 08:00 (Europe/Berlin)". */
export function headingFor(sub: Pick<Subscription, "timezone">, slot: Slot): string {
  return `Daily digest · ${formatLocal(slot.at, sub.timezone)} (${sub.timezone})`;
}

/** The subscription's scope as the composer keys it. */
export function scopeOf(sub: Pick<Subscription, "provinces" | "sources">): DigestScope {
  return { provinces: sub.provinces, sources: sub.sources };
}

/**
 * The window of the digest due at `slot`: since the slot of the last posted digest (within the ledger's
 * look-back), else the 24 hours before the slot. A skipped day's reports thus arrive with the next digest.
 */
export async function windowFor(ctx: Context, sub: Subscription, slot: Slot): Promise<DigestWindow> {
  const entries = await recentLedger(ctx, sub.id, slot.date);
  const last = entries.find((e) => e.state === "posted" && e.date < slot.date);
  const from = last ? new Date(last.slot) : new Date(slot.at.getTime() - DAY_MS);
  return { from, to: slot.at };
}

/** Delivers the digest of `slot`, given the ledger entry read under the lease. */
export async function deliver(deps: DeliveryDeps, sub: Subscription, slot: Slot, entry: LedgerEntry | undefined): Promise<DeliveryOutcome> {
  const { ctx, poster, composer, now } = deps;
  if (entry && entry.state !== "pending") return "already";
  if (entry?.retryAt && Date.parse(entry.retryAt) > now.getTime()) return "waiting";

  const window = entry?.window ? { from: new Date(entry.window.from), to: new Date(entry.window.to) } : await windowFor(ctx, sub, slot);
  const digest = await composer.compose(scopeOf(sub), window);
  const messages = poster.render({ digest, heading: headingFor(sub, slot) });
  const parts: (string | null)[] = messages.map((_, i) => entry?.parts?.[i] ?? null);
  const base = {
    state: "pending" as const,
    date: slot.date,
    slot: slot.at.toISOString(),
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    attempts: (entry?.attempts ?? 0) + 1,
  };

  try {
    // A previous attempt whose nonces Discord may have forgotten: look for its parts before re-sending.
    if (entry?.postingSince !== undefined && Date.now() - entry.postingSince > (deps.nonceTrustMs ?? NONCE_TRUST_MS)) {
      const since = new Date(entry.postingSince - 60_000);
      for (let i = 0; i < parts.length; i++) parts[i] ??= (await poster.findPosted(sub.channelId, messages[i], since)) ?? null;
    }
    // Recorded before anything is sent: whoever comes next knows posting may have begun, and when.
    await writeLedger(ctx, sub.id, { ...base, parts: [...parts], postingSince: Date.now() });
    for (let i = 0; i < messages.length; i++) {
      if (parts[i] !== null) continue;
      if (!(await deps.renewLease())) return "lost-lease";
      parts[i] = await poster.post(sub.channelId, messages[i], nonceFor(sub.id, slot.date, i));
      if (i < messages.length - 1) await writeLedger(ctx, sub.id, { ...base, parts: [...parts], postingSince: Date.now() });
    }
    await writeLedger(ctx, sub.id, { ...base, state: "posted", parts });
    return "posted";
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    return failed(deps, sub, slot, { ...base, parts }, error);
  }
}

async function failed(deps: DeliveryDeps, sub: Subscription, slot: Slot, base: Omit<LedgerEntry, "updatedAt">, error: DeliveryError): Promise<DeliveryOutcome> {
  const { ctx, now } = deps;
  const log = { subscription: sub.id, guildId: sub.guildId, channelId: sub.channelId, date: slot.date, status: error.status, reason: error.message };
  switch (error.failure) {
    case "forbidden": {
      const reason = `cannot post in the channel: ${error.message}`;
      ctx.logger.warn(log, "digest paused: the channel refuses the bot's posts");
      // Stays pending: after the permissions are fixed and the subscription is renewed, today's digest can still go out.
      await writeLedger(ctx, sub.id, { ...base, reason });
      await pauseSubscription(ctx, sub.id, { reason, at: now.toISOString(), noticeSent: await pauseNotice(deps, sub, slot, error.message) });
      return "paused";
    }
    case "gone":
      ctx.logger.info(log, "digest removed: its channel or guild is gone");
      await writeLedger(ctx, sub.id, { ...base, state: "failed", reason: `channel gone: ${error.message}` });
      await removeSubscription(ctx, sub.id);
      return "removed";
    case "rejected":
      ctx.logger.error(log, "digest refused by Discord");
      await writeLedger(ctx, sub.id, { ...base, state: "failed", reason: `refused: ${error.message}` });
      return "failed";
    case "transient": {
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (base.attempts - 1));
      const retryAt = new Date(now.getTime() + delay).toISOString();
      ctx.logger.warn({ ...log, attempts: base.attempts, retryAt }, "digest not posted; will retry");
      await writeLedger(ctx, sub.id, { ...base, retryAt, reason: error.message });
      return "retrying";
    }
  }
}

/** Tells the channel where the subscription was made that the digest is paused; true when that worked. */
async function pauseNotice(deps: DeliveryDeps, sub: Subscription, slot: Slot, why: string): Promise<boolean> {
  const target = sub.noticeChannelId;
  if (!target || target === sub.channelId) return false;
  const where = sub.channelName ? `#${sub.channelName}` : `channel ${sub.channelId}`;
  const text =
    `Sitrep could not post the ${formatTimeOfDay(sub.time)} (${sub.timezone}) daily digest in ${where}: ${why}. ` +
    `The digest is paused. Give Sitrep View Channel, Send Messages and Embed Links there, then run /digest subscribe again.`;
  try {
    await deps.poster.notice(target, text, nonceFor(sub.id, slot.date, "paused"));
    return true;
  } catch (error) {
    deps.ctx.logger.info({ subscription: sub.id, channelId: target, err: error }, "could not post the pause notice either");
    return false;
  }
}
