/**
 * The sample reports shipped in `samples/`: the example FNA roundup and short reports written in other
 * sources' styles, so a fresh checkout has something to brief and search.
 *
 * Their dates are moved to the recent past when they are loaded: each sample's own date (front matter,
 * text, or a YYYY-MM-DD in its file name) only fixes the ORDER. The newest date becomes one hour before
 * `ctx.clock.now()`, each older date one more day back (closer together when there are more than seven
 * dates), samples of the same date stay together — so `/brief province:aleppo days:7` shows them on any
 * day. A consequence: each source's label is the one in force now, not on the sample's original date.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { analyze } from "../analyze/index.ts";
import type { Context } from "../context.ts";
import { acquireInput, buildReport } from "../pipeline/ingest.ts";
import { storeReports } from "../pipeline/store-reports.ts";
import type { AcquiredDocument } from "../types.ts";

/** `<repo>/samples`. */
export const SAMPLES_DIR = fileURLToPath(new URL("../../samples", import.meta.url));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Newest sample: this long before now (strictly in the past, so every window ending now includes it). */
const NEWEST_AGE = HOUR;
/** Oldest sample at most this long before now, inside a 7-day brief. */
const OLDEST_AGE = 6 * DAY;

export interface SampleLoad {
  /** Sample files found. */
  found: number;
  /** Newly stored reports. */
  loaded: number;
  /** Ids of every sample report (new or already stored). */
  ids: string[];
}

/** The sample files (`.txt`, `.html`) in `dir`, in name order. */
export async function sampleFiles(dir = SAMPLES_DIR): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((n) => /\.(txt|html?)$/i.test(n)).sort().map((n) => path.join(dir, n));
}

/**
 * Ingests the samples with recent dates (see the module comment) in one batch. Idempotent: a sample whose
 * content is already stored is left as it is, so loading twice stores nothing new.
 */
export async function loadSamples(ctx: Context, dir = SAMPLES_DIR): Promise<SampleLoad> {
  const files = await sampleFiles(dir);
  const docs = await Promise.all(files.map((file) => acquireInput(ctx, { kind: "file", path: file })));
  const dated = recentDates(docs.map((doc, i) => nominalDate(doc, files[i])), ctx.clock.now().getTime());
  const reports = docs.map((doc, i) => buildReport(ctx, analyze({ ...doc, publishedAt: dated[i], publishedAtEstimated: false }, ctx)));
  const stored = await Promise.all(reports.map((r) => ctx.store.idByHash(r.contentHash)));
  const fresh = reports.filter((_, i) => stored[i] === undefined);
  const outcomes = await storeReports(ctx, fresh);
  const newIds = new Map(fresh.map((r, i) => [r, outcomes[i].id]));
  return { found: files.length, loaded: outcomes.filter((o) => o.status === "created").length, ids: reports.map((r, i) => stored[i] ?? newIds.get(r)!) };
}

/** The date a sample states, for ordering: its own, else a YYYY-MM-DD in the file name, else now. */
function nominalDate(doc: AcquiredDocument, file: string): number {
  if (!doc.publishedAtEstimated) return Date.parse(doc.publishedAt);
  const m = /(\d{4}-\d{2}-\d{2})/.exec(path.basename(file));
  return m ? Date.parse(`${m[1]}T00:00:00Z`) : Date.parse(doc.publishedAt);
}

/** Newest nominal date → now − NEWEST_AGE; each older distinct date one step (≤ 1 day) further back, within OLDEST_AGE. */
function recentDates(nominal: number[], now: number): string[] {
  const distinct = [...new Set(nominal)].sort((a, b) => b - a);
  const step = distinct.length > 1 ? Math.min(DAY, (OLDEST_AGE - NEWEST_AGE) / (distinct.length - 1)) : 0;
  return nominal.map((t) => new Date(now - NEWEST_AGE - distinct.indexOf(t) * step).toISOString());
}
