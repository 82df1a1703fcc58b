import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CORPUS_NOW, generateCorpus, type CorpusReport } from "../../bench/corpus.ts";
import { analyze } from "../../src/analyze/index.ts";
import { buildBrief } from "../../src/brief/province-brief.ts";
import { fixedClock } from "../../src/clock.ts";
import { testConfig } from "../../src/config.ts";
import { createContext, type Context } from "../../src/context.ts";
import { acquireInput, buildReport } from "../../src/pipeline/ingest.ts";
import { storeReports } from "../../src/pipeline/store-reports.ts";
import type { Report } from "../../src/types.ts";

const DAY = 86_400_000;

/** The body lines of a generated report (what acquisition turns into paragraphs). */
function bodyLines(report: CorpusReport): string[] {
  const body = report.text.slice(report.text.indexOf("\n-----\n") + 7);
  return body.split("\n").filter((line) => line.trim() !== "");
}

describe("bench corpus generator", () => {
  it("gives the same reports for the same seed and different ones for another seed", () => {
    const first = [...generateCorpus({ paragraphs: 500, seed: 42 })];
    const again = [...generateCorpus({ paragraphs: 500, seed: 42 })];
    const other = [...generateCorpus({ paragraphs: 500, seed: 43 })];
    expect(again).toEqual(first);
    expect(other.map((r) => r.text)).not.toEqual(first.map((r) => r.text));
  });

  it("stops once the paragraph budget is spent, with 20–40 paragraphs per report", () => {
    const reports = [...generateCorpus({ paragraphs: 1000 })];
    const total = reports.reduce((n, r) => n + r.paragraphs, 0);
    expect(total).toBeGreaterThanOrEqual(1000);
    expect(total - reports[reports.length - 1].paragraphs).toBeLessThan(1000);
    for (const r of reports) {
      expect(r.paragraphs).toBe(bodyLines(r).length);
      expect(r.paragraphs).toBeGreaterThanOrEqual(20);
      expect(r.paragraphs).toBeLessThanOrEqual(40);
    }
  });

  it("is diverse: styles, sources, provinces, dates and paragraphs vary", () => {
    const reports = [...generateCorpus({ paragraphs: 5000 })];
    expect(new Set(reports.map((r) => r.style)).size).toBe(6);
    expect(new Set(reports.map((r) => r.sourceId)).size).toBeGreaterThanOrEqual(15);
    expect(new Set(reports.flatMap((r) => r.provinces)).size).toBe(14);
    expect(new Set(reports.map((r) => r.text)).size).toBe(reports.length);

    const lines = reports.flatMap(bodyLines);
    expect(new Set(lines).size / lines.length).toBeGreaterThan(0.85);

    const now = Date.parse(CORPUS_NOW);
    const ages = reports.map((r) => (now - Date.parse(r.writtenAt)) / DAY);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThanOrEqual(730);
    expect(Math.max(...ages) - Math.min(...ages)).toBeGreaterThan(600);
  });

  it("writes front matter that names the title, source and date", () => {
    const [report] = generateCorpus({ paragraphs: 1 });
    expect(report.text).toMatch(/^Title: .+\nSource: .+\nDate: .+\n(?:URL: https:\/\/\S+\n)?-----\n/);
  });
});

describe("bench corpus through the real pipeline", () => {
  let dir: string | undefined;
  let ctx: Context | undefined;
  afterEach(async () => {
    await ctx?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    ctx = undefined;
    dir = undefined;
  });

  it("ingests every report without error: source and date detected, provinces found, searchable, briefable", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "sitrep-bench-test-"));
    ctx = await createContext(testConfig(dir), { clock: fixedClock(CORPUS_NOW) });
    const corpus = [...generateCorpus({ paragraphs: 500, seed: 7 })];

    const reports: Report[] = [];
    for (const item of corpus) {
      const doc = await acquireInput(ctx, { kind: "bytes", bytes: Buffer.from(item.text), origin: item.origin });
      expect(doc.sourceId, item.origin).toBe(item.sourceId);
      expect(doc.publishedAtEstimated, item.origin).toBe(false);
      reports.push(buildReport(ctx, analyze(doc, ctx)));
    }
    const outcomes = await storeReports(ctx, reports);
    expect(outcomes.map((o) => o.status)).toEqual(corpus.map(() => "created"));
    expect(await ctx.store.count()).toBe(corpus.length);

    // The provinces each report was written about are the ones the analyzer finds (nearly always).
    const written = corpus.flatMap((item, i) => item.provinces.map((code) => reports[i].provinces.includes(code)));
    expect(written.filter(Boolean).length / written.length).toBeGreaterThanOrEqual(0.9);

    // Every paragraph containing the word is found.
    const expected = corpus.flatMap(bodyLines).filter((line) => /\bkilled\b/i.test(line)).length;
    expect(expected).toBeGreaterThan(0);
    expect((await ctx.search.search({ text: "killed" })).total).toBe(expected);

    const busiest = mostCovered(corpus);
    const brief = await buildBrief(ctx, { province: busiest, days: 731 });
    expect(brief.sources.length).toBeGreaterThan(0);
    expect(brief.sources.flatMap((s) => s.items).length).toBeGreaterThan(0);
  });
});

function mostCovered(corpus: CorpusReport[]): string {
  const counts = new Map<string, number>();
  for (const code of corpus.flatMap((r) => r.provinces)) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}
