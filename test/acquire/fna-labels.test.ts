import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { acquireFile } from "../../src/acquire/index.ts";
import { acquireOptions, key60 } from "./fake-sources.ts";

const ARTICLE = "test/fixtures/fna-2016-12-22-syria-24h.txt";
const labels = JSON.parse(readFileSync("test/fixtures/fna-2016-12-22-syria-24h.labels.json", "utf8")) as {
  paragraphs: { index: number; key: string; boilerplate?: boolean }[];
};

describe("the FNA roundup reposted on a blog", () => {
  it("yields one paragraph per non-empty line, keyed as the labels key them", async () => {
    const doc = await acquireFile(ARTICLE, acquireOptions());
    expect(doc.blocks).toHaveLength(54);
    expect(doc.blocks.map((b) => key60(b.text))).toEqual(labels.paragraphs.map((p) => p.key));
  });

  it("flags exactly the labelled boilerplate, each with a reason, and keeps its text", async () => {
    const doc = await acquireFile(ARTICLE, acquireOptions());
    const flagged = doc.blocks.flatMap((b, i) => (b.boilerplate ? [i] : []));
    expect(flagged).toEqual(labels.paragraphs.filter((p) => p.boilerplate).map((p) => p.index));
    for (const b of doc.blocks.filter((x) => x.boilerplate)) expect(b.reason).toMatch(/\w/);
    expect(doc.blocks[53]).toMatchObject({ text: "Connecting to %s", boilerplate: true });
  });

  it("strips NBSP at the edges, keeps it and curly quotes inside", async () => {
    const doc = await acquireFile(ARTICLE, acquireOptions());
    expect(doc.blocks[2].text.startsWith("(FNA)- The Syrian army")).toBe(true);
    expect(doc.blocks[0].text).toContain("City of\u00a0Terrorists");
    expect(doc.blocks[11].text).toBe("And that’s when the scene changed.");
  });

  it("marks story breaks (two blank lines) and nothing else", async () => {
    const doc = await acquireFile(ARTICLE, acquireOptions());
    const breaks = doc.blocks.flatMap((b, i) => (b.breakBefore ? [i] : []));
    expect(breaks).toEqual([5, 12, 22, 26, 36, 44, 53]);
  });

  it("takes the title from the first line, the source from the (FNA) dateline, and estimates the date", async () => {
    const doc = await acquireFile(ARTICLE, acquireOptions());
    expect(doc).toMatchObject({
      origin: ARTICLE,
      title: "Syria in Last 24 Hours: Army, Allies Fully Recapture Aleppo, Purge Entire City of Terrorists",
      format: "text",
      sourceId: "fna",
      sourceBy: "dateline",
      publishedAt: "2025-03-01T12:00:00.000Z",
      publishedAtEstimated: true,
    });
    expect(doc.url).toBeUndefined();
  });
});
