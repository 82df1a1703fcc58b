import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.ts";
import { openSearchIndex, type PlaceMatcher, type SearchIndex } from "../../src/search/search-index.ts";
import { MATCH_CLOSE, MATCH_OPEN, type Report } from "../../src/types.ts";
import { makeReport, mention } from "../helpers/reports.ts";

/** A tiny gazetteer: every listed spelling (any case) of a place maps to its id; province ids are "sy" + two letters. */
class FakePlaces implements PlaceMatcher {
  constructor(private readonly names: Record<string, string>) {}
  match(text: string) {
    const lower = text.toLowerCase();
    const found: ReturnType<PlaceMatcher["match"]> = [];
    for (const [name, id] of Object.entries(this.names)) {
      for (let at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + 1)) {
        found.push({ start: at, end: at + name.length, id, province: /^sy[a-z]{2}$/.test(id) });
      }
    }
    return found;
  }
}

const places = new FakePlaces({ "deir ezzur": "g170794", "deir ez-zor": "g170794", aleppo: "syhl", halab: "syhl" });
const mark = (word: string) => `${MATCH_OPEN}${word}${MATCH_CLOSE}`;

const deirText = "Clashes erupted in Deir ez-Zor between tribal fighters and the SDF.";
const corpus: Report[] = [
  makeReport({
    id: "r1",
    sourceId: "sana",
    provinces: ["SY-HL"],
    publishedAt: "2024-03-01T09:00:00Z",
    paragraphs: [
      "Syrian army units repelled a terrorist attack in the eastern countryside of Aleppo.",
      { text: "Army engineers dismantled explosive devices near al-Bab.", inherited: true },
    ],
  }),
  makeReport({
    id: "r2",
    sourceId: "sohr",
    provinces: ["SY-ID"],
    publishedAt: "2024-03-05T09:00:00Z",
    paragraphs: [
      "Regime shelling hit Jisr al-Shughur, killing three civilians.",
      "The shelling continued overnight in the countryside of Idlib.",
    ],
  }),
  makeReport({
    id: "r3",
    sourceId: null,
    provinces: ["SY-DY"],
    publishedAt: "2024-03-08T09:00:00Z",
    paragraphs: [
      { text: "Deir Ezzur Province:", header: true, provinces: ["SY-DY"] },
      { text: deirText, places: [mention(deirText, "Deir ez-Zor", "g170794", "SY-DY")] },
      { text: "Share this article on Facebook", boilerplate: true },
    ],
  }),
  makeReport({
    id: "r4",
    sourceId: "sana",
    provinces: ["SY-DR"],
    publishedAt: "2024-03-09T09:00:00Z",
    paragraphs: [
      "Security forces entered Dara’a al-Balad after talks in Ḥamāh.",
      "اشتباكات عنيفة في ريف دمشق",
      "Protests were reported in Darʿa.",
    ],
  }),
];

let dir: string;
let index: SearchIndex;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "sitrep-search-"));
  file = path.join(dir, "nested", "search.sqlite");
  index = await openSearchIndex(file, places);
  await index.index(corpus);
});

afterEach(async () => {
  await index.close();
  await rm(dir, { recursive: true, force: true });
});

const where = async (text: string, extra: object = {}) =>
  (await index.search({ text, limit: 100, ...extra })).hits.map((h) => `${h.report}/${h.paragraph}`);

