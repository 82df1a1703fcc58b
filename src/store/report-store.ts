/**
 * The store of record for reports, on keyv. A batch of reports — the reports, their dedup pointers and
 * the day lists they join — is written with one `setMany`, so it is stored whole or not at all (on the
 * SQLite backend: one SQL statement).
 */
import type Keyv from "keyv";
import type { Report, ReportSummary } from "../types.ts";
import { NAMESPACE, openKeyv } from "./open-keyv.ts";
import { mergeDayList, planPut, type PutStatus } from "./put-plan.ts";
import {
  coversDay,
  dayKey,
  daysNewestFirst,
  hashKey,
  REPORT_PREFIX,
  reportEntries,
  reportKey,
  summaryKey,
  summaryOf,
  urlKey,
} from "./report-keys.ts";
import { serialQueue } from "./serial-queue.ts";
import { SqliteBackend } from "./sqlite-backend.ts";

export type { PutStatus };

export interface ReportStore {
  /** Stores reports atomically (all keys of a batch in one setMany). Same contentHash as a stored report → "duplicate" (nothing written, returns the existing id). Same url as a stored report with different content → "updated": the report keeps its id, old day-list entries are removed, new ones added. */
  putMany(reports: Report[]): Promise<{ id: string; status: PutStatus }[]>;
  put(report: Report): Promise<{ id: string; status: PutStatus }>;
  get(id: string): Promise<Report | undefined>;
  getMany(ids: string[]): Promise<(Report | undefined)[]>;
  /** The reports without their paragraphs (briefs and digests read these: a tenth of the bytes to parse). */
  getSummaries(ids: string[]): Promise<(ReportSummary | undefined)[]>;
  /** Writes changed versions of stored reports (e.g. who else reported a story), whole and as summaries. */
  rewrite(reports: Report[]): Promise<void>;
  idByHash(hash: string): Promise<string | undefined>;
  idByUrl(url: string): Promise<string | undefined>;
  /** Report ids whose publishedAt falls in [from, to], for one province or "*" (all). Newest day first. */
  idsInWindow(province: string | "*", from: Date, to: Date): Promise<string[]>;
  /** Every stored report, for reindex. */
  all(): AsyncIterable<Report>;
  count(): Promise<number>;
  /** The raw keyv, for other namespaces' needs (subscriptions, ledger, caches) — they use their own key prefixes. */
  kv: Keyv;
  close(): Promise<void>;
}

/** Opens the report store on the keyv backend named by `storeUrl` (see `openKeyv`). */
export async function openReportStore(storeUrl: string): Promise<ReportStore> {
  return createReportStore(await openKeyv(storeUrl));
}

/**
 * A report store over any keyv instance. Writes go through one queue: the day lists are read, merged and
 * written back, and two batches doing that at once would lose ids. (Separate processes writing the same
 * store can still race on a day list; run one ingesting process per store.)
 */
