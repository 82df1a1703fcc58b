/**
 * Feeds declared per source in the registry data, and the feed state `/sources` shows: validated at load,
 * polled like added feeds, removed only by editing the data.
 */
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sources as sourcesCommand } from "../../commands/sources.ts";
import { renderReplyText } from "../../src/console/render-text.ts";
import type { Context } from "../../src/context.ts";
import { renderReply } from "../../src/discord/render.ts";
import { addFeed, listFeeds, removeFeed } from "../../src/feeds/feed-records.ts";
import { pollFeeds } from "../../src/feeds/poller.ts";
import { loadSourceRegistry } from "../../src/registry/sources.ts";
import { asUser, userErrorOf } from "../commands/invocation.ts";
import { FakeFeeds } from "../fakes/fake-feeds.ts";
import type { TempContext } from "../helpers/context.ts";
import { closeFeedRig, openFeedRig } from "../helpers/feed-rig.ts";
import { errorOf, scratchFiles } from "../helpers/data-files.ts";
import { fullItem } from "./stories.ts";

const REGISTRY = new URL("../../sources/registry.json", import.meta.url);
const write = scratchFiles("sitrep-feeds-registry-");
/** The registry loader reads each file once, so each test writes its own. */
let files = 0;

/** The real registry with `feeds` added to the sources named in `bySource`. */
function registryWith(bySource: Record<string, unknown>): { sources: { id: string; feeds?: unknown }[] } {
  const data = JSON.parse(readFileSync(REGISTRY, "utf8")) as { sources: { id: string; feeds?: unknown }[] };
  for (const source of data.sources) if (source.id in bySource) source.feeds = bySource[source.id];
  return data;
}

describe("feeds in the source registry", () => {
  let t: TempContext;
  let fake: FakeFeeds;
  let ctx: Context;
  beforeEach(async () => {
    ({ t, fake } = await openFeedRig());
    fake.feed("/sana.rss", "rss", [fullItem(0, fake.url("/s"))]);
    fake.answer("/sohr.rss", { status: 500 });
    const data = registryWith({ sana: [{ url: fake.url("/sana.rss"), every: "30m" }], sohr: [{ url: fake.url("/sohr.rss") }] });
    ctx = { ...t.ctx, sources: loadSourceRegistry(write(`registry-${++files}.json`, data)) };
  });
  afterEach(() => closeFeedRig(t, fake));

  it("are listed with their source and interval, polled, and cannot be removed or added again from the CLI", async () => {
    const feeds = await listFeeds(ctx);
    expect(feeds.map((f) => [f.sourceId, f.url, f.everyMs / 60_000, f.origin])).toEqual([
      ["sana", fake.url("/sana.rss"), 30, "registry"],
      ["sohr", fake.url("/sohr.rss"), 15, "registry"],
    ]);
    expect((await pollFeeds(ctx)).map((r) => r.status)).toEqual(["ok", "failed"]);
    expect((await userErrorOf(removeFeed(ctx, feeds[0].id))).message).toBe(`Feed ${feeds[0].id} is declared in sources/registry.json (source sana); remove it there.`);
    expect((await userErrorOf(addFeed(ctx, { source: "fna", url: fake.url("/sana.rss") }))).message).toBe(`That feed is declared in sources/registry.json (id ${feeds[0].id}, source sana).`);
  });

  it("show their state in /sources, on Discord and in the console", async () => {
    await pollFeeds(ctx, { random: () => 0 });
    const reply = await sourcesCommand.run(ctx, {}, asUser("1"));
    if (reply.kind !== "sources") throw new Error(`unexpected reply ${reply.kind}`);
    const sana = reply.sources.find((s) => s.view.id === "sana")!;
    expect(sana.feeds).toEqual([expect.objectContaining({ url: fake.url("/sana.rss"), every: "30m", itemsIngested: 1, lastSuccessAt: "2026-11-25T12:00:00.000Z" })]);
    expect(reply.sources.find((s) => s.view.id === "fna")!.feeds).toBeUndefined();

    const text = renderReplyText(reply, t.ctx.regions);
    expect(text).toContain(`  feed: ${fake.url("/sana.rss")} (feed`);
    expect(text).toContain("    last success 2026-11-25 12:00 UTC · 1 item ingested · next poll 2026-11-25 12:30 UTC");
    expect(text).toContain("    last error 2026-11-25 12:00 UTC: server answered 500 Internal Server Error");
    const discord = renderReply(reply)
      .flatMap((m) => m.embeds ?? [])
      .map((e) => e.description ?? "")
      .join("\n");
    expect(discord).toContain("↳ last success 2026-11-25 12:00 UTC · 1 item ingested");
    expect(discord).toContain("↳ last error 2026-11-25 12:00 UTC: server answered 500 Internal Server Error");
  });
});

describe("registry feed validation", () => {
  it("names the source and field of a bad feed URL or interval", () => {
    const message = errorOf(loadSourceRegistry, write("bad-feeds.json", registryWith({ sana: [{ url: "ftp://sana.sy/rss" }, { url: "https://sana.sy/rss", every: "5s" }] }))).message;
    expect(message).toMatch(/source "sana": feeds\[0\]\.url: /);
    expect(message).toMatch(/source "sana": feeds\[1\]\.every: expected a duration from 1m to 7d/);
  });
});
