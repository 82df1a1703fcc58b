/**
 * Ingestion: acquire → analyze → condense → store → index, for one input. Storing (atomic, with the index
 * rolled back on failure) is in store-reports.ts; recognising copies of stories is in store-deduplicated.ts.
 */
import { createHash } from "node:crypto";
import { acquireBytes, acquireFile, acquireUrl, type AcquireOptions } from "../acquire/index.ts";
import { analyze } from "../analyze/index.ts";
import { condenseExtractive } from "../condense/extractive.ts";
import type { Context } from "../context.ts";
import { requireSource } from "../registry/resolve.ts";
import type { AcquiredDocument, AnalyzedDocument, Condensation, Report } from "../types.ts";
import { storeDeduplicated, type StoredOutcome } from "./store-deduplicated.ts";

export type IngestInput =
  | { kind: "file"; path: string }
  | { kind: "url"; url: string }
  | { kind: "bytes"; bytes: Buffer; origin: string; contentType?: string; url?: string };

export interface IngestOptions {
  /** Registry id, name or alias; overrides detection. */
  source?: string;
  /** ISO date or YYYY-MM-DD; overrides what the document says. */
  published?: string;
}


/** Acquires one input (file, URL, bytes) into a document, with the context's limits and registry. */
export async function acquireInput(ctx: Pick<Context, "config" | "sources" | "clock">, input: IngestInput, options: IngestOptions = {}): Promise<AcquiredDocument> {
  const opts: AcquireOptions = {
    maxBytes: ctx.config.maxInputBytes,
    fetchTimeoutMs: ctx.config.fetchTimeoutMs,
    maxRedirects: ctx.config.fetchMaxRedirects,
    sourceId: options.source ? requireSource(ctx, options.source) : undefined,
    publishedAt: options.published,
    now: ctx.clock.now(),
    sources: ctx.sources,
  };
  if (input.kind === "file") return acquireFile(input.path, opts);
  if (input.kind === "url") return acquireUrl(input.url, opts);
  return acquireBytes(input.bytes, input.origin, { ...opts, contentType: input.contentType, url: input.url });
}

/** Turns an analysed document into a storable report with its per-province extractive condensations. */
export function buildReport(ctx: Pick<Context, "lexicon" | "clock">, doc: AnalyzedDocument): Report {
  const content = doc.paragraphs.filter((p) => !p.boilerplate).map((p) => p.text.replace(/\s+/g, " ").trim().toLowerCase());
  const contentHash = sha256(content.join("\n"));
  const provinces = [...new Set(doc.paragraphs.flatMap((p) => p.provinces))].sort();
  const condensations: Record<string, Condensation> = {};
  for (const code of provinces) condensations[code] = condenseExtractive(doc.paragraphs, code, ctx.lexicon, { title: doc.title });
  const { blocks: _blocks, format: _format, sourceBy: _sourceBy, ...meta } = doc;
  return {
    ...meta,
    // The same URL keeps its id when its content changes; files and stdin are identified by content.
    id: sha256(doc.url ? `url:${doc.url}` : `hash:${contentHash}`).slice(0, 12),
    ingestedAt: ctx.clock.now().toISOString(),
    contentHash,
    provinces,
    condensations,
  };
}

/** The stages whose main-thread time `prepareReport` can add up for a caller (the benchmark's breakdown). */
export type IngestStage = "acquire" | "analyze" | "build";

/** Acquire → analyze → condense for one input: a report ready to store. Adds each stage's time to `times`. */
export async function prepareReport(ctx: Context, input: IngestInput, options: IngestOptions = {}, times?: Record<IngestStage, number>): Promise<Report> {
  let t = performance.now();
  const lap = (stage: IngestStage) => {
    const now = performance.now();
    if (times) times[stage] += now - t;
    t = now;
  };
  const doc = await acquireInput(ctx, input, options);
  lap("acquire");
  const analysed = analyze(doc, ctx);
  lap("analyze");
  const report = buildReport(ctx, analysed);
  lap("build");
  return report;
}

/** Ingests one input end to end, recognising copies of stories already stored. Throws InputError (nothing stored) for bad input. */
export async function ingest(ctx: Context, input: IngestInput, options: IngestOptions = {}): Promise<StoredOutcome> {
  const [outcome] = await storeDeduplicated(ctx, [await prepareReport(ctx, input, options)]);
  return outcome;
}

function sha256(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}