describe("query language", () => {
  it("ANDs words", async () => {
    expect(await where("army")).toEqual(expect.arrayContaining(["r1/0", "r1/1"]));
    expect(await where("army countryside")).toEqual(["r1/0"]);
    expect(await where("army Idlib")).toEqual([]);
  });

  it("matches quoted phrases as phrases", async () => {
    expect(await where('"eastern countryside"')).toEqual(["r1/0"]);
    expect(await where('"countryside eastern"')).toEqual([]);
    expect(await where('"countryside of" Idlib')).toEqual(["r2/1"]);
  });

  it("matches prefixes only when asked with *", async () => {
    expect((await where("shell*")).sort()).toEqual(["r2/0", "r2/1"]);
    expect(await where("shell")).toEqual([]);
  });

  it("treats AND, OR and NOT as words, not operators", async () => {
    const result = await index.search({ text: "army OR shelling" });
    expect(result.total).toBe(0);
  });

  it("folds diacritics and apostrophe spellings both ways", async () => {
    expect(await where("Hamah")).toEqual(["r4/0"]);
    expect(await where("Daraa")).toEqual(["r4/0"]);
    expect(await where("Dara'a")).toEqual(["r4/0"]);
    // Dar'a, Dar’a and Darʿa (ayn) are one spelling; dropping the mark ("Dara") also meets Dara’a.
    for (const spelling of ["Dar'a", "Dar’a", "Darʿa"]) expect((await where(spelling)).sort()).toEqual(["r4/0", "r4/2"]);
    expect(await where('"reported in Dar’a"')).toEqual(["r4/2"]);
    const hit = (await index.search({ text: "Daraa" })).hits[0];
    expect(hit.snippet).toContain(mark("Dara’a"));
  });

  it("finds Arabic text", async () => {
    expect(await where("دمشق")).toEqual(["r4/1"]);
  });

  it("throws a UserError for a query with no word", async () => {
    for (const text of ["", "   ", "*", "(", ":", "-", "🙂", '""', '"!!"', "'", "\\", "( ) : * ^ - + {}"]) {
      await expect(index.search({ text }), JSON.stringify(text)).rejects.toThrow(
        new UserError("Type at least one word to search for."),
      );
    }
  });

  it("never lets hostile input become an FTS5 error", async () => {
    const hostile = [
      '"unbalanced',
      'army"',
      "AND OR NOT",
      "NOT army",
      "army AND",
      "NEAR(army units, 2)",
      "text:army",
      "{text places}: army",
      "^army",
      "army* *",
      "***army",
      '"a" "b',
      "a:b:c (d OR e",
      "army\u0000units",
      "🙂 army 🙂",
      "ريف دمشق",
      "x".repeat(5000),
      "a ".repeat(400),
      "army -units",
      "+army",
      "rowid=1",
      "'; DROP TABLE paragraphs; --",
    ];
    for (const text of hostile) {
      const result = await index.search({ text });
      expect(result.total, text).toBeGreaterThanOrEqual(0);
    }
    expect(await where('"unbalanced army')).toEqual([]);
    expect(await where('"army units')).toEqual(["r1/0"]);
    expect(await where("'; DROP TABLE paragraphs; --")).toEqual([]);
    expect(await where("army")).not.toEqual([]);
  });
});

describe("random hostile input", () => {
  it("answers or asks for a word, for 500 random strings of FTS5 syntax, quotes, marks and words", async () => {
    const pieces = ['"', "*", "(", ")", ":", "-", "+", "^", "{", "}", "'", "’", "ʿ", "\\", "\u0000", "\ud800", "\n", " ", "AND", "OR", "NOT", "NEAR", "army", "Aleppo", "deir ezzur", "دمشق", "🙂", "é", "\u0301", ",", "."];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 500; n++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 10) }, () => pieces[Math.floor(next() * pieces.length)]).join("");
      const outcome = await index.search({ text }).then(
        () => "ok",
        (error: unknown) => (error instanceof UserError && error.message === "Type at least one word to search for." ? "empty" : error),
      );
      expect(outcome === "ok" || outcome === "empty", `${JSON.stringify(text)} → ${String(outcome)}`).toBe(true);
      if (/army|aleppo|deir|دمشق/i.test(text)) expect(outcome, text).toBe("ok");
    }
  });
});

