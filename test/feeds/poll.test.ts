/**
 * Polling feeds against the local feed server, on a real context (SQLite in a temp dir): what is stored,
 * what briefs and search show, what `feeds list` says, and how much work a repeated poll does.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildBrief } from "../../src/brief/province-brief.ts";
import { addFeed } from "../../src/feeds/feed-records.ts";
import { feedViews } from "../../src/feeds/feed-view.ts";
import { renderFeedList } from "../../src/feeds/feeds-command.ts";
import { pollFeeds } from "../../src/feeds/poller.ts";
import { articleHtml, FakeFeeds } from "../fakes/fake-feeds.ts";
import { tempContext, type TempContext } from "../helpers/context.ts";
import { closeFeedRig, FEED_TEST_NOW, openFeedRig } from "../helpers/feed-rig.ts";
import { fullItem, html, story } from "./stories.ts";

let t: TempContext;
let fake: FakeFeeds;

beforeEach(async () => void ({ t, fake } = await openFeedRig()));
afterEach(() => closeFeedRig(t, fake));

const pollAll = () => pollFeeds(t.ctx, { dueOnly: false, random: () => 0 });

describe("feed polling", () => {
  it("ingests RSS, Atom and RDF items with the item's date and link and the feed's source", async () => {
    fake.feed("/sana.rss", "rss", [fullItem(0, fake.url("/sana"), "2026-11-24T09:00:00Z")]);
    fake.feed("/sohr.atom", "atom", [fullItem(8, fake.url("/sohr"), "2026-11-23T18:30:00Z")]);
    // RDF carries no content:encoded here: the whole story is in the description, as plain text.
    const rdfStory = story(16);
    fake.feed("/npa.rdf", "rdf", [{ title: "Incident 16 in Aleppo", link: fake.url("/npa/16"), date: "2026-11-22T07:00:00Z", summary: rdfStory.paragraphs.join("\n") }]);
    await addFeed(t.ctx, { source: "sana", url: fake.url("/sana.rss") });
    await addFeed(t.ctx, { source: "Syrian Observatory", url: fake.url("/sohr.atom") });
    await addFeed(t.ctx, { source: "npa", url: fake.url("/npa.rdf") });

    const results = await pollAll();
    expect(results.map((r) => [r.status, r.stored, r.articleFetches])).toEqual([["ok", 1, 0], ["ok", 1, 0], ["ok", 1, 0]]);
    expect(await t.ctx.store.count()).toBe(3);

    const brief = await buildBrief(t.ctx, { province: "Aleppo", days: 7 });
    const bySource = Object.fromEntries(brief.sources.map((s) => [s.source.id, s.items]));
    expect(Object.keys(bySource).sort()).toEqual(["npa", "sana", "sohr"]);
    expect(bySource.sana[0]).toMatchObject({ publishedAt: "2026-11-24T09:00:00.000Z", url: fake.url("/sana/news/0"), reportTitle: "Incident 0 in Aleppo" });
    expect(bySource.sohr[0]).toMatchObject({ publishedAt: "2026-11-23T18:30:00.000Z", url: fake.url("/sohr/news/8") });
    expect(bySource.npa[0]).toMatchObject({ publishedAt: "2026-11-22T07:00:00.000Z", url: fake.url("/npa/16") });
    expect(bySource.npa[0].text).toMatch(/report 16\)/);
  });

  it("fetches the article page when the feed carries only a summary, and extracts the article from it", async () => {
    const s = story(3);
    fake.page("/articles/3", articleHtml("Incident 3 in Hama", s.paragraphs));
    fake.feed("/summary.rss", "rss", [{ guid: "a3", title: "Incident 3 in Hama", link: fake.url("/articles/3"), date: "2026-11-24T06:00:00Z", summary: "Residents of Hama reported shelling. Read more…" }]);
    await addFeed(t.ctx, { source: "enab-baladi", url: fake.url("/summary.rss") });

    const [result] = await pollAll();
    expect(result).toMatchObject({ status: "ok", items: 1, newItems: 1, stored: 1, articleFetches: 1 });
    expect(fake.hits("/articles/3")).toHaveLength(1);
    // Text only the page has (not the summary) is searchable, and the page's furniture is not.
    expect((await t.ctx.search.search({ text: story(3).paragraphs[2].split(" ").slice(4, 7).join(" ") })).total).toBe(1);
    expect((await t.ctx.search.search({ text: "rights reserved" })).total).toBe(0);
    const [item] = (await buildBrief(t.ctx, { province: "Hama", days: 7 })).sources[0].items;
    expect(item).toMatchObject({ reportTitle: "Incident 3 in Hama", url: fake.url("/articles/3"), publishedAt: "2026-11-24T06:00:00.000Z" });
  });

  it("ingests only new items when items repeat across polls, and counts them in `feeds list`", async () => {
    const base = fake.url("/repeat");
    fake.feed("/repeat.rss", "rss", [fullItem(1, base), fullItem(2, base)], { etag: false, lastModified: false });
    const feed = await addFeed(t.ctx, { source: "sana", url: fake.url("/repeat.rss") });
    expect((await pollAll())[0]).toMatchObject({ items: 2, newItems: 2, stored: 2 });

    // The next poll: one new item on top, the two old ones repeated; no validators, so a full 200.
    fake.feed("/repeat.rss", "rss", [fullItem(9, base), fullItem(1, base), fullItem(2, base)], { etag: false, lastModified: false });
    t.clock.advance(15 * 60_000);
    expect((await pollAll())[0]).toMatchObject({ status: "ok", items: 3, newItems: 1, stored: 1 });
    t.clock.advance(15 * 60_000);
    expect((await pollAll())[0]).toMatchObject({ status: "ok", items: 3, newItems: 0, stored: 0 });
    expect(await t.ctx.store.count()).toBe(3);

    const list = renderFeedList(t.ctx, await feedViews(t.ctx));
    expect(list).toContain("Syrian Arab News Agency (sana)");
    expect(list).toContain(`${fake.url("/repeat.rss")} (feed ${feed.id}, every 15m)`);
    expect(list).toContain("last success 2026-11-25 12:30 UTC · 3 items ingested · next poll 2026-11-25 12:45 UTC");
    expect(list).not.toMatch(/error|DISABLED/);
  });

  it("sends the ETag and Last-Modified back and does no work on a 304", async () => {
    const s = story(5);
    fake.page("/articles/5", articleHtml("Incident 5", s.paragraphs));
    fake.feed("/cond.rss", "rss", [{ guid: "c5", title: "Incident 5", link: fake.url("/articles/5"), summary: "Short." }]);
    await addFeed(t.ctx, { source: "sana", url: fake.url("/cond.rss") });
    await pollAll();
    const first = fake.hits("/cond.rss")[0];
    expect(first.headers["if-none-match"]).toBeUndefined();

    t.clock.advance(15 * 60_000);
    const [again] = await pollAll();
    expect(again).toMatchObject({ status: "not-modified", items: 0, newItems: 0, stored: 0, articleFetches: 0 });
    const second = fake.hits("/cond.rss")[1];
    expect(second.status).toBe(304);
    expect(second.headers["if-none-match"]).toMatch(/^"[0-9a-f]{16}"$/);
    expect(second.headers["if-modified-since"]).toBe("Tue, 24 Nov 2026 08:00:00 GMT");
    expect(fake.hits("/articles/5")).toHaveLength(1);
    const [view] = await feedViews(t.ctx);
    expect(view).toMatchObject({ lastSuccessAt: "2026-11-25T12:15:00.000Z", itemsIngested: 1, failures: 0 });
  });

  it("skips an item already stored from another feed or by hand without fetching its page", async () => {
    const s = story(6);
    fake.page("/articles/6", articleHtml("Incident 6", s.paragraphs));
    const item = { guid: "x6", title: "Incident 6", link: fake.url("/articles/6"), summary: "Short." };
    fake.feed("/one.rss", "rss", [item]);
    fake.feed("/two.rss", "rss", [{ ...item, guid: "other-guid" }]);
    await addFeed(t.ctx, { source: "sana", url: fake.url("/one.rss") });
    await pollAll();
    await addFeed(t.ctx, { source: "sana", url: fake.url("/two.rss") });
    const results = await pollAll();
    expect(results.find((r) => r.url.endsWith("/two.rss"))).toMatchObject({ newItems: 1, stored: 0, duplicates: 1, articleFetches: 0 });
    expect(fake.hits("/articles/6")).toHaveLength(1);
    expect(await t.ctx.store.count()).toBe(1);
  });

  it("logs and skips items that are not articles, binary or too large, and stores the rest of the feed", async () => {
    await t.cleanup();
    t = await tempContext(FEED_TEST_NOW, { MAX_INPUT_BYTES: String(64 * 1024) });
    fake.page("/nav-only", "<!doctype html><html><body><nav><a href='/'>Home</a></nav><footer>© Site</footer></body></html>");
    fake.answer("/report.pdf", { body: Buffer.from("%PDF-1.4 binary"), headers: { "content-type": "application/pdf" } });
    fake.answer("/photo", { body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), headers: { "content-type": "text/html" } });
    fake.page("/huge", articleHtml("Huge", Array.from({ length: 2000 }, (_, i) => `Paragraph ${i} of a page far over the limit.`)));
    fake.feed("/mixed.rss", "rss", [
      { guid: "m1", title: "Menu", link: fake.url("/nav-only"), summary: "x" },
      { guid: "m2", title: "PDF", link: fake.url("/report.pdf"), summary: "x" },
      { guid: "m3", title: "Image", link: fake.url("/photo"), summary: "x" },
      { guid: "m4", title: "Huge", link: fake.url("/huge"), summary: "x" },
      { guid: "m5", title: "No link", summary: "Just a line." },
      fullItem(7, fake.url("/ok")),
    ]);
    await addFeed(t.ctx, { source: "sana", url: fake.url("/mixed.rss") });
    const [result] = await pollAll();
    expect(result.status).toBe("ok");
    expect(result.stored).toBe(1);
    const reasons = Object.fromEntries(result.skipped.map((s) => [(s.item.startsWith("http") ? new URL(s.item).pathname : s.item), s.reason]));
    expect(reasons["/nav-only"]).toMatch(/no article text/);
    expect(reasons["/report.pdf"]).toMatch(/unsupported content type application\/pdf/);
    expect(reasons["/photo"]).toMatch(/PNG image, not text/);
    expect(reasons["/huge"]).toMatch(/over the limit of 64\.0 KB/);
    expect(reasons["No link"]).toMatch(/only a summary .* no link/);
    expect(await t.ctx.store.count()).toBe(1);
    expect((await t.ctx.search.search({ text: "Menu" })).total).toBe(0);

    // Skipped for good: the next poll does not fetch those pages again.
    await pollAll();
    expect(fake.hits("/nav-only")).toHaveLength(1);
    expect(fake.hits("/huge")).toHaveLength(1);
  });

  it("retries an item at the next poll when its page failed for a reason that may pass (a 503)", async () => {
    const s = story(4);
    fake.answer("/flaky", { status: 503 });
    fake.feed("/flaky.rss", "rss", [{ guid: "f1", title: "Incident 4", link: fake.url("/flaky"), summary: "Short." }]);
    await addFeed(t.ctx, { source: "sana", url: fake.url("/flaky.rss") });
    expect((await pollAll())[0].skipped).toEqual([{ item: fake.url("/flaky"), reason: "server answered 503 Service Unavailable" }]);
    fake.page("/flaky", articleHtml("Incident 4", s.paragraphs));
    expect((await pollAll())[0]).toMatchObject({ newItems: 1, stored: 1, skipped: [] });
  });

  it("reads a feed item's HTML content as the article, with its title from the feed", async () => {
    const s = story(10);
    fake.feed("/content.atom", "atom", [{ guid: "urn:10", title: "  Incident   10  ", link: fake.url("/c/10"), content: `<div>${html(s.paragraphs)}</div>` }]);
    await addFeed(t.ctx, { source: "sohr", url: fake.url("/content.atom") });
    await pollAll();
    const id = await t.ctx.store.idByUrl(fake.url("/c/10"));
    const report = await t.ctx.store.get(id!);
    expect(report).toMatchObject({ title: "Incident 10", sourceId: "sohr", publishedAtEstimated: true });
    expect(report!.paragraphs.map((p) => p.text)).toEqual(s.paragraphs);
  });
});