export function createReportStore(kv: Keyv): ReportStore {
  const queue = serialQueue();
  const backend = kv.store instanceof SqliteBackend ? kv.store : undefined;

  async function getMany(ids: string[]): Promise<(Report | undefined)[]> {
    if (ids.length === 0) return [];
    return kv.getMany<Report>(ids.map(reportKey));
  }

  async function getSummaries(ids: string[]): Promise<(ReportSummary | undefined)[]> {
    if (ids.length === 0) return [];
    const summaries = await kv.getMany<ReportSummary>(ids.map(summaryKey));
    // Stores written before summaries existed: fall back to the whole report.
    const missing = ids.filter((_, i) => summaries[i] === undefined);
    if (missing.length === 0) return summaries;
    const whole = new Map((await getMany(missing)).flatMap((r) => (r ? [[r.id, summaryOf(r)] as const] : [])));
    return summaries.map((s, i) => s ?? whole.get(ids[i]));
  }

  async function readMap<T>(keys: string[]): Promise<Map<string, T | undefined>> {
    const unique = [...new Set(keys)];
    const values = unique.length === 0 ? [] : await kv.getMany<T>(unique);
    return new Map(unique.map((key, i) => [key, values[i]]));
  }

  async function putMany(reports: Report[]): Promise<{ id: string; status: PutStatus }[]> {
    reports.forEach(assertStorable);
    if (reports.length === 0) return [];
    return queue(async () => {
      const pointers = await readMap<string>(
        reports.flatMap((r) => [hashKey(r.contentHash), ...(r.url === undefined ? [] : [urlKey(r.url)])]),
      );
      const ids = [...new Set([...reports.map((r) => r.id), ...pointers.values()].filter((id) => id !== undefined))];
      const found = await getMany(ids);
      const stored = new Map(ids.map((id, i) => [id, found[i]]));

      const plan = planPut(reports, { pointers, reports: stored });
      if (plan.writes.size === 0) return plan.results;

      const days = await readMap<string[]>([...plan.dayChanges.keys()]);
      const entries: { key: string; value: unknown }[] = [];
      for (const report of plan.writes.values()) {
        entries.push(...reportEntries(report), { key: hashKey(report.contentHash), value: report.id });
        if (report.url !== undefined) entries.push({ key: urlKey(report.url), value: report.id });
      }
      for (const [key, change] of plan.dayChanges) entries.push({ key, value: mergeDayList(days.get(key), change) });
      await kv.setMany(entries);
      if (plan.stale.length > 0) await kv.deleteMany(plan.stale);
      return plan.results;
    });
  }

  /** Follows a pointer key, ignoring one left stale by an update. */
  async function follow(key: string, holds: (report: Report) => boolean): Promise<string | undefined> {
    const id = await kv.get<string>(key);
    if (id === undefined) return undefined;
    const report = await kv.get<Report>(reportKey(id));
    return report && holds(report) ? id : undefined;
  }

  async function idsInWindow(province: string, from: Date, to: Date): Promise<string[]> {
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new RangeError("idsInWindow: invalid date");
    if (from > to) return [];
    const days = daysNewestFirst(from, to);
    const lists = await kv.getMany<string[]>(days.map((day) => dayKey(province, day)));
    const ids: string[] = [];
    const onEdgeDays: string[] = [];
    days.forEach((day, i) => {
      const list = lists[i] ?? [];
      ids.push(...list);
      if (!coversDay(from, to, day)) onEdgeDays.push(...list);
    });
    if (onEdgeDays.length === 0) return ids;
    // Only the first and last day can be partly outside the window: check their reports' exact times.
    const reports = await getSummaries(onEdgeDays);
    const outside = new Set(
      onEdgeDays.filter((id, i) => {
        const t = reports[i] ? Date.parse(reports[i]!.publishedAt) : NaN;
        return !(t >= from.getTime() && t <= to.getTime());
      }),
    );
    return ids.filter((id) => !outside.has(id));
  }

  async function* all(): AsyncGenerator<Report> {
    if (backend) {
      for await (const [, raw] of backend.scanPrefix(`${NAMESPACE}:${REPORT_PREFIX}`)) {
        const data = (await kv.deserialize!(raw)) as { value: Report } | undefined;
        if (data) yield data.value;
      }
      return;
    }
    if (!kv.iterator) throw new Error("This keyv backend cannot list its keys, so reports cannot be reindexed");
    for await (const [key, value] of kv.iterator(undefined)) {
      if ((key as string).startsWith(REPORT_PREFIX)) yield value as Report;
    }
  }

  async function count(): Promise<number> {
    if (backend) return backend.countPrefix(`${NAMESPACE}:${REPORT_PREFIX}`);
    let n = 0;
    for await (const _ of all()) n++;
    return n;
  }

  return {
    putMany,
    put: async (report) => (await putMany([report]))[0],
    get: (id) => kv.get<Report>(reportKey(id)),
    getMany,
    getSummaries,
    rewrite: (reports) => queue(async () => void (await kv.setMany(reports.flatMap(reportEntries)))),
    idByHash: (hash) => follow(hashKey(hash), (r) => r.contentHash === hash),
    idByUrl: (url) => follow(urlKey(url), (r) => r.url !== undefined && urlKey(r.url) === urlKey(url)),
    idsInWindow,
    all,
    count,
    kv,
    close: () => queue(() => kv.disconnect()),
  };
}

/** Refuses reports the keys cannot be built from (a pipeline bug, not user input). */
function assertStorable(report: Report): void {
  if (!report.id || !report.contentHash) throw new Error(`Report "${report.title}" has no id or content hash`);
  if (Number.isNaN(Date.parse(report.publishedAt))) {
    throw new Error(`Report ${report.id} has an invalid publishedAt: ${report.publishedAt}`);
  }
}
