/** The scheduled poller: first tick at start, only due feeds afterwards, the concurrency limit, jitter, cron, stop. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addFeed } from "../../src/feeds/feed-records.ts";
import { feedViews } from "../../src/feeds/feed-view.ts";
import { startFeedPoller } from "../../src/feeds/poller.ts";
import { FakeFeeds, rssXml } from "../fakes/fake-feeds.ts";
import type { TempContext } from "../helpers/context.ts";
import { closeFeedRig, openFeedRig } from "../helpers/feed-rig.ts";
import { fullItem } from "./stories.ts";

let t: TempContext;
let fake: FakeFeeds;
const MINUTE = 60_000;
/** A cron expression that never fires during a test (midnight on 1 January). */
const NEVER = "0 0 1 1 *";

beforeEach(async () => void ({ t, fake } = await openFeedRig({ FEED_CONCURRENCY: "2" })));
afterEach(() => closeFeedRig(t, fake));

async function addFeeds(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    fake.feed(`/f${i}`, "rss", [fullItem(i, fake.url(`/f${i}`))]);
    await addFeed(t.ctx, { source: "sana", url: fake.url(`/f${i}`) });
  }
}

describe("the feed poller", () => {
  it("polls every due feed at start, and `stop` waits for those polls to finish", async () => {
    await addFeeds(3);
    const poller = startFeedPoller(t.ctx, { schedule: NEVER, random: () => 0 });
    // Stop as soon as the three fetches have gone out: their polls are still running.
    while (fake.requests.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await poller.stop();
    const views = await feedViews(t.ctx);
    expect(views.map((v) => [v.lastSuccessAt, v.itemsIngested, v.nextPollAt])).toEqual(Array(3).fill(["2026-11-25T12:00:00.000Z", 1, "2026-11-25T12:15:00.000Z"]));
    expect(await t.ctx.store.count()).toBe(3);
    expect(await poller.tick()).toEqual([]);
  });

  it("polls only the feeds whose time has come, with jitter on the next poll", async () => {
    await addFeeds(1);
    fake.feed("/hourly", "rss", [fullItem(9, fake.url("/h"))]);
    await addFeed(t.ctx, { source: "sohr", url: fake.url("/hourly"), every: "1h" });
    const poller = startFeedPoller(t.ctx, { schedule: NEVER, immediate: false, random: () => 0.5 });
    try {
      expect((await poller.tick()).map((r) => r.url)).toEqual([fake.url("/f0"), fake.url("/hourly")]);
      // Half of the jitter range, which is 10% of the interval and at most 5 minutes: +45 s, +2 min 30 s.
      expect((await feedViews(t.ctx)).map((v) => v.nextPollAt)).toEqual(["2026-11-25T12:15:45.000Z", "2026-11-25T13:02:30.000Z"]);
      t.clock.set("2026-11-25T12:15:00Z");
      expect(await poller.tick()).toEqual([]);
      t.clock.set("2026-11-25T12:16:00Z");
      expect((await poller.tick()).map((r) => [r.url, r.status])).toEqual([[fake.url("/f0"), "not-modified"]]);
      t.clock.advance(60 * MINUTE);
      expect((await poller.tick()).map((r) => r.url)).toEqual([fake.url("/f0"), fake.url("/hourly")]);
    } finally {
      await poller.stop();
    }
  });

  it("fetches at most FEED_CONCURRENCY feeds at once and never polls a feed twice at the same time", async () => {
    let active = 0;
    let most = 0;
    for (let i = 0; i < 6; i++) {
      fake.handle(`/slow${i}`, async (_req, res) => {
        most = Math.max(most, ++active);
        await new Promise((resolve) => setTimeout(resolve, 100));
        active--;
        res.writeHead(200, { "content-type": "application/rss+xml" }).end(rssXml([]));
        return 200;
      });
      await addFeed(t.ctx, { source: "sana", url: fake.url(`/slow${i}`) });
    }
    const poller = startFeedPoller(t.ctx, { schedule: NEVER, immediate: false });
    try {
      const first = poller.tick();
      // A second tick while the first is running starts nothing: every due feed is already in flight.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await poller.tick()).toEqual([]);
      expect(await first).toHaveLength(6);
      expect(most).toBe(2);
      expect(fake.requests).toHaveLength(6);
    } finally {
      await poller.stop();
    }
  });

  it("ticks on its node-cron schedule", async () => {
    await addFeeds(1);
    const poller = startFeedPoller(t.ctx, { schedule: "* * * * * *", immediate: false });
    try {
      for (let waited = 0; fake.requests.length === 0 && waited < 3000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(fake.hits("/f0").length).toBeGreaterThanOrEqual(1);
    } finally {
      await poller.stop();
    }
    expect((await feedViews(t.ctx))[0].itemsIngested).toBe(1);
  });
});
