/**
 * Bulk ingest: every corpus report goes through the real path (acquire → analyze → buildReport), and the
 * reports are stored and indexed in batches with `storeReports`. Measures the whole, the store+index part
 * on its own, and where the time goes stage by stage.
 */
import { readFileSync } from "node:fs";
import { analyze } from "../src/analyze/index.ts";
import type { Context } from "../src/context.ts";
import { acquireInput, buildReport } from "../src/pipeline/ingest.ts";
import { storeReports } from "../src/pipeline/store-reports.ts";
import type { Report } from "../src/types.ts";
import { generateCorpus } from "./corpus.ts";
import type { BenchSection, Metric } from "./section.ts";

/** Reports per `storeReports` call. */
export const INGEST_BATCH = 100;

const EXAMPLE = new URL("../test/fixtures/fna-2016-12-22-syria-24h.txt", import.meta.url);

interface StageTimes {
  /** The bench's own corpus generation: excluded from the rates. */
  generate: number;
  acquire: number;
  analyze: number;
  build: number;
  index: number;
  store: number;
  storeReports: number;
}

export const ingestSection: BenchSection = {
  name: "ingest",
  async run(env) {
    const times: StageTimes = { generate: 0, acquire: 0, analyze: 0, build: 0, index: 0, store: 0, storeReports: 0 };
    const ctx = timedContext(env.ctx, times);
    const statuses: Record<string, number> = {};
    let reports = 0;
    let paragraphs = 0;
    let bytes = 0;
    let batch: Report[] = [];

    const flush = async () => {
      const start = performance.now();
      const outcomes = await storeReports(ctx, batch);
      times.storeReports += performance.now() - start;
      for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
      batch = [];
      env.memory.sample();
      env.progress(`ingest: ${reports} reports, ${paragraphs} paragraphs`);
    };

    const started = performance.now();
    let generated = started;
    for (const item of generateCorpus(env.corpus)) {
      let t = performance.now();
      times.generate += t - generated;
      const input = Buffer.from(item.text, "utf8");
      const doc = await acquireInput(ctx, { kind: "bytes", bytes: input, origin: item.origin });
      times.acquire += lap();
      const analyzed = analyze(doc, ctx);
      times.analyze += lap();
      batch.push(buildReport(ctx, analyzed));
      times.build += lap();
      reports++;
      paragraphs += analyzed.paragraphs.length;
      bytes += input.length;
      if (reports % 50 === 0) env.memory.sample();
      if (batch.length >= INGEST_BATCH) await flush();
      generated = performance.now();

      function lap(): number {
        const now = performance.now();
        const ms = now - t;
        t = now;
        return ms;
      }
    }
    if (batch.length) await flush();
    const wallSeconds = (performance.now() - started) / 1000;
    // Sitrep's time only: the wall time minus generating the synthetic corpus.
    const seconds = wallSeconds - times.generate / 1000;
    const storeSeconds = times.storeReports / 1000;
    const exampleParagraphs = countParagraphs(readFileSync(EXAMPLE, "utf8"));

    const metrics: Metric[] = [
      { name: "ingest: reports", value: reports, unit: "" },
      { name: "ingest: paragraphs", value: paragraphs, unit: "" },
      { name: "ingest: pipeline time", value: seconds, unit: "s", note: `wall ${wallSeconds.toFixed(1)} s incl. corpus generation` },
      { name: "ingest: reports/s (all stages)", value: reports / seconds, unit: "/s", note: `avg ${(paragraphs / reports).toFixed(1)} ¶/report` },
      { name: "ingest: paragraphs/s (all stages)", value: paragraphs / seconds, unit: "/s" },
      {
        name: "ingest: example-sized reports/s",
        value: paragraphs / seconds / exampleParagraphs,
        unit: "/s",
        target: { op: ">=", value: 1000 },
        note: `paragraphs/s ÷ ${exampleParagraphs} (the FNA example's paragraphs)`,
      },
      { name: "ingest: store+index reports/s", value: reports / storeSeconds, unit: "/s", note: `batches of ${INGEST_BATCH}` },
      { name: "ingest: store+index paragraphs/s", value: paragraphs / storeSeconds, unit: "/s" },
      ...(["acquire", "analyze", "build", "index", "store"] as const).map(
        (stage): Metric => ({ name: `ingest: ${stage} ms/report`, value: times[stage] / reports, unit: "ms" }),
      ),
    ];
    return {
      metrics,
      details: { reports, paragraphs, bytes, seconds, wallSeconds, exampleParagraphs, statuses, totalMs: times, batch: INGEST_BATCH },
    };
  },
};

/** The context with its search-index and store writes timed (the prototype keeps everything else). */
function timedContext(ctx: Context, times: StageTimes): Context {
  const search = Object.assign(Object.create(ctx.search), {
    index: async (reports: Report[]) => {
      const start = performance.now();
      await ctx.search.index(reports);
      times.index += performance.now() - start;
    },
  });
  const store = Object.assign(Object.create(ctx.store), {
    putMany: async (reports: Report[]) => {
      const start = performance.now();
      const result = await ctx.store.putMany(reports);
      times.store += performance.now() - start;
      return result;
    },
  });
  return { ...ctx, search, store };
}

function countParagraphs(text: string): number {
  return text.split(/\r?\n/).filter((line) => line.trim() !== "").length;
}