describe("places", () => {
  it("finds a place under any spelling the gazetteer gives the same id, and marks it", async () => {
    const result = await index.search({ text: "Deir Ezzur clashes" });
    expect(result.hits.map((h) => `${h.report}/${h.paragraph}`)).toEqual(["r3/1"]);
    expect(result.hits[0].snippet).toBe(
      `${mark("Clashes")} erupted in ${mark("Deir ez-Zor")} between tribal fighters and the SDF.`,
    );
  });

  it("centres the snippet of a long paragraph on the place found by alias", async () => {
    const text = `${"Earlier events are summarised here. ".repeat(15)}Tribal fighters took a village east of Deir ez-Zor overnight. ${"Later events follow. ".repeat(15)}`;
    const start = text.indexOf("Deir ez-Zor");
    const place = { text: "Deir ez-Zor", code: "SY-DY", id: "g170794", start, end: start + 11 };
    await index.index([makeReport({ id: "longdeir", paragraphs: [{ text, places: [place] }] })]);
    const hit = (await index.search({ text: "deir ezzur village" })).hits.find((h) => h.report === "longdeir");
    expect(hit?.snippet).toMatch(/^…[^…]*\u0002village\u0003 east of \u0002Deir ez-Zor\u0003 overnight[^…]*…$/);
  });

  it("needs the gazetteer for that: without it the other spelling finds nothing", async () => {
    const plain = await openSearchIndex(path.join(dir, "plain.sqlite"));
    try {
      await plain.index(corpus);
      expect((await plain.search({ text: "Deir Ezzur" })).total).toBe(0);
      expect((await plain.search({ text: "Deir ez-Zor" })).total).toBe(1);
    } finally {
      await plain.close();
    }
  });

  it("finds paragraphs about a province by its name even when the name is not in them", async () => {
    expect(await where("Aleppo engineers")).toEqual(["r1/1"]);
  });

  it("ranks the paragraphs that name a province first, then those about it by context, and pages across both", async () => {
    // Named in another spelling, and short inherited paragraphs would outrank these long ones on length alone.
    const naming = [
      "Residents of Halab said the bread queues had grown longer across the eastern districts through the week.",
      "A convoy of aid trucks reached Halab after a two-day delay at the checkpoints on the northern road.",
    ];
    const context = ["Shops reopened.", "Power returned.", "Schools closed.", "Rain fell."];
    await index.index([
      makeReport({
        id: "ctx",
        provinces: ["SY-HL"],
        paragraphs: [
          { text: "Aleppo Province:", header: true, provinces: ["SY-HL"] },
          ...context.map((text) => ({ text, inherited: true, provinces: ["SY-HL"] })),
          ...naming.map((text) => ({ text, places: [mention(text, "Halab", "syhl", "SY-HL")] })),
        ],
      }),
    ]);
    const result = await index.search({ text: "Aleppo", limit: 3 });
    // r1/0 names Aleppo too, and r1/1 (engineers) is about it by context.
    expect(result.total).toBe(2 + 4 + 2);
    expect(result.hits.map((h) => `${h.report}/${h.paragraph}`).sort()).toEqual(["ctx/5", "ctx/6", "r1/0"]);
    expect(result.hits.map((h) => h.snippet.match(/\u0002(\w+)\u0003/)?.[1]).sort()).toEqual(["Aleppo", "Halab", "Halab"]);
    const pages = [];
    for (let offset = 0; offset < 10; offset += 3) pages.push(...(await index.search({ text: "Aleppo", limit: 3, offset })).hits);
    const order = pages.map((h) => `${h.report}/${h.paragraph}`);
    expect(order).toEqual(await where("Aleppo"));
    expect(new Set(order).size).toBe(8);
    expect(order.slice(3).sort()).toEqual(["ctx/1", "ctx/2", "ctx/3", "ctx/4", "r1/1"]);
  });

  it("keeps a quoted place as typed", async () => {
    expect(await where('"Deir Ezzur"')).toEqual([]);
  });
});

