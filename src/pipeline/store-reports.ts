/**
 * Storing analysed reports: a report is stored whole or not at all. The store writes all its keys in one
 * atomic batch, and the search index (derived) is rolled back when the store refuses.
 */
import type { Context } from "../context.ts";
import type { PutStatus } from "../store/report-store.ts";
import type { Report } from "../types.ts";

export interface IngestOutcome {
  id: string;
  status: PutStatus;
  report: Report;
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
