/**
 * Storing reports with near-duplicate detection on top of the store's own dedup (same URL, same content
 * hash). A report that repeats an earlier one (see near-duplicate.ts) is stored with `duplicateOf` pointing at
 * the earliest copy, and that copy lists the other outlet in `alsoReportedBy`; an exact copy from another
 * source (which the store refuses as a duplicate) is listed there too. So a brief shows the story once and
 * names every source that ran it.
 */
import type { Context } from "../context.ts";
import { storeReports, type IngestOutcome } from "./store-reports.ts";
import { urlKey } from "../store/report-keys.ts";
import { serialQueue, type SerialQueue } from "../store/serial-queue.ts";
import type { AlsoReported, Report } from "../types.ts";
import { findNearDuplicates, rememberSignatures, signatureOf, type Signature } from "./near-duplicate.ts";

export interface StoredOutcome extends IngestOutcome {
  /** The earlier report this one repeats (stored with `duplicateOf`), when it is a near-duplicate. */
  nearDuplicateOf?: string;
}

/**
 * Find-then-store must not interleave (two feeds carrying one story in the same cycle would both miss the
 * other), so each store gets one queue for it. Keyed by the store object, which every copy of a context shares.
 */
const queues = new WeakMap<object, SerialQueue>();

function queueFor(store: object): SerialQueue {
  let queue = queues.get(store);
  if (!queue) queues.set(store, (queue = serialQueue()));
  return queue;
}

/** Stores `reports` (see the module comment) and returns each one's outcome, in order. */
export async function storeDeduplicated(ctx: Context, reports: Report[]): Promise<StoredOutcome[]> {
  if (reports.length === 0) return [];
  return queueFor(ctx.store)(async () => {
    const pending = reports.map((report) => ({ report, signature: signatureOf(report) }));
    const outcomes: StoredOutcome[] = [];
    // A report that repeats an earlier report of the same batch waits until that one is stored, so its
    // `duplicateOf` names the id the store kept (which may differ, when the earlier one was itself a copy).
    while (pending.length) {
      const matches = await findNearDuplicates(ctx.store.kv, pending.map((p) => ({ id: p.report.id, signature: p.signature })));
      const position = new Map(pending.map((p, i) => [p.report.id, i]));
      const waits = matches.findIndex((m, i) => m !== undefined && (position.get(m.id) ?? i) < i);
      const chunk = pending.splice(0, waits <= 0 ? pending.length : waits);
      outcomes.push(...(await storeChunk(ctx, chunk, matches.slice(0, chunk.length).map((m) => m?.id))));
    }
    return outcomes;
  });
}

async function storeChunk(ctx: Context, chunk: { report: Report; signature?: Signature }[], matchIds: (string | undefined)[]): Promise<StoredOutcome[]> {
  const matched = await reportsById(ctx, matchIds.filter((id): id is string => id !== undefined));
  const marked = chunk.map(({ report }, i) => {
    const target = matchIds[i] === undefined ? undefined : matched.get(matchIds[i]!);
    // The same URL is an update of that report (the store keeps its id), not another outlet's copy.
    if (!target || (target.url && report.url && urlKey(target.url) === urlKey(report.url))) return report;
    const root = target.duplicateOf ?? target.id;
    return root !== report.id ? { ...report, duplicateOf: root } : report;
  });
  const outcomes = await storeReports(ctx, marked);
  await rememberSignatures(
    ctx.store.kv,
    outcomes.flatMap((o, i) => (o.status === "duplicate" ? [] : [{ id: o.id, signature: chunk[i].signature }])),
  );

  // Who else ran each shown report's story: near-duplicates just stored, and exact copies the store refused.
  const copies: { of: string; copy: AlsoReported }[] = [];
  const exactOf = await reportsById(ctx, outcomes.filter((o) => o.status === "duplicate").map((o) => o.id));
  outcomes.forEach((o, i) => {
    const report = marked[i];
    const copy: AlsoReported = { sourceId: report.sourceId, ...(report.sourceName ? { sourceName: report.sourceName } : {}), ...(report.url ? { url: report.url } : {}) };
    if (o.status !== "duplicate" && report.duplicateOf) copies.push({ of: report.duplicateOf, copy: { ...copy, report: o.id } });
    const existing = o.status === "duplicate" ? exactOf.get(o.id) : undefined;
    if (existing) copies.push({ of: existing.duplicateOf ?? existing.id, copy });
  });
  await recordCopies(ctx, copies);
  return outcomes.map((o, i) => (o.status !== "duplicate" && marked[i].duplicateOf ? { ...o, nearDuplicateOf: marked[i].duplicateOf } : o));
}

async function reportsById(ctx: Context, ids: string[]): Promise<Map<string, Report>> {
  const unique = [...new Set(ids)];
  const found = await ctx.store.getMany(unique);
  return new Map(found.flatMap((r, i) => (r ? [[unique[i], r] as const] : [])));
}

/**
 * Adds copies to the shown reports' `alsoReportedBy` (a copy from the report's own source is not another
 * outlet and is left out). The report record is rewritten in place: its content, hash, URL and day lists do
 * not change, so no other key does.
 */
async function recordCopies(ctx: Context, copies: { of: string; copy: AlsoReported }[]): Promise<void> {
  if (!copies.length) return;
  const shown = await reportsById(ctx, copies.map((c) => c.of));
  const changed = new Map<string, Report>();
  for (const { of, copy } of copies) {
    const report = changed.get(of) ?? shown.get(of);
    if (!report || (copy.sourceId !== null && copy.sourceId === report.sourceId)) continue;
    const list = report.alsoReportedBy ?? [];
    const same = (a: AlsoReported) => a.sourceId === copy.sourceId && a.sourceName === copy.sourceName && a.url === copy.url;
    if (list.some(same)) continue;
    changed.set(of, { ...report, alsoReportedBy: [...list, copy] });
  }
  if (changed.size) await ctx.store.rewrite([...changed.values()]);
}
