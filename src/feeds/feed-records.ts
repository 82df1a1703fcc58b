/**
 * Which feeds exist and what happened to each, in the store's keyv under `feed:` keys. Feeds come from two
 * places: the source registry (`feeds` per source, changed by editing the data file) and `feeds add` (kept in
 * keyv). Their state — last success, items ingested, errors, back-off, validators for conditional GET — and
 * the keys of the items already seen are kept per feed id, whichever place declared it.
 */
import { createHash } from "node:crypto";
import type { Context } from "../context.ts";
import { UserError } from "../errors.ts";
import { httpUrlOrThrow } from "../acquire/fetch-url.ts";
import { requireSource } from "../registry/resolve.ts";
import { normaliseUrl } from "../store/url-key.ts";
import { DURATION_HINT, parseDuration } from "./duration.ts";

export interface FeedDefinition {
  /** 8 hex digits derived from the feed URL, typed by operators in `feeds remove`/`feeds enable`. */
  id: string;
  sourceId: string;
  url: string;
  everyMs: number;
  /** "registry": declared in sources/registry.json; "added": by `feeds add`. */
  origin: "registry" | "added";
}

export interface FeedState {
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  /** Reports stored from this feed (new or updated), over its lifetime. */
  itemsIngested: number;
  /** The most recent failure; kept after a later success, so an operator sees what went wrong last. */
  lastError?: { at: string; message: string };
  /** When the feed is due; absent until the first poll is scheduled. */
  nextPollAt?: string;
  /** Failures in a row; 0 after a success. */
  failures: number;
  disabled?: { at: string; reason: string };
  /** Validators from the last 200 answer, sent back as If-None-Match / If-Modified-Since. */
  etag?: string;
  lastModified?: string;
}

type Kv = Pick<Context, "store">["store"]["kv"];

const ADDED_KEY = "feed:added";
/** `feed:state:<id>` → FeedState */
export const stateKey = (id: string): string => `feed:state:${id}`;
/** `feed:seen:<id>` → keys (guid or link) of the items already handled, newest first */
export const seenKey = (id: string): string => `feed:seen:${id}`;

/** The id of a feed URL: the same feed spelled with "www.", a trailing slash or tracking parameters has one id. */
export function feedId(url: string): string {
  return createHash("sha256").update(normaliseUrl(url)).digest("hex").slice(0, 8);
}

/** A fresh state: never polled, due at once. */
export function emptyState(): FeedState {
  return { itemsIngested: 0, failures: 0 };
}

/** Every feed: the registry's (in registry order), then those added with `feeds add` (in the order added). */
export async function listFeeds(ctx: Pick<Context, "sources" | "store" | "config">): Promise<FeedDefinition[]> {
  const declared = registryFeeds(ctx);
  const ids = new Set(declared.map((f) => f.id));
  const added = ((await ctx.store.kv.get<FeedDefinition[]>(ADDED_KEY)) ?? []).filter((f) => !ids.has(f.id));
  return [...declared, ...added];
}

function registryFeeds(ctx: Pick<Context, "sources" | "config">): FeedDefinition[] {
  return ctx.sources.all().flatMap((s) =>
    (s.feeds ?? []).map((f) => ({
      id: feedId(f.url),
      sourceId: s.id,
      url: f.url,
      everyMs: (f.every && parseDuration(f.every)) || ctx.config.feeds.everyMs,
      origin: "registry" as const,
    })),
  );
}

/** The states of `ids`, in order (a fresh state for a feed never polled). */
export async function readStates(kv: Kv, ids: string[]): Promise<FeedState[]> {
  if (ids.length === 0) return [];
  const states = await kv.getMany<FeedState>(ids.map(stateKey));
  return states.map((s) => s ?? emptyState());
}

/** The feed an operator named by id or URL, or a UserError listing what exists. */
export function requireFeed(feeds: FeedDefinition[], idOrUrl: string): FeedDefinition {
  const wanted = idOrUrl.trim();
  const found = feeds.find((f) => f.id === wanted.toLowerCase()) ?? feeds.find((f) => /^https?:\/\//i.test(wanted) && f.id === feedId(wanted));
  if (found) return found;
  throw new UserError(`No feed "${wanted}".`, feeds.length ? ["See `sitrep feeds list` for the feeds and their ids."] : ["No feeds are configured yet: `sitrep feeds add SOURCE URL`."]);
}

/**
 * Adds a feed for a registry source (id, name or alias). Refuses a non-http(s) URL, a bad interval, and a
 * URL that is already a feed (added or declared in the registry). The feed is due at once.
 */
export async function addFeed(ctx: Pick<Context, "sources" | "store" | "config">, input: { source: string; url: string; every?: string }): Promise<FeedDefinition> {
  const sourceId = requireSource(ctx, input.source);
  const url = httpUrlOrThrow(input.url.trim(), input.url, "the feed URL").href;
  const everyMs = input.every === undefined ? ctx.config.feeds.everyMs : parseDuration(input.every);
  if (everyMs === undefined) throw new UserError(`--every must be ${DURATION_HINT}, not "${input.every}".`);
  const feed: FeedDefinition = { id: feedId(url), sourceId, url, everyMs, origin: "added" };
  const existing = (await listFeeds(ctx)).find((f) => f.id === feed.id);
  if (existing) {
    const where = existing.origin === "registry" ? "declared in sources/registry.json" : "already added";
    throw new UserError(`That feed is ${where} (id ${existing.id}, source ${existing.sourceId}).`);
  }
  const added = (await ctx.store.kv.get<FeedDefinition[]>(ADDED_KEY)) ?? [];
  await ctx.store.kv.set(ADDED_KEY, [...added, feed]);
  return feed;
}

/** Removes an added feed with its state and seen items. Registry feeds are removed by editing the registry. */
export async function removeFeed(ctx: Pick<Context, "sources" | "store" | "config">, idOrUrl: string): Promise<FeedDefinition> {
  const feed = requireFeed(await listFeeds(ctx), idOrUrl);
  if (feed.origin === "registry") {
    throw new UserError(`Feed ${feed.id} is declared in sources/registry.json (source ${feed.sourceId}); remove it there.`);
  }
  const added = (await ctx.store.kv.get<FeedDefinition[]>(ADDED_KEY)) ?? [];
  await ctx.store.kv.set(ADDED_KEY, added.filter((f) => f.id !== feed.id));
  await ctx.store.kv.deleteMany([stateKey(feed.id), seenKey(feed.id)]);
  return feed;
}

/** Re-enables a disabled feed (or one backing off): failures reset, due at once. Its history is kept. */
export async function enableFeed(ctx: Pick<Context, "sources" | "store" | "config" | "clock">, idOrUrl: string): Promise<FeedDefinition> {
  const feed = requireFeed(await listFeeds(ctx), idOrUrl);
  const [state] = await readStates(ctx.store.kv, [feed.id]);
  const { disabled: _disabled, ...rest } = state;
  await ctx.store.kv.set(stateKey(feed.id), { ...rest, failures: 0, nextPollAt: ctx.clock.now().toISOString() } satisfies FeedState);
  return feed;
}
