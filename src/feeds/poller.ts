/**
 * The feed poller: one node-cron job ticks every minute; each tick starts the feeds that are due (next poll
 * reached, not disabled, not already being polled) through a concurrency limit (FEED_CONCURRENCY). A tick
 * does not wait for its polls, so a slow or failing feed holds one slot for at most its fetch timeout while
 * the others go on, and the next tick still starts the feeds that fall due. Jitter on every next poll (see
 * poll-feed.ts) keeps feeds from being fetched all at once. `pollFeeds` runs one cycle and waits for it
 * (`sitrep feeds poll`, tests, the benchmark).
 */
import cron, { type ScheduledTask } from "node-cron";
import type { Context } from "../context.ts";
import { listFeeds, readStates, type FeedDefinition, type FeedState } from "./feed-records.ts";
import { createLimiter } from "./limiter.ts";
import { pollFeed, type FeedPollResult } from "./poll-feed.ts";

export interface PollOptions {
  /** Only feeds whose next poll has come (default). False polls every enabled feed now. */
  dueOnly?: boolean;
  /** Only these feed ids. */
  ids?: string[];
  /** Feeds fetched at once (default FEED_CONCURRENCY). */
  concurrency?: number;
  /** 0 ≤ x < 1, for jitter; Math.random by default. */
  random?: () => number;
}

export interface FeedPoller {
  /** Starts the feeds that are due now; resolves when those polls are done (the cron job does not wait). */
  tick(): Promise<FeedPollResult[]>;
  /** Stops ticking, drops polls still waiting for a slot, and waits for those already running. */
  stop(): Promise<void>;
}

/** The feeds to poll now, with their states. */
async function selectFeeds(ctx: Context, options: PollOptions): Promise<{ feed: FeedDefinition; state: FeedState }[]> {
  const feeds = (await listFeeds(ctx)).filter((f) => !options.ids || options.ids.includes(f.id));
  const states = await readStates(ctx.store.kv, feeds.map((f) => f.id));
  const now = ctx.clock.now().getTime();
  return feeds
    .map((feed, i) => ({ feed, state: states[i] }))
    .filter(({ state }) => !state.disabled && (options.dueOnly === false || !state.nextPollAt || Date.parse(state.nextPollAt) <= now));
}

/**
 * Runs polls through one limit, never two polls of the same feed at once. Once `stopped()` is true, polls
 * still waiting for a slot are dropped; those already running finish.
 */
function createRunner(ctx: Context, options: PollOptions, stopped: () => boolean = () => false) {
  const limit = createLimiter(options.concurrency ?? ctx.config.feeds.concurrency);
  const inFlight = new Map<string, Promise<FeedPollResult | undefined>>();
  return {
    run(selected: { feed: FeedDefinition; state: FeedState }[]): Promise<FeedPollResult[]> {
      const started = selected
        .filter(({ feed }) => !inFlight.has(feed.id))
        .map(({ feed, state }) => {
          const poll = limit(async () => (stopped() ? undefined : pollFeed(ctx, feed, state, { random: options.random }))).finally(() => inFlight.delete(feed.id));
          inFlight.set(feed.id, poll);
          return poll;
        });
      return Promise.all(started).then((results) => results.filter((r): r is FeedPollResult => r !== undefined));
    },
  };
}

/** Polls the selected feeds once (see PollOptions) and resolves with each feed's result. */
export async function pollFeeds(ctx: Context, options: PollOptions = {}): Promise<FeedPollResult[]> {
  return createRunner(ctx, options).run(await selectFeeds(ctx, options));
}

/**
 * Starts the poller: one cron job (every minute), plus a first tick at once unless `immediate` is false.
 * `schedule` is a node-cron expression, for tests.
 */
export function startFeedPoller(ctx: Context, options: PollOptions & { schedule?: string; immediate?: boolean } = {}): FeedPoller {
  let stopped = false;
  const runner = createRunner(ctx, options, () => stopped);
  const ticks = new Set<Promise<FeedPollResult[]>>();
  const run = async (): Promise<FeedPollResult[]> => {
    try {
      return await runner.run(await selectFeeds(ctx, { ...options, dueOnly: true }));
    } catch (error) {
      ctx.logger.error({ err: error }, "feed poller tick failed");
      return [];
    }
  };
  const tick = (): Promise<FeedPollResult[]> => {
    if (stopped) return Promise.resolve([]);
    const pending = run().finally(() => ticks.delete(pending));
    ticks.add(pending);
    return pending;
  };
  const task: ScheduledTask = cron.schedule(options.schedule ?? "* * * * *", () => void tick(), {
    name: "sitrep-feeds",
    logger: {
      info: (message) => ctx.logger.debug({ cron: "feeds" }, message),
      warn: (message) => ctx.logger.debug({ cron: "feeds" }, message),
      error: (message, err) => ctx.logger.error({ cron: "feeds", err }, String(message)),
      debug: (message) => ctx.logger.debug({ cron: "feeds" }, String(message)),
    },
  });
  if (options.immediate !== false) void tick();
  return {
    tick,
    async stop() {
      stopped = true;
      await task.destroy();
      await Promise.allSettled([...ticks]);
    },
  };
}
