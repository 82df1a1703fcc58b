/**
 * A feed as operators see it in `/sources` and `sitrep feeds list`: where it is, how often it is polled, and
 * its state (last success, items ingested, last error, next poll, disabled and why). Plain data plus one
 * formatter of plain-text lines, so every transport shows the same facts.
 */
import type { Context } from "../context.ts";
import { formatDuration } from "./duration.ts";
import { listFeeds, readStates, type FeedDefinition, type FeedState } from "./feed-records.ts";

export type FeedView = Pick<FeedState, "lastSuccessAt" | "itemsIngested" | "lastError" | "nextPollAt" | "failures" | "disabled"> & {
  id: string;
  sourceId: string;
  url: string;
  /** "15m", "2h"… */
  every: string;
  origin: FeedDefinition["origin"];
};

/** Every feed with its state, in `listFeeds` order. */
export async function feedViews(ctx: Pick<Context, "sources" | "store" | "config">): Promise<FeedView[]> {
  const feeds = await listFeeds(ctx);
  const states = await readStates(ctx.store.kv, feeds.map((f) => f.id));
  return feeds.map((f, i) => viewOf(f, states[i]));
}

function viewOf(feed: FeedDefinition, state: FeedState): FeedView {
  return {
    id: feed.id,
    sourceId: feed.sourceId,
    url: feed.url,
    every: formatDuration(feed.everyMs),
    origin: feed.origin,
    ...(state.lastSuccessAt ? { lastSuccessAt: state.lastSuccessAt } : {}),
    itemsIngested: state.itemsIngested,
    ...(state.lastError ? { lastError: state.lastError } : {}),
    ...(state.nextPollAt ? { nextPollAt: state.nextPollAt } : {}),
    failures: state.failures,
    ...(state.disabled ? { disabled: state.disabled } : {}),
  };
}

/** "2026-11-25 12:00 UTC" */
export function feedTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * The feed's state as plain-text lines: the URL with id and interval, then the state ("Disabled since …: why"
 * or last success · items · next poll), then the last error when there was one. Transports escape them.
 */
export function feedStatusLines(view: FeedView): string[] {
  const head = `${view.url} (feed ${view.id}, every ${view.every}${view.origin === "registry" ? ", from the registry" : ""})`;
  const items = `${view.itemsIngested} item${view.itemsIngested === 1 ? "" : "s"} ingested`;
  const success = `last success ${view.lastSuccessAt ? feedTime(view.lastSuccessAt) : "never"}`;
  const state = view.disabled
    ? `DISABLED since ${feedTime(view.disabled.at)}: ${view.disabled.reason} (${items}; turn it back on with: sitrep feeds enable ${view.id})`
    : [
        success,
        items,
        `next poll ${view.nextPollAt ? feedTime(view.nextPollAt) : "at the next tick"}`,
        ...(view.failures > 0 ? [`${view.failures} failure${view.failures === 1 ? "" : "s"} in a row, backing off`] : []),
      ].join(" · ");
  const error = view.lastError ? [`last error ${feedTime(view.lastError.at)}: ${view.lastError.message}`] : [];
  return [head, state, ...error];
}
