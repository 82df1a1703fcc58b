/**
 * Feeds that fail: each fault the local feed server can produce ends in a failed poll with a reason that
 * `feeds list` shows; failing feeds back off 5 min × 2ⁿ and are disabled after FEED_MAX_FAILURES (time driven
 * by the test's clock); a slow feed does not hold the others up.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addFeed, enableFeed } from "../../src/feeds/feed-records.ts";
import { feedViews } from "../../src/feeds/feed-view.ts";
import { renderFeedList } from "../../src/feeds/feeds-command.ts";
import { backoffMs } from "../../src/feeds/poll-feed.ts";
import { pollFeeds } from "../../src/feeds/poller.ts";
import { FakeFeeds, rssXml } from "../fakes/fake-feeds.ts";
import type { TempContext } from "../helpers/context.ts";
import { closeFeedRig, openFeedRig } from "../helpers/feed-rig.ts";
import { fullItem } from "./stories.ts";

let t: TempContext;
let fake: FakeFeeds;
const MINUTE = 60_000;

async function setUp(env: Record<string, string>) {
  ({ t, fake } = await openFeedRig(env));
}
afterEach(() => closeFeedRig(t, fake));

describe("failing feeds", () => {
  beforeEach(() => setUp({ FETCH_TIMEOUT_MS: "300", FEED_CONCURRENCY: "16" }));

  it("fail with the reason for each fault, shown by `feeds list`, while a healthy feed in the same cycle is stored", async () => {
    const RSS = { "content-type": "application/rss+xml" };
    fake.answer("/malformed", { body: '<?xml version="1.0"?><rss><channel><title>Broken<item><title>x</title></ite', headers: RSS });
    fake.answer("/not-a-feed", { body: '<?xml version="1.0"?><catalog><book>Not a feed</book></catalog>', headers: { "content-type": "application/xml" } });
    fake.huge("/huge", 6 * 1024 * 1024);
    fake.answer("/slow", { delayMs: 1500, body: rssXml([]), headers: RSS });
    fake.answer("/error", { status: 500 });
    fake.redirect("/loop-a", "/loop-b").redirect("/loop-b", "/loop-a");
    fake.page("/web-page", "<html><body><p>A page, not a feed</p></body></html>");
    fake.answer("/image", { body: Buffer.from([0x89, 0x50, 0x4e, 0x47]), headers: { "content-type": "image/png" } });
    fake.feed("/healthy", "rss", [fullItem(1, fake.url("/h"))]);
    const expected: Record<string, RegExp> = {
      "/malformed": /^malformed feed: .+/,
      "/not-a-feed": /^malformed feed: no RSS, Atom or RDF feed in it$/,
      "/huge": /^input is over the limit of 5\.0 MB \(5242880 bytes\), set by MAX_INPUT_BYTES; stopped reading there$/,
      "/slow": /^timed out after 300 ms$/,
      "/error": /^server answered 500 Internal Server Error$/,
      "/loop-a": /^too many redirects \(more than 5\); the redirects go round in a loop$/,
      "/web-page": /^unsupported content type text\/html \(a web page; give the feed's own URL\): expected an RSS, Atom or RDF feed/,
      "/image": /^unsupported content type image\/png: expected an RSS, Atom or RDF feed/,
    };
    for (const path of [...Object.keys(expected), "/healthy"]) await addFeed(t.ctx, { source: "sana", url: fake.url(path) });

    const results = await pollFeeds(t.ctx, { random: () => 0 });
    for (const [path, reason] of Object.entries(expected)) {
      const result = results.find((r) => r.url === fake.url(path))!;
      expect(result.status, path).toBe("failed");
      expect(result.error, path).toMatch(reason);
    }
    expect(results.find((r) => r.url === fake.url("/healthy"))).toMatchObject({ status: "ok", stored: 1 });
    expect(await t.ctx.store.count()).toBe(1);

    const list = renderFeedList(t.ctx, await feedViews(t.ctx));
    expect(list).toContain(`${fake.url("/error")} (feed`);
    expect(list).toContain("last success never · 0 items ingested · next poll 2026-11-25 12:05 UTC · 1 failure in a row, backing off");
    expect(list).toContain("last error 2026-11-25 12:00 UTC: server answered 500 Internal Server Error");
    expect(list).toContain("last error 2026-11-25 12:00 UTC: timed out after 300 ms");
  });

  it("back off 5 min × 2ⁿ, are disabled after FEED_MAX_FAILURES with the reason shown, and recover when enabled", async () => {
    await fake.close();
    await t.cleanup();
    await setUp({ FEED_MAX_FAILURES: "3" });
    fake.answer("/down", { status: 500 });
    const feed = await addFeed(t.ctx, { source: "sana", url: fake.url("/down") });
    const due = () => pollFeeds(t.ctx, { random: () => 0 });
    const view = async () => (await feedViews(t.ctx))[0];

    expect((await due()).map((r) => r.status)).toEqual(["failed"]);
    expect(await view()).toMatchObject({ failures: 1, nextPollAt: "2026-11-25T12:05:00.000Z" });
    t.clock.advance(4 * MINUTE);
    expect(await due()).toEqual([]);
    expect(fake.hits("/down")).toHaveLength(1);

    t.clock.set("2026-11-25T12:05:00Z");
    expect((await due()).map((r) => r.status)).toEqual(["failed"]);
    expect(await view()).toMatchObject({ failures: 2, nextPollAt: "2026-11-25T12:15:00.000Z" });

    t.clock.set("2026-11-25T12:15:00Z");
    await due();
    const disabled = await view();
    expect(disabled).toMatchObject({
      failures: 3,
      disabled: { at: "2026-11-25T12:15:00.000Z", reason: "3 failures in a row (FEED_MAX_FAILURES is 3); last: server answered 500 Internal Server Error" },
    });
    expect(disabled.nextPollAt).toBeUndefined();
    expect(renderFeedList(t.ctx, [disabled])).toContain(
      `DISABLED since 2026-11-25 12:15 UTC: 3 failures in a row (FEED_MAX_FAILURES is 3); last: server answered 500 Internal Server Error (0 items ingested; turn it back on with: sitrep feeds enable ${feed.id})`,
    );

    // Disabled: never polled again, due or not, until an operator turns it back on.
    t.clock.advance(24 * 60 * MINUTE);
    expect(await due()).toEqual([]);
    expect(await pollFeeds(t.ctx, { dueOnly: false })).toEqual([]);
    expect(fake.hits("/down")).toHaveLength(3);

    fake.feed("/down", "rss", [fullItem(2, fake.url("/d"))]);
    await enableFeed(t.ctx, feed.id);
    expect((await due()).map((r) => [r.status, r.stored])).toEqual([["ok", 1]]);
    const recovered = await view();
    expect(recovered).toMatchObject({ failures: 0, itemsIngested: 1, lastSuccessAt: "2026-11-26T12:15:00.000Z" });
    expect(recovered.disabled).toBeUndefined();
    // The last error stays visible after the recovery.
    expect(recovered.lastError).toEqual({ at: "2026-11-25T12:15:00.000Z", message: "server answered 500 Internal Server Error" });
  });

  it("compute the back-off as 5, 10, 20, 40 minutes… capped at a day", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n) / MINUTE)).toEqual([5, 10, 20, 40, 80]);
    expect(backoffMs(30) / MINUTE).toBe(24 * 60);
  });
});

describe("a slow feed", () => {
  beforeEach(() => setUp({ FETCH_TIMEOUT_MS: "1000", FEED_CONCURRENCY: "2" }));

  it("holds one slot until its timeout while the other feeds are fetched and stored", async () => {
    fake.answer("/slow", { delayMs: 5000 });
    await addFeed(t.ctx, { source: "sana", url: fake.url("/slow") });
    for (const n of [1, 2, 3, 4]) {
      fake.feed(`/ok${n}`, "rss", [fullItem(n, fake.url(`/ok${n}`))]);
      await addFeed(t.ctx, { source: "sohr", url: fake.url(`/ok${n}`) });
    }
    const started = Date.now();
    const results = await pollFeeds(t.ctx);
    const slow = fake.hits("/slow")[0].at;
    for (const n of [1, 2, 3, 4]) expect(fake.hits(`/ok${n}`)[0].at - slow).toBeLessThan(900);
    expect(results.filter((r) => r.status === "ok")).toHaveLength(4);
    expect(results.find((r) => r.url.endsWith("/slow"))).toMatchObject({ status: "failed", error: "timed out after 1 s" });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(await t.ctx.store.count()).toBe(4);
  });
});
