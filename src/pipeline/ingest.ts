/**
 * Ingestion: acquire → analyze → condense → store → index, for one input or a batch. A report is stored
 * whole or not at all: the store writes all its keys in one atomic batch, and the search index (derived)
 * is rolled back when the store refuses.
 */
import { createHash } from "node:crypto";
import { acquireBytes, acquireFile, acquireUrl, type AcquireOptions } from "../acquire/index.ts";
import { analyze } from "../analyze/index.ts";
import { condenseExtractive } from "../condense/extractive.ts";
import type { Context } from "../context.ts";
import { requireSource } from "../registry/resolve.ts";
import type { AcquiredDocument, AnalyzedDocument, Condensation, Report } from "../types.ts";
import type { PutStatus } from "../store/report-store.ts";

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

export interface IngestOutcome {
  id: string;
  status: PutStatus;
  report: Report;
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

/** Ingests one input end to end. Throws InputError (nothing stored) for bad input. */
export async function ingest(ctx: Context, input: IngestInput, options: IngestOptions = {}): Promise<IngestOutcome> {
  const doc = await acquireInput(ctx, input, options);
  const [outcome] = await storeReports(ctx, [buildReport(ctx, analyze(doc, ctx))]);
  return outcome;
}

/**
 * Stores a batch of reports and indexes them. The index is written first: if the store then fails, those
 * rows are removed again, so search never shows a report the store does not have. A duplicate (same
 * content under another id) leaves no rows behind either.
 */
export async function storeReports(ctx: Context, reports: Report[]): Promise<IngestOutcome[]> {
  if (!reports.length) return [];
  await ctx.search.index(reports);
  let results: { id: string; status: PutStatus }[];
  try {
    results = await ctx.store.putMany(reports);
  } catch (error) {
    await ctx.search.remove(reports.map((r) => r.id)).catch(() => undefined);
    throw error;
  }
  // Rows written under an id the store did not keep: a duplicate of another report is dropped, an update
  // (the same URL spelled differently) is re-indexed under the stored id.
  const moved = reports.flatMap((r, i) => (results[i].id !== r.id ? [{ report: r, result: results[i] }] : []));
  if (moved.length) {
    await ctx.search.remove(moved.map((m) => m.report.id));
    await ctx.search.index(moved.filter((m) => m.result.status === "updated").map((m) => ({ ...m.report, id: m.result.id })));
  }
  return results.map((r, i) => ({ ...r, report: { ...reports[i], id: r.id } }));
}

function sha256(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}
