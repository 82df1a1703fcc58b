/**
 * Feeds: 200 feeds × 20 items on the local feed server (loopback), polled in one cycle through the real
 * poller (conditional GET, parse, article fetch for summary-only feeds, analyze, near-duplicate check,
 * store, index). Half the feeds carry full content, half only summaries with an article page per item; the
 * formats rotate RSS, Atom, RDF. Then a second cycle with nothing changed (the server answers 304), and a
 * third where the server ignores the validators (every feed comes back whole): both must fetch no article
 * and ingest nothing. On a corpus smaller than the default, the feed count shrinks in proportion (≥ 5).
 */
import { pollFeeds } from "../src/feeds/poller.ts";
import { addFeed } from "../src/feeds/feed-records.ts";
import type { FeedPollResult } from "../src/feeds/poll-feed.ts";
import { articleHtml, FakeFeeds, type FakeItem, type FeedFormat } from "../test/fakes/fake-feeds.ts";
import { DEFAULT_PARAGRAPHS, generateCorpus } from "./corpus.ts";
import type { BenchSection, Metric } from "./section.ts";

const FEEDS = 200;
const ITEMS = 20;
const FORMATS: FeedFormat[] = ["rss", "atom", "rdf"];
const MB = 1024 * 1024;

interface Cycle {
  seconds: number;
  results: FeedPollResult[];
  /** Article pages the server served during the cycle. */
  articleHits: number;
  feedHits: number;
  notModified: number;
}

export const feedsSection: BenchSection = {
  name: "feeds",
  async run(env) {
    const feeds = Math.max(5, Math.min(FEEDS, Math.round((FEEDS * env.corpus.paragraphs) / DEFAULT_PARAGRAPHS)));
    const fake = await new FakeFeeds().start();
    try {
      const served = serveFeeds(fake, feeds, env.corpus.seed + 1, env.corpus.now);
      for (let i = 0; i < feeds; i++) await addFeed(env.ctx, { source: served.sources[i], url: fake.url(`/feeds/${i}`) });
      const reportsBefore = await env.ctx.store.count();

      const cycle = async (label: string): Promise<Cycle> => {
        const requestsBefore = fake.requests.length;
        const started = performance.now();
        const results = await pollFeeds(env.ctx, { dueOnly: false });
        const seconds = (performance.now() - started) / 1000;
        env.memory.sample();
        const requests = fake.requests.slice(requestsBefore);
        const failed = results.filter((r) => r.status === "failed");
        if (failed.length) throw new Error(`feeds ${label}: ${failed.length} feeds failed, e.g. ${failed[0].url}: ${failed[0].error}`);
        env.progress(`feeds: ${label} cycle of ${results.length} feeds in ${seconds.toFixed(1)} s`);
        return {
          seconds,
          results,
          articleHits: requests.filter((r) => r.path.startsWith("/articles/")).length,
          feedHits: requests.filter((r) => r.path.startsWith("/feeds/")).length,
          notModified: results.filter((r) => r.status === "not-modified").length,
        };
      };

      env.memory.mark();
      const first = await cycle("first");
      const firstPeak = env.memory.windowPeak();
      const second = await cycle("unchanged (304)");
      // The server now ignores If-None-Match / If-Modified-Since: every feed comes back whole, every item already seen.
      served.withoutValidators();
      const third = await cycle("unchanged (200, no validators)");
      const reports = (await env.ctx.store.count()) - reportsBefore;

      const sum = (c: Cycle, key: "newItems" | "stored" | "nearDuplicates" | "duplicates" | "articleFetches") => c.results.reduce((n, r) => n + r[key], 0);
      const skipped = first.results.reduce((n, r) => n + r.skipped.length, 0);
      const items = feeds * ITEMS;
      const metrics: Metric[] = [
        { name: "feeds: feeds × items", value: items, unit: "items", note: `${feeds} feeds × ${ITEMS}, half summary-only` },
        { name: "feeds: first cycle", value: first.seconds, unit: "s", note: `${first.feedHits} feed fetches, ${first.articleHits} article pages` },
        { name: "feeds: first cycle items/s", value: sum(first, "stored") / first.seconds, unit: "/s", note: `${sum(first, "stored")} stored, ${sum(first, "nearDuplicates")} near-duplicates, ${skipped} skipped` },
        { name: "feeds: first cycle peak RSS", value: firstPeak / MB, unit: "MB" },
        { name: "feeds: unchanged cycle (304)", value: second.seconds * 1000, unit: "ms", note: `${second.notModified} of ${feeds} answered 304` },
        { name: "feeds: unchanged cycle (200)", value: third.seconds * 1000, unit: "ms", note: "server ignores validators; items dedup by guid/link" },
        { name: "feeds: unchanged cycles' article fetches", value: second.articleHits + third.articleHits, unit: "", target: { op: "<=", value: 0 } },
        { name: "feeds: unchanged cycles' items ingested", value: sum(second, "newItems") + sum(third, "newItems") + sum(second, "stored") + sum(third, "stored"), unit: "", target: { op: "<=", value: 0 } },
      ];
      return {
        metrics,
        details: {
          feeds,
          itemsPerFeed: ITEMS,
          reportsStored: reports,
          first: summary(first),
          unchanged304: summary(second),
          unchanged200: summary(third),
          firstPeakRssMb: firstPeak / MB,
          skippedExamples: first.results.flatMap((r) => r.skipped).slice(0, 5),
        },
      };
    } finally {
      await fake.close();
    }
  },
};

