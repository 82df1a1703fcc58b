/**
 * One poll of one feed: conditional fetch, new items only (by guid/link against the keys seen before, then by
 * URL and content hash in the store), each new item acquired, analysed and condensed, the batch stored with
 * near-duplicate links, then the feed's state. A failing feed backs off 5 min × 2ⁿ⁻¹ (n failures in a row,
 * capped at a day) and is disabled after FEED_MAX_FAILURES; an item that cannot be ingested is logged with
 * its reason and skipped without failing the feed. Reports are stored before the state says they were seen,
 * so a crash in between repeats work (deduplicated) rather than losing items.
 */
import { analyze } from "../analyze/index.ts";
import type { Context } from "../context.ts";
import { InputError } from "../errors.ts";
import { buildReport } from "../pipeline/ingest.ts";
import type { Report } from "../types.ts";
import { acquireEntry, EntrySkipped } from "./feed-entry.ts";
import { fetchFeed, type FeedEntry } from "./feed-fetch.ts";
import { seenKey, stateKey, type FeedDefinition, type FeedState } from "./feed-records.ts";
import { storeDeduplicated } from "../pipeline/store-deduplicated.ts";
import { isPrivateAddress, publicUrlGuard } from "./url-guard.ts";

const MINUTE = 60_000;
const BACKOFF_BASE = 5 * MINUTE;
const BACKOFF_MAX = 24 * 60 * MINUTE;
/** Jitter added to each next poll: up to this share of the interval (at most 5 min), so feeds drift apart. */
const JITTER_SHARE = 0.1;
const JITTER_MAX = 5 * MINUTE;
/** Seen keys kept per feed: at least this many, or three times the feed's length. */
const SEEN_MIN = 500;

export interface FeedPollResult {
  feedId: string;
  url: string;
  status: "ok" | "not-modified" | "failed";
  /** Items in the feed, and of those not seen before. */
  items: number;
  newItems: number;
  /** Reports stored as new or as an update of the same URL. */
  stored: number;
  /** Of the stored reports, near-duplicates of an earlier report. */
  nearDuplicates: number;
  /** New items whose report the store already had (same URL or same content). */
  duplicates: number;
  /** Article pages fetched because the item had only a summary. */
  articleFetches: number;
  skipped: { item: string; reason: string }[];
  error?: string;
  /** The feed's state after this poll. */
  state: FeedState;
  ms: number;
}

export interface PollFeedOptions {
  /** 0 ≤ x < 1; Math.random by default (tests pass a constant). */
  random?: () => number;
}

/** The delay before retrying after `failures` failures in a row: 5, 10, 20, 40 min… up to a day. */
export function backoffMs(failures: number): number {
  return Math.min(BACKOFF_BASE * 2 ** Math.max(0, failures - 1), BACKOFF_MAX);
}

