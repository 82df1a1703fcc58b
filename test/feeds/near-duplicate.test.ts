/**
 * Near-duplicates: the same wire story on two outlets' feeds is stored twice but shown once in briefs, with
 * both sources named; distinct stories, even on the same topic, stay apart.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildBrief } from "../../src/brief/province-brief.ts";
import { renderBriefText } from "../../src/console/render-text.ts";
import { renderReply } from "../../src/discord/render.ts";
import { addFeed } from "../../src/feeds/feed-records.ts";
import { NEAR_DUPLICATE_THRESHOLD, signatureOf, similarity } from "../../src/pipeline/near-duplicate.ts";
import { pollFeeds } from "../../src/feeds/poller.ts";
import { storeDeduplicated } from "../../src/pipeline/store-deduplicated.ts";
import { articleHtml, FakeFeeds } from "../fakes/fake-feeds.ts";
import type { TempContext } from "../helpers/context.ts";
import { closeFeedRig, openFeedRig } from "../helpers/feed-rig.ts";
import { makeReport } from "../helpers/reports.ts";
import { story, WIRE_BODY, wireCopy } from "./stories.ts";

const paragraphs = (texts: string[]) => makeReport({ paragraphs: texts });

describe("near-duplicate signatures", () => {
  it("score two outlets' copies of a wire story above the threshold and distinct stories far below it", () => {
    const a = signatureOf(paragraphs(wireCopy("Asharq Al-Awsat", "Turkish drones hit Kurdish-led forces")))!;
    const b = signatureOf(paragraphs(wireCopy("Al Jazeera", "Four fighters killed in Turkish strikes in Raqqa")))!;
    // An edited copy: one paragraph cut, one sentence reworded.
    const edited = signatureOf(paragraphs([...WIRE_BODY.slice(0, 3), WIRE_BODY[4].replace("Hundreds of families", "Many families")]))!;
    expect(similarity(a, b)).toBeGreaterThan(0.75);
    expect(similarity(a, edited)).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD);
    for (const n of [1, 2, 9]) expect(similarity(a, signatureOf(paragraphs(story(n).paragraphs))!)).toBeLessThan(0.1);
    expect(similarity(signatureOf(paragraphs(story(1).paragraphs))!, signatureOf(paragraphs(story(9).paragraphs))!)).toBeLessThan(0.2);
  });

  it("leave a text too short to judge without a signature", () => {
    expect(signatureOf(paragraphs(["Clashes in Idlib today, monitors said."]))).toBeUndefined();
  });
});

describe("the same story on two feeds", () => {
  let t: TempContext;
  let fake: FakeFeeds;
  beforeEach(async () => void ({ t, fake } = await openFeedRig()));
  afterEach(() => closeFeedRig(t, fake));

  it("is shown once in the brief, naming both sources, and both copies stay searchable", async () => {
    fake.page("/awsat/drones", articleHtml("Turkish drones hit Kurdish-led forces", wireCopy("Asharq Al-Awsat", "Turkish drones hit Kurdish-led forces"), "Asharq Al-Awsat"));
    fake.page("/aj/strikes", articleHtml("Four fighters killed in Turkish strikes", wireCopy("Al Jazeera", "Four fighters killed in Turkish strikes"), "Al Jazeera"));
    const s = story(6);
    fake.page("/aj/other", articleHtml("Other news", s.paragraphs));
    fake.feed("/awsat.rss", "rss", [{ guid: "aw1", title: "Turkish drones hit Kurdish-led forces", link: fake.url("/awsat/drones"), date: "2026-11-24T08:00:00Z", summary: "Drones struck…" }]);
    fake.feed("/aj.atom", "atom", [
      { guid: "aj1", title: "Four fighters killed in Turkish strikes", link: fake.url("/aj/strikes"), date: "2026-11-24T09:30:00Z", summary: "At least four…" },
      { guid: "aj2", title: "Other news", link: fake.url("/aj/other"), date: "2026-11-24T10:00:00Z", summary: "Short." },
    ]);
    await addFeed(t.ctx, { source: "asharq-al-awsat", url: fake.url("/awsat.rss") });
    await addFeed(t.ctx, { source: "aljazeera", url: fake.url("/aj.atom") });

    // Both feeds in one cycle, fetched at the same time: the second copy still finds the first.
    const results = await pollFeeds(t.ctx, { concurrency: 2 });
    expect(results.reduce((n, r) => n + r.nearDuplicates, 0)).toBe(1);
    expect(await t.ctx.store.count()).toBe(3);

    const brief = await buildBrief(t.ctx, { province: "Raqqa", days: 7 });
    const items = brief.sources.flatMap((g) => g.items.map((item) => ({ source: g.source.name, item })));
    const reports = new Set(items.map((i) => i.item.report));
    expect(reports.size).toBe(1);
    const [shown] = items;
    const other = shown.source === "Asharq Al-Awsat" ? "Al Jazeera" : "Asharq Al-Awsat";
    expect(items.every((i) => i.item.alsoReportedBy?.join() === other)).toBe(true);
    expect(renderBriefText(brief)).toContain(`(also reported by ${other})`);
    const discord = JSON.stringify(renderReply({ kind: "brief", brief }));
    expect(discord).toContain(`also reported by ${other}`);

    const stored = await t.ctx.store.get([...reports][0]);
    expect(stored!.alsoReportedBy).toEqual([expect.objectContaining({ sourceId: shown.source === "Al Jazeera" ? "asharq-al-awsat" : "aljazeera", report: expect.any(String) })]);
    const copy = await t.ctx.store.get(stored!.alsoReportedBy![0].report!);
    expect(copy!.duplicateOf).toBe(stored!.id);
    expect((await t.ctx.search.search({ text: "Ain Issa" })).total).toBe(2);
  });

  it("names the other source when its copy is word for word the same (the store keeps one report)", async () => {
    const text = WIRE_BODY.map((p) => ({ text: p, provinces: ["SY-RA"] }));
    const first = makeReport({ paragraphs: text, sourceId: "afp", url: "https://afp.com/a", publishedAt: "2026-11-24T08:00:00.000Z" });
    const second = makeReport({ paragraphs: text, sourceId: "reuters", url: "https://reuters.com/b", publishedAt: "2026-11-24T09:00:00.000Z", id: "b0b0b0b0b0b0" });
    await storeDeduplicated(t.ctx, [first]);
    const [outcome] = await storeDeduplicated(t.ctx, [second]);
    expect(outcome).toMatchObject({ status: "duplicate", id: first.id });
    expect(await t.ctx.store.count()).toBe(1);
    const brief = await buildBrief(t.ctx, { province: "Raqqa", days: 7 });
    expect(brief.sources.map((s) => s.source.id)).toEqual(["afp"]);
    expect(brief.sources[0].items[0].alsoReportedBy).toEqual(["Reuters"]);
  });

  it("shows the copy as it is when the first report is outside the brief's window or filtered out", async () => {
    const body = WIRE_BODY.map((p) => ({ text: p, provinces: ["SY-RA"] }));
    const old = makeReport({ paragraphs: body, sourceId: "afp", url: "https://afp.com/old", publishedAt: "2026-11-01T08:00:00.000Z" });
    const copy = makeReport({ paragraphs: [...body, { text: "Republished with permission from AFP; all rights belong to the agency and its photographers." }], sourceId: "aljazeera", url: "https://aljazeera.com/c", publishedAt: "2026-11-24T08:00:00.000Z" });
    await storeDeduplicated(t.ctx, [old]);
    const [outcome] = await storeDeduplicated(t.ctx, [copy]);
    expect(outcome.nearDuplicateOf).toBe(old.id);
    expect((await buildBrief(t.ctx, { province: "Raqqa", days: 7 })).sources.map((s) => s.source.id)).toEqual(["aljazeera"]);
    const month = await buildBrief(t.ctx, { province: "Raqqa", days: 30 });
    expect(month.sources.map((s) => s.source.id)).toEqual(["afp"]);
    expect((await buildBrief(t.ctx, { province: "Raqqa", days: 30, source: "aljazeera" })).sources.map((s) => s.source.id)).toEqual(["aljazeera"]);
  });
});
