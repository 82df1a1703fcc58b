/**
 * Decides, for a batch of incoming reports, which are new, which update a stored report (same URL, new
 * content) and which are duplicates (same content) — against the store and against earlier reports of the
 * same batch. Pure: the store reads what the plan needs first and writes what it returns in one setMany.
 */
import type { Report } from "../types.ts";
import { dayKeysOf, hashKey, urlKey } from "./report-keys.ts";

export type PutStatus = "created" | "updated" | "duplicate";

/** What the store holds for the keys a batch touches. */
export interface StoredView {
  /** `hash:`/`url:` keys → the id they point to (may be stale after an update; checked against the report). */
  pointers: Map<string, string | undefined>;
  /** Stored reports by id, for every id the pointers or the incoming reports name. */
  reports: Map<string, Report | undefined>;
}

export interface PutPlan {
  results: { id: string; status: PutStatus }[];
  /** Final version of every report to write, by id. */
  writes: Map<string, Report>;
  /** Per day key: ids to add (most recent first) and ids to drop. */
  dayChanges: Map<string, { add: string[]; drop: Set<string> }>;
  /** Pointer keys left pointing at a report whose content changed; harmless, but worth deleting. */
  stale: string[];
}

/** Plans a batch. Throws when an incoming id already names a different stored report. */
export function planPut(incoming: Report[], view: StoredView): PutPlan {
  const writes = new Map<string, Report>();
  const pointers = new Map(view.pointers);
  const current = (id: string | undefined) => (id === undefined ? undefined : (writes.get(id) ?? view.reports.get(id)));
  const results: PutPlan["results"] = [];

  for (const report of incoming) {
    const sameContent = pointers.get(hashKey(report.contentHash));
    if (current(sameContent)?.contentHash === report.contentHash) {
      results.push({ id: sameContent!, status: "duplicate" });
      continue;
    }
    const sameUrl = report.url === undefined ? undefined : pointers.get(urlKey(report.url));
    const previous = current(sameUrl);
    let next: Report;
    if (previous?.url !== undefined && urlKey(previous.url) === urlKey(report.url!)) {
      next = { ...report, id: previous.id };
      results.push({ id: next.id, status: "updated" });
    } else {
      if (current(report.id) !== undefined) {
        throw new Error(`Report id ${report.id} already names a different report (${current(report.id)!.origin})`);
      }
      next = report;
      results.push({ id: next.id, status: "created" });
    }
    writes.set(next.id, next);
    pointers.set(hashKey(next.contentHash), next.id);
    if (next.url !== undefined) pointers.set(urlKey(next.url), next.id);
  }

  const dayChanges: PutPlan["dayChanges"] = new Map();
  const change = (key: string) => {
    let c = dayChanges.get(key);
    if (!c) dayChanges.set(key, (c = { add: [], drop: new Set() }));
    return c;
  };
  const stale: string[] = [];
  // Newest in the batch first, so each day list stays "most recently stored first".
  for (const next of [...writes.values()].reverse()) {
    const old = view.reports.get(next.id);
    if (old) {
      for (const key of dayKeysOf(old)) change(key).drop.add(old.id);
      const oldHash = hashKey(old.contentHash);
      // Unless a later report of the batch took that hash over, the old pointer now leads to changed content.
      if (old.contentHash !== next.contentHash && pointers.get(oldHash) === next.id) stale.push(oldHash);
    }
    for (const key of dayKeysOf(next)) change(key).add.push(next.id);
  }
  return { results, writes, dayChanges, stale };
}

/** Applies a day key's changes to its stored list: new ids first, dropped and re-added ids removed from the rest. */
export function mergeDayList(existing: string[] | undefined, { add, drop }: { add: string[]; drop: Set<string> }): string[] {
  const added = new Set(add);
  return [...add, ...(existing ?? []).filter((id) => !added.has(id) && !drop.has(id))];
}
