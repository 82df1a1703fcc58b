/**
 * `sitrep feeds add|list|remove|enable|poll`: the operator's side of feeds. `poll` runs one cycle now (every
 * enabled feed, or `--due` only those whose time has come) and exits non-zero when a feed failed.
 */
import { Command } from "commander";
import type { Context } from "../context.ts";
import { formatDuration } from "./duration.ts";
import { addFeed, enableFeed, removeFeed } from "./feed-records.ts";
import { feedStatusLines, feedViews, type FeedView } from "./feed-view.ts";
import type { FeedPollResult } from "./poll-feed.ts";
import { pollFeeds } from "./poller.ts";

type WithContext = <T>(fn: (ctx: Context) => Promise<T>) => Promise<T>;

/** Feeds grouped under their source's name, each with its state lines. */
export function renderFeedList(ctx: Pick<Context, "sources">, views: FeedView[]): string {
  if (!views.length) return "No feeds configured. Add one with: sitrep feeds add SOURCE URL [--every 15m]";
  const bySource = new Map<string, FeedView[]>();
  for (const v of views) bySource.set(v.sourceId, [...(bySource.get(v.sourceId) ?? []), v]);
  return [...bySource]
    .map(([sourceId, list]) => {
      const name = ctx.sources.get(sourceId)?.name ?? sourceId;
      return [`${name} (${sourceId})`, ...list.flatMap((v) => feedStatusLines(v).map((line, i) => `${i === 0 ? "  " : "    "}${line}`))].join("\n");
    })
    .join("\n\n");
}

/** One line per polled feed, then its skipped items indented. */
export function renderPollResults(results: FeedPollResult[]): string {
  if (!results.length) return "No feed to poll (none configured, all disabled, or none due).";
  return results
    .flatMap((r) => {
      const head =
        r.status === "failed"
          ? `${r.feedId} failed: ${r.error}`
          : r.status === "not-modified"
            ? `${r.feedId} not modified`
            : `${r.feedId} ok: ${r.items} items, ${r.newItems} new, ${r.stored} stored${r.nearDuplicates ? ` (${r.nearDuplicates} near-duplicates)` : ""}, ${r.duplicates} already stored, ${r.articleFetches} article pages fetched`;
      return [`${head}  ${r.url}`, ...r.skipped.map((s) => `  skipped ${s.item}: ${s.reason}`)];
    })
    .join("\n");
}

/** The `feeds` command group; `withContext` opens and closes a context around each action. */
export function feedsCommand(withContext: WithContext, print: (text: string) => void): Command {
  const feeds = new Command("feeds").description("RSS/Atom/RDF feeds polled on a schedule: add, list, remove, enable, poll");

  feeds
    .command("add")
    .description("Poll a feed for a source")
    .argument("<source>", "source id, name or alias")
    .argument("<url>", "the feed's http(s) URL")
    .option("--every <interval>", "how often: 15m, 2h, 1d (default FEED_EVERY)")
    .action(async (source: string, url: string, opts: { every?: string }) => {
      await withContext(async (ctx) => {
        const feed = await addFeed(ctx, { source, url, every: opts.every });
        print(`Added feed ${feed.id}: ${feed.url} (source ${feed.sourceId}, every ${formatDuration(feed.everyMs)}). It is polled at the next tick of \`sitrep start\`, or now with \`sitrep feeds poll\`.`);
      });
    });

  feeds
    .command("list")
    .description("Every feed with its state: last success, items ingested, last error, next poll, disabled and why")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const views = await feedViews(ctx);
        print(opts.json ? JSON.stringify(views, null, 2) : renderFeedList(ctx, views));
      });
    });

  feeds
    .command("remove")
    .description("Stop polling a feed added with `feeds add` (its reports stay)")
    .argument("<feed>", "feed id or URL")
    .action(async (feed: string) => {
      await withContext(async (ctx) => {
        const removed = await removeFeed(ctx, feed);
        print(`Removed feed ${removed.id}: ${removed.url}`);
      });
    });

  feeds
    .command("enable")
    .description("Turn a disabled feed back on (failures reset, polled at the next tick)")
    .argument("<feed>", "feed id or URL")
    .action(async (feed: string) => {
      await withContext(async (ctx) => {
        const enabled = await enableFeed(ctx, feed);
        print(`Enabled feed ${enabled.id}: ${enabled.url}`);
      });
    });

  feeds
    .command("poll")
    .description("Poll feeds once now: every enabled feed, or only those due with --due")
    .option("--due", "only feeds whose next poll has come")
    .option("--json", "print JSON")
    .action(async (opts: { due?: boolean; json?: boolean }) => {
      await withContext(async (ctx) => {
        const results = await pollFeeds(ctx, { dueOnly: Boolean(opts.due) });
        print(opts.json ? JSON.stringify(results, null, 2) : renderPollResults(results));
        if (results.some((r) => r.status === "failed")) process.exitCode = 1;
      });
    });

  return feeds;
}
