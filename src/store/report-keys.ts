/**
 * The key layout of reports inside the one keyv namespace. A brief over N days is one getMany of N day keys
 * and one getMany of reports; dedup is one getMany of hash/url keys.
 */
import type { Report, ReportSummary } from "../types.ts";
import { normaliseUrl } from "./url-key.ts";
import { DAY_MS } from "../clock.ts";

/** The day-list "province" that lists every report of a day. */
export const ALL_PROVINCES = "*";


export const REPORT_PREFIX = "report:";

/** `report:<id>` → Report */
export const reportKey = (id: string): string => `${REPORT_PREFIX}${id}`;
/** `summary:<id>` → the report without its paragraphs: what briefs and digests read (a tenth of the size). */
export const summaryKey = (id: string): string => `summary:${id}`;
/** `hash:<contentHash>` → id */
export const hashKey = (contentHash: string): string => `hash:${contentHash}`;
/** `url:<normalised url>` → id */
export const urlKey = (url: string): string => `url:${normaliseUrl(url)}`;
/** `day:<province or *>:<YYYY-MM-DD>` → ids published that UTC day, most recently stored first */
export const dayKey = (province: string, day: string): string => `day:${province}:${day}`;

/** The UTC calendar day (YYYY-MM-DD) of an instant. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The day keys a report is listed under: one per province it is about, and one under "*". */
export function dayKeysOf(report: Report): string[] {
  const day = utcDay(new Date(report.publishedAt));
  return [...new Set([...report.provinces, ALL_PROVINCES])].map((p) => dayKey(p, day));
}

/** The UTC days touched by [from, to], newest first. */
export function daysNewestFirst(from: Date, to: Date): string[] {
  const days: string[] = [];
  const first = Date.parse(utcDay(from));
  for (let t = Date.parse(utcDay(to)); t >= first; t -= DAY_MS) days.push(utcDay(new Date(t)));
  return days;
}

/** True when [from, to] contains the whole UTC day `day`. */
export function coversDay(from: Date, to: Date, day: string): boolean {
  const start = Date.parse(day);
  return from.getTime() <= start && to.getTime() >= start + DAY_MS - 1;
}

/** A report without its paragraphs. */
export function summaryOf(report: Report): ReportSummary {
  const { paragraphs: _paragraphs, ...summary } = report;
  return summary;
}

/** The keys holding a report whole and as a summary, written together. */
export function reportEntries(report: Report): { key: string; value: unknown }[] {
  return [
    { key: reportKey(report.id), value: report },
    { key: summaryKey(report.id), value: summaryOf(report) },
  ];
}