/** Polls `feed` once from `state` and writes its new state. Never throws: a failure is in the result. */
export async function pollFeed(ctx: Context, feed: FeedDefinition, state: FeedState, options: PollFeedOptions = {}): Promise<FeedPollResult> {
  const random = options.random ?? Math.random;
  const started = performance.now();
  const now = ctx.clock.now();
  const result: FeedPollResult = { feedId: feed.id, url: feed.url, status: "ok", items: 0, newItems: 0, stored: 0, nearDuplicates: 0, duplicates: 0, articleFetches: 0, skipped: [], state, ms: 0 };
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  const jitter = (ms: number) => Math.floor(random() * Math.min(ms * JITTER_SHARE, JITTER_MAX));
  try {
    const limits = { maxBytes: ctx.config.maxInputBytes, timeoutMs: ctx.config.fetchTimeoutMs, maxRedirects: ctx.config.fetchMaxRedirects };
    const fetched = await fetchFeed(feed.url, limits, state);
    const next: FeedState = {
      ...state,
      lastAttemptAt: now.toISOString(),
      lastSuccessAt: now.toISOString(),
      failures: 0,
      nextPollAt: at(feed.everyMs + jitter(feed.everyMs)),
      ...(fetched.etag ? { etag: fetched.etag } : {}),
      ...(fetched.lastModified ? { lastModified: fetched.lastModified } : {}),
    };
    if (fetched.status === "not-modified") {
      result.status = "not-modified";
      await ctx.store.kv.set(stateKey(feed.id), next);
      return finish(next);
    }
    result.items = fetched.entries.length;
    const seen = (await ctx.store.kv.get<string[]>(seenKey(feed.id))) ?? [];
    const entries = fresh(fetched.entries, seen);
    const handled = await ingestEntries(ctx, feed, entries, result);
    next.itemsIngested = state.itemsIngested + result.stored;
    // Items left to retry must not hide behind a 304: the next poll fetches the whole feed again.
    if (handled.length < entries.length) {
      delete next.etag;
      delete next.lastModified;
    }
    const keep = Math.max(SEEN_MIN, fetched.entries.length * 3);
    const seenNow = [...handled, ...seen.filter((k) => !handled.includes(k))].slice(0, keep);
    await ctx.store.kv.setMany([
      { key: stateKey(feed.id), value: next },
      ...(handled.length ? [{ key: seenKey(feed.id), value: seenNow }] : []),
    ]);
    ctx.logger.info({ feed: feed.id, url: feed.url, items: result.items, new: result.newItems, stored: result.stored, skipped: result.skipped.length }, "feed polled");
    return finish(next);
  } catch (error) {
    const message = error instanceof InputError ? error.reason : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
    if (error instanceof InputError) ctx.logger.warn({ feed: feed.id, url: feed.url, reason: message }, "feed poll failed");
    else ctx.logger.error({ feed: feed.id, url: feed.url, err: error }, "feed poll failed unexpectedly");
    const failures = state.failures + 1;
    const disabled = failures >= ctx.config.feeds.maxFailures;
    const { nextPollAt: _next, ...rest } = state;
    const next: FeedState = {
      ...rest,
      lastAttemptAt: now.toISOString(),
      lastError: { at: now.toISOString(), message },
      failures,
      ...(disabled
        ? { disabled: { at: now.toISOString(), reason: `${failures} failures in a row (FEED_MAX_FAILURES is ${ctx.config.feeds.maxFailures}); last: ${message}` } }
        : { nextPollAt: at(backoffMs(failures) + jitter(backoffMs(failures))) }),
    };
    if (disabled) ctx.logger.warn({ feed: feed.id, url: feed.url, failures }, "feed disabled");
    result.status = "failed";
    result.error = message;
    await ctx.store.kv.set(stateKey(feed.id), next).catch((err: unknown) => ctx.logger.error({ feed: feed.id, err }, "could not save the feed's state"));
    return finish(next);
  }

  function finish(next: FeedState): FeedPollResult {
    return { ...result, state: next, ms: performance.now() - started };
  }
}

/** Entries not seen before, each key once, oldest first (feeds list the newest first). */
function fresh(entries: FeedEntry[], seen: string[]): FeedEntry[] {
  const known = new Set(seen);
  const out: FeedEntry[] = [];
  for (const entry of entries) {
    if (known.has(entry.key)) continue;
    known.add(entry.key);
    out.push(entry);
  }
  return out.reverse();
}

/**
 * Acquires, analyses and stores `entries`, filling `result`; returns the keys now handled (stored, already
 * stored, or skipped for good). An item that failed for a reason that may pass (timeout, 5xx) is left unseen,
 * so the next poll tries it again.
 */
async function ingestEntries(ctx: Context, feed: FeedDefinition, entries: FeedEntry[], result: FeedPollResult): Promise<string[]> {
  result.newItems = entries.length;
  const handled: string[] = [];
  const reports: Report[] = [];
  const checkUrl = articleGuard(ctx, feed);
  for (const entry of entries) {
    const label = entry.url ?? entry.title ?? entry.key;
    try {
      if (entry.url && (await ctx.store.idByUrl(entry.url))) {
        result.duplicates++;
        handled.push(entry.key);
        continue;
      }
      const { doc, articleFetched } = await acquireEntry(ctx, entry, feed.sourceId, checkUrl);
      if (articleFetched) result.articleFetches++;
      reports.push(buildReport(ctx, analyze(doc, ctx)));
      handled.push(entry.key);
    } catch (error) {
      const skipped = error instanceof EntrySkipped;
      const reason = skipped ? error.reason : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
      result.skipped.push({ item: label, reason });
      if (skipped) ctx.logger.warn({ feed: feed.id, item: label, reason }, "feed item skipped");
      else ctx.logger.error({ feed: feed.id, item: label, err: error }, "feed item failed unexpectedly");
      if (!(skipped && error.transient)) handled.push(entry.key);
    }
  }
  for (const outcome of await storeDeduplicated(ctx, reports)) {
    if (outcome.status === "duplicate") result.duplicates++;
    else result.stored++;
    if (outcome.nearDuplicateOf) result.nearDuplicates++;
  }
  return handled.reverse();
}

/**
 * Article links come from whoever writes the feed. Unless private addresses are allowed, or the operator
 * pointed the feed itself at a private address (an internal feed links internally), they must be public.
 */
function articleGuard(ctx: Context, feed: FeedDefinition): ((url: URL) => Promise<void>) | undefined {
  if (ctx.config.allowPrivateUrls) return undefined;
  const host = new URL(feed.url).hostname.replace(/^\[|\]$/g, "");
  if (isPrivateAddress(host) || host === "localhost") return undefined;
  return async (url) => publicUrlGuard(url.href)(url);
}