function summary(c: Cycle) {
  const total = (key: "newItems" | "stored" | "nearDuplicates" | "duplicates" | "articleFetches") => c.results.reduce((n, r) => n + r[key], 0);
  return {
    seconds: c.seconds,
    feedFetches: c.feedHits,
    articlePages: c.articleHits,
    notModified: c.notModified,
    newItems: total("newItems"),
    stored: total("stored"),
    nearDuplicates: total("nearDuplicates"),
    alreadyStored: total("duplicates"),
  };
}

/**
 * Serves `feeds` feeds of ITEMS items made from bench corpus reports (a seed of their own): even feeds carry
 * the full text, odd feeds a summary and a link to the article page. Returns each feed's source and a switch
 * that re-serves the same feeds without validators.
 */
function serveFeeds(fake: FakeFeeds, feeds: number, seed: number, now: string) {
  const corpus = generateCorpus({ seed, now, paragraphs: Number.MAX_SAFE_INTEGER });
  const plan: { format: FeedFormat; items: FakeItem[] }[] = [];
  const sources: string[] = [];
  for (let f = 0; f < feeds; f++) {
    const items: FakeItem[] = [];
    let sourceId = "";
    for (let i = 0; i < ITEMS; i++) {
      const report = corpus.next().value!;
      sourceId ||= report.sourceId;
      const { title, paragraphs } = parseCorpusText(report.text);
      const link = fake.url(`/articles/${f}/${i}`);
      const summaryOnly = f % 2 === 1;
      if (summaryOnly) fake.page(`/articles/${f}/${i}`, articleHtml(title, paragraphs));
      items.push({
        guid: `bench-${f}-${i}`,
        title,
        link,
        date: report.writtenAt,
        summary: paragraphs[0].slice(0, 200),
        ...(summaryOnly ? {} : { content: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n") }),
      });
    }
    sources.push(sourceId);
    plan.push({ format: FORMATS[f % FORMATS.length], items });
  }
  plan.forEach((p, f) => fake.feed(`/feeds/${f}`, p.format, p.items));
  return {
    sources,
    withoutValidators: () => plan.forEach((p, f) => fake.feed(`/feeds/${f}`, p.format, p.items, { etag: false, lastModified: false })),
  };
}

/** The title and body paragraphs of a corpus report (front matter, then `-----`, then the body). */
function parseCorpusText(text: string): { title: string; paragraphs: string[] } {
  const [front, body] = text.split(/\n-----\n/);
  const title = /^Title: (.*)$/m.exec(front)?.[1] ?? "Untitled";
  return { title, paragraphs: body.split("\n").filter((line) => line.trim() !== "") };
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