describe("filters, paging and results", () => {
  it("filters by province, source and date", async () => {
    expect(await where("countryside", { province: "SY-ID" })).toEqual(["r2/1"]);
    expect(await where("countryside", { source: "sana" })).toEqual(["r1/0"]);
    expect(await where("countryside", { source: "rudaw" })).toEqual([]);
    expect(await where("clashes", { source: "unknown" })).toEqual(["r3/1"]);
    expect(await where("army", { province: "--" })).toEqual([]);
    expect(await where("countryside", { from: "2024-03-02T00:00:00Z" })).toEqual(["r2/1"]);
    expect(await where("countryside", { to: "2024-03-02T00:00:00Z" })).toEqual(["r1/0"]);
    expect(await where("countryside", { from: "2024-03-06T00:00:00Z" })).toEqual([]);
    await expect(index.search({ text: "army", from: "last week" })).rejects.toThrow(UserError);
  });

  it("does not index boilerplate or section headers", async () => {
    expect(await where("Facebook")).toEqual([]);
    expect(await where("Province")).toEqual([]);
  });

  it("returns what a user needs to cite a hit, with marked snippets", async () => {
    const { total, hits } = await index.search({ text: "terrorist attack" });
    expect(total).toBe(1);
    expect(hits[0]).toMatchObject({
      report: "r1",
      paragraph: 0,
      source: "sana",
      title: corpus[0].title,
      publishedAt: "2024-03-01T09:00:00.000Z",
      provinces: ["SY-HL"],
    });
    expect(hits[0].snippet).toBe(
      `Syrian army units repelled a ${mark("terrorist")} ${mark("attack")} in the eastern countryside of Aleppo.`,
    );
    expect((await index.search({ text: "clashes" })).hits[0].source).toBeNull();
  });

  it("cuts long paragraphs around the match with an ellipsis", async () => {
    const long = `${"Opening words of a long report. ".repeat(20)}The convoy reached Palmyra at dawn. ${"Closing remarks follow here. ".repeat(20)}`;
    await index.index([makeReport({ id: "long", paragraphs: [long] })]);
    const [hit] = (await index.search({ text: "Palmyra" })).hits;
    expect(hit.snippet).toMatch(/^….*\u0002Palmyra\u0003.*…$/s);
    expect(hit.snippet.split(/\s+/).length).toBeLessThanOrEqual(34);
  });

  it("ranks the paragraph most about the words first", async () => {
    await index.index([
      makeReport({ id: "once", paragraphs: ["A long account of the day mentions barrel bombs once among many other events in the area."] }),
      makeReport({ id: "many", paragraphs: ["Barrel bombs, barrel bombs again: barrel bombs."] }),
    ]);
    const { hits } = await index.search({ text: "barrel bombs" });
    expect(hits.map((h) => h.report)).toEqual(["many", "once"]);
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
  });

  it("pages with limit and offset, total counting every match", async () => {
    await index.index(
      Array.from({ length: 25 }, (_, i) => makeReport({ id: `p${i}`, paragraphs: [`Airstrike number ${i} reported.`] })),
    );
    const first = await index.search({ text: "airstrike", limit: 10 });
    const third = await index.search({ text: "airstrike", limit: 10, offset: 20 });
    const beyond = await index.search({ text: "airstrike", limit: 10, offset: 40 });
    expect([first.total, first.hits.length, third.hits.length, beyond.hits.length]).toEqual([25, 10, 5, 0]);
    expect((await index.search({ text: "airstrike", limit: Number.NaN, offset: -3 })).hits.length).toBe(10);
    expect((await index.search({ text: "airstrike", limit: 1000 })).hits.length).toBe(25);
    const all = new Set([...first.hits, ...(await index.search({ text: "airstrike", offset: 10 })).hits, ...third.hits].map((h) => h.report));
    expect(all.size).toBe(25);
  });

  it("ranks as FTS5's own ORDER BY rank does, equal scores included, and pages through that one order", async () => {
    // Same-length paragraphs score the same: their order is decided by the tie-break alone.
    const texts = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? `Mortar fire hit district ${i} twice, mortar fire again.` : `Mortar fire hit district ${i}.`));
    await index.index(texts.map((text, i) => makeReport({ id: `tie${String(i).padStart(2, "0")}`, paragraphs: [text] })));
    const raw = ((await index.rawSearch("mortar", 100)) as { report: string; para: number }[]).map((r) => `${r.report}/${r.para}`);
    expect(raw).toHaveLength(30);
    expect(await where("mortar")).toEqual(raw);
    const pages = [];
    for (let offset = 0; offset < 30; offset += 7) pages.push(...(await index.search({ text: "mortar", limit: 7, offset })).hits);
    expect(pages.map((h) => `${h.report}/${h.paragraph}`)).toEqual(raw);
  });

  it("counts every match, filters included, whether the page is full, partial or past the end", async () => {
    await index.index(
      Array.from({ length: 40 }, (_, i) =>
        makeReport({ id: `d${i}`, publishedAt: `2024-04-${String(1 + (i % 20)).padStart(2, "0")}T10:00:00Z`, paragraphs: [`Checkpoint ${i} was shelled.`] }),
      ),
    );
    const april = { from: "2024-04-06T00:00:00Z", to: "2024-04-15T23:59:59Z" }; // days 6–15: 10 days × 2 reports
    expect((await index.search({ text: "checkpoint", limit: 5, ...april })).total).toBe(20);
    expect((await index.search({ text: "checkpoint", limit: 50, ...april })).total).toBe(20);
    expect((await index.search({ text: "checkpoint", limit: 5, offset: 18, ...april })).hits).toHaveLength(2);
    const past = await index.search({ text: "checkpoint", limit: 5, offset: 500, ...april });
    expect([past.total, past.hits.length]).toEqual([20, 0]);
  });

  it("answers searches made at the same time, each with its own results", async () => {
    const queries = ["army", "shelling", "Deir Ezzur", "countryside", "army", "nothing-here", "Daraa", "shell*"];
    const alone = [];
    for (const text of queries) alone.push(await index.search({ text }));
    expect(await Promise.all(queries.map((text) => index.search({ text })))).toEqual(alone);
  });

  it("never shows a batch half indexed: searches during a re-index see the reports before or after, whole", async () => {
    const reports = Array.from({ length: 300 }, (_, i) => makeReport({ id: `w${i}`, paragraphs: [`Sniper fire in sector ${i}.`, `The sniper was not found.`] }));
    await index.index(reports);
    const totals = new Set<number>();
    let done = false;
    const writing = index.index(reports).finally(() => (done = true));
    while (!done) totals.add((await index.search({ text: "sniper" })).total);
    await writing;
    expect([...totals]).toEqual([600]);
  });

  it("answers a raw FTS5 query for the benchmark", async () => {
    const rows = (await index.rawSearch("shelling", 5)) as { report: string }[];
    expect(rows.map((r) => r.report)).toEqual(["r2", "r2"]);
  });
});

