/** Feed definitions an operator gives: what is refused and why, intervals, ids, and the feed settings in the config. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { formatDuration, parseDuration } from "../../src/feeds/duration.ts";
import { addFeed, enableFeed, feedId, listFeeds, removeFeed } from "../../src/feeds/feed-records.ts";
import { userErrorOf } from "../commands/invocation.ts";
import { tempContext } from "../helpers/context.ts";

describe("feed intervals", () => {
  it("read 1m to 7d and print back in the largest exact unit", () => {
    expect(["15m", "90 min", "2h", "1d", "7d", "1m"].map((d) => formatDuration(parseDuration(d)!))).toEqual(["15m", "90m", "2h", "1d", "7d", "1m"]);
    expect(["10s", "0m", "8d", "15", "m", "", "1.5h"].map(parseDuration)).toEqual(Array(7).fill(undefined));
  });

  it("come from FEED_EVERY, with the feed limits, and a bad value is named", () => {
    const config = loadConfig({ FEED_EVERY: "2h", FEED_MAX_FAILURES: "3", FEED_CONCURRENCY: "4", ALLOW_PRIVATE_URLS: "true" }, { dotenv: false });
    expect(config.feeds).toEqual({ everyMs: 2 * 3_600_000, maxFailures: 3, concurrency: 4 });
    expect(config.allowPrivateUrls).toBe(true);
    expect(loadConfig({}, { dotenv: false })).toMatchObject({ feeds: { everyMs: 900_000, maxFailures: 8, concurrency: 8 }, allowPrivateUrls: false });
    const error = (() => {
      try {
        loadConfig({ FEED_EVERY: "30s", ALLOW_PRIVATE_URLS: "maybe", FEED_MAX_FAILURES: "0" }, { dotenv: false });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.join("\n")).toMatch(/FEED_EVERY: expected a duration from 1m to 7d/);
    expect(error!.problems.join("\n")).toMatch(/ALLOW_PRIVATE_URLS: /);
    expect(error!.problems.join("\n")).toMatch(/FEED_MAX_FAILURES: /);
  });
});

describe("adding and removing feeds", () => {
  let t: Awaited<ReturnType<typeof tempContext>>;
  beforeEach(async () => {
    t = await tempContext();
  });
  afterEach(() => t.cleanup());

  it("refuses a bad URL, interval or source with a message saying what is wrong", async () => {
    expect((await userErrorOf(addFeed(t.ctx, { source: "sana", url: "ftp://sana.sy/rss" }))).message).toBe("ftp://sana.sy/rss: the feed URL uses ftp; only http and https URLs are supported");
    expect((await userErrorOf(addFeed(t.ctx, { source: "sana", url: "not a url" }))).message).toBe("not a url: the feed URL is not a valid URL");
    expect((await userErrorOf(addFeed(t.ctx, { source: "sana", url: "https://sana.sy/rss", every: "10s" }))).message).toBe('--every must be a duration from 1m to 7d, such as 15m, 2h or 1d, not "10s".');
    expect((await userErrorOf(addFeed(t.ctx, { source: "nobody", url: "https://sana.sy/rss" }))).message).toBe('Unknown source "nobody".');
    expect(await listFeeds(t.ctx)).toEqual([]);
  });

  it("gives one id to one feed however its URL is spelled, and names unknown feeds", async () => {
    const feed = await addFeed(t.ctx, { source: "Fars", url: "https://www.farsnews.ir/rss/?utm_source=x" });
    expect(feed).toMatchObject({ sourceId: "fna", everyMs: 900_000, origin: "added", id: feedId("https://farsnews.ir/rss") });
    expect((await userErrorOf(addFeed(t.ctx, { source: "fna", url: "http://farsnews.ir/rss" }))).message).toBe(`That feed is already added (id ${feed.id}, source fna).`);
    expect((await userErrorOf(removeFeed(t.ctx, "deadbeef"))).message).toBe('No feed "deadbeef".');
    expect((await userErrorOf(enableFeed(t.ctx, "https://elsewhere.example/rss"))).message).toBe('No feed "https://elsewhere.example/rss".');
    expect(await removeFeed(t.ctx, "https://farsnews.ir/rss")).toMatchObject({ id: feed.id });
    expect(await listFeeds(t.ctx)).toEqual([]);
  });
});
