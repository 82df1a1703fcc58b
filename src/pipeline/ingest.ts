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

/** Ingests one input end to end. Throws InputError (nothing stored) for bad input. */
export async function ingest(ctx: Context, input: IngestInput, options: IngestOptions = {}): Promise<StoredOutcome> {
  return ingestDocument(ctx, await acquireInput(ctx, input, options));
}

/** Analyses, condenses and stores an acquired document, recognising copies of stories already stored. */
async function ingestDocument(ctx: Context, doc: AcquiredDocument): Promise<StoredOutcome> {
  const [outcome] = await storeDeduplicated(ctx, [buildReport(ctx, analyze(doc, ctx))]);
  return outcome;
}

function sha256(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}
