/**
 * Bulk ingest: every corpus report goes through the product's bulk path, `ingestMany` (acquire → analyze →
 * condense, then stored with near-duplicate detection and indexed in batches, the writes overlapping the next
 * batch's analysis). Measures the whole and where the main thread's time goes by stage; the writes are timed
 * as the wall time they take, which overlaps the analysis of the next batch.
 */
import { readFileSync } from "node:fs";
import type { Context } from "../src/context.ts";
import { DEFAULT_BATCH, ingestMany } from "../src/pipeline/ingest-many.ts";
import type { Report } from "../src/types.ts";
import { generateCorpus, type CorpusReport } from "./corpus.ts";
import type { BenchSection, Metric } from "./section.ts";


const EXAMPLE = new URL("../test/fixtures/fna-2016-12-22-syria-24h.txt", import.meta.url);

interface StageTimes {
  /** The bench's own corpus generation: excluded from the rates. */
  generate: number;
  acquire: number;
  analyze: number;
  build: number;
  index: number;
  store: number;
}

export const ingestSection: BenchSection = {
  name: "ingest",
  async run(env) {
    const times: StageTimes = { generate: 0, acquire: 0, analyze: 0, build: 0, index: 0, store: 0 };
    const ctx = timedContext(env.ctx, times);
    const statuses: Record<string, number> = {};
    let reports = 0;
    let paragraphs = 0;
    let bytes = 0;

    // The corpus is generated lazily, between reports; that time is measured and taken out of the rates.
    function* corpus(): Generator<CorpusReport> {
      const iterator = generateCorpus(env.corpus)[Symbol.iterator]();
      for (;;) {
        const start = performance.now();
        const next = iterator.next();
        times.generate += performance.now() - start;
        if (next.done) return;
        yield next.value;
      }
    }
    const toInput = (item: CorpusReport) => {
      const input = Buffer.from(item.text, "utf8");
      bytes += input.length;
      return { kind: "bytes" as const, bytes: input, origin: item.origin };
    };

    const started = performance.now();
    for await (const result of ingestMany(ctx, corpus(), toInput, { batchSize: DEFAULT_BATCH, stageTimes: times })) {
      if ("error" in result) throw result.error;
      reports++;
      paragraphs += result.outcome.report.paragraphs.length;
      statuses[result.outcome.status] = (statuses[result.outcome.status] ?? 0) + 1;
      if (reports % 50 === 0) env.memory.sample();
      if (reports % 500 === 0) env.progress(`ingest: ${reports} reports, ${paragraphs} paragraphs`);
    }
    const wallSeconds = (performance.now() - started) / 1000;
    // Sitrep's time only: the wall time minus generating the synthetic corpus.
    const seconds = wallSeconds - times.generate / 1000;
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
      ...(["acquire", "analyze", "build", "index", "store"] as const).map(
        (stage): Metric => ({
          name: `ingest: ${stage} ms/report`,
          value: times[stage] / reports,
          unit: "ms",
          ...(stage === "index" || stage === "store" ? { note: `wall time of the batch write (${DEFAULT_BATCH} reports), overlapping analysis` } : {}),
        }),
      ),
    ];
    return {
      metrics,
      details: { reports, paragraphs, bytes, seconds, wallSeconds, exampleParagraphs, statuses, totalMs: times, batch: DEFAULT_BATCH },
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