describe("maintenance", () => {
  it("replaces a report's paragraphs when it is indexed again", async () => {
    await index.index([{ ...corpus[1], paragraphs: [{ ...corpus[1].paragraphs[0], text: "Corrected: drone strike on Ariha." }] }]);
    expect(await where("shelling")).toEqual([]);
    expect(await where("Ariha")).toEqual(["r2/0"]);
    await index.index([corpus[1], corpus[1]]);
    expect((await where("shelling")).sort()).toEqual(["r2/0", "r2/1"]);
    expect(await where("Ariha")).toEqual([]);
  });

  it("removes reports and rebuilds from a stream of reports", async () => {
    await index.remove(["r2", "r1", "nope"]);
    expect(await where("shelling")).toEqual([]);
    expect(await where("army")).toEqual([]);
    expect(await where("clashes")).toEqual(["r3/1"]);

    async function* stream() {
      yield* corpus;
    }
    expect(await index.rebuild(stream())).toBe(4);
    expect((await where("shelling")).sort()).toEqual(["r2/0", "r2/1"]);
    expect(await where("clashes")).toEqual(["r3/1"]);
  });

  it("keeps the index when the file is opened again", async () => {
    await index.close();
    index = await openSearchIndex(file, places);
    expect(await where("Deir Ezzur")).toEqual(["r3/1"]);
  });
});

describe("throughput", () => {
  it("indexes 1,000 reports × 30 paragraphs (time printed)", async () => {
    const words = "army shelling clashes convoy drone checkpoint village countryside militants civilians".split(" ");
    const reports = Array.from({ length: 1000 }, (_, i) =>
      makeReport({
        id: `bulk${i}`,
        paragraphs: Array.from(
          { length: 30 },
          (_, j) => `Report ${i} paragraph ${j}: ${words[(i + j) % 10]} near ${words[(i * j) % 10]} in Dara’a and al-Bab, ${words[j % 10]}.`,
        ),
      }),
    );
    const t0 = performance.now();
    await index.index(reports);
    const indexed = performance.now() - t0;
    const t1 = performance.now();
    const result = await index.search({ text: "drone convoy" });
    const searched = performance.now() - t1;
    console.log(`search: indexed 1,000 reports × 30 paragraphs in ${indexed.toFixed(0)} ms; "drone convoy" (${result.total} hits) in ${searched.toFixed(1)} ms`);
    expect(result.total).toBeGreaterThan(0);
  });
});
