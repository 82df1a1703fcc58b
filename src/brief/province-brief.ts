/**
 * The province brief: for a province and a window, each source's condensed account with its label,
 * newest first, and a flag when only one side of the conflict reported. The same Brief feeds the CLI,
 * the console and Discord; only rendering differs.
 *
 * With a model configured (`ctx.llm`), condensations are made here, lazily, rather than at ingest: only
 * reports someone reads cost model calls, and the answers are cached by content, so every later brief and
 * digest of the same reports costs none (bench "llm": model calls per day of briefs, 1 vs 1,000 digests).
 */
import type { Context } from "../context.ts";
import { UserError } from "../errors.ts";
import { requireProvince, requireSource } from "../registry/resolve.ts";
import type { Brief, BriefFlag, BriefItem, Province, Report, ReportSummary, SourceLabelView } from "../types.ts";
import { DAY_MS } from "../clock.ts";

export interface BriefOptions {
  province: string;
  days?: number;
  /** Registry id, name or alias. */
  source?: string;
  /** Upper bound on days (Discord offers 1–30; the CLI allows more). */
  maxDays?: number;
  /** Who asked (a user id): an on-demand brief that needs new model calls starts their LLM cooldown. */
  requester?: string;
  /** Add a cross-source overview when a model is configured (default true). */
  overview?: boolean;
  /** An explicit window (digests: since the last one) instead of the last `days` days up to now. */
  window?: { from: Date; to: Date };
}


/** Builds the brief for one province over the last `days` days (default 7). */
export async function buildBrief(ctx: Context, options: BriefOptions): Promise<Brief> {
  const province = requireProvince(ctx, options.province);
  const days = options.days ?? 7;
  const maxDays = options.maxDays ?? 3650;
  if (!Number.isInteger(days) || days < 1 || days > maxDays) throw new UserError(`days must be a whole number from 1 to ${maxDays}.`);
  const sourceId = options.source ? requireSource(ctx, options.source) : undefined;

  const to = options.window?.to ?? ctx.clock.now();
  const from = options.window?.from ?? new Date(to.getTime() - days * DAY_MS);
  const ids = await ctx.store.idsInWindow(province.code, from, to);
  const session = ctx.llm?.session({ requester: options.requester });
  // The model needs the paragraphs; the extractive brief only the stored condensations.
  const stored: (ReportSummary | undefined)[] = session ? await ctx.store.getMany(ids) : await ctx.store.getSummaries(ids);
  const found = stored.filter((r): r is ReportSummary => {
    if (!r) return false;
    const t = Date.parse(r.publishedAt);
    return t >= from.getTime() && t <= to.getTime() && (!sourceId || r.sourceId === sourceId);
  });
  // A near-duplicate is left out when the report it repeats is in the brief: that report's items name its source.
  const inBrief = new Set(found.map((r) => r.id));
  const reports = found.filter((r) => !r.duplicateOf || !inBrief.has(r.duplicateOf));
  reports.sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt));

  const labels = reports.map((report) => labelOf(ctx, report));
  const condensations = session
    ? // With a session the store returned whole reports (above).
      await session.condense(reports.map((report, i) => ({ report: report as Report, province, source: labels[i] })))
    : reports.map((report) => report.condensations[province.code]);

  const groups = new Map<string, { source: SourceLabelView; items: BriefItem[] }>();
  for (const [i, report] of reports.entries()) {
    const condensation = condensations[i];
    if (!condensation?.items.length) continue;
    const key = report.sourceId ?? `unknown:${report.sourceName ?? ""}`;
    let group = groups.get(key);
    if (!group) {
      group = { source: labels[i], items: [] };
      groups.set(key, group);
    }
    const also = alsoReportedBy(ctx, report, labels[i]);
    for (const item of condensation.items) {
      group.items.push({
        ...(also.length ? { alsoReportedBy: also } : {}),
        ...item,
        report: report.id,
        reportTitle: report.title,
        url: report.url,
        publishedAt: report.publishedAt,
        method: condensation.method,
        model: condensation.model,
        note: condensation.note,
      });
    }
  }
  const sources = [...groups.values()];
  const brief: Brief = { province, from: from.toISOString(), to: to.toISOString(), sources, flags: flagsFor(province, sources.map((s) => s.source)) };
  const overview = session && options.overview !== false ? await session.overview(province, sources) : undefined;
  if (overview?.length) brief.overview = overview;
  return brief;
}

/** Names of the other sources that carried a report's story (its `alsoReportedBy`), its own source left out. */
function alsoReportedBy(ctx: Pick<Context, "sources">, report: ReportSummary, own: SourceLabelView): string[] {
  const names = (report.alsoReportedBy ?? []).map((copy) => labelOf(ctx, { sourceId: copy.sourceId, sourceName: copy.sourceName, publishedAt: report.publishedAt }).name);
  return [...new Set(names)].filter((name) => name !== own.name);
}

/** The label of a report's source as of the report's date. */
export function labelOf(ctx: Pick<Context, "sources">, report: Pick<Report, "sourceId" | "sourceName" | "publishedAt">): SourceLabelView {
  const view = ctx.sources.labelFor(report.sourceId, report.publishedAt, report.sourceName);
  const source = report.sourceId ? ctx.sources.get(report.sourceId) : undefined;
  const short = source?.datelines.find((d) => d.length <= 12) ?? source?.aliases.find((a) => /^[A-Z]{2,6}$/.test(a));
  return { ...view, short: short ?? view.name };
}

function flagsFor(province: Province, sources: SourceLabelView[]): BriefFlag[] {
  if (!sources.length) return [{ type: "no-reports", text: `No stored report covers ${province.name} in this window.` }];
  const sides = new Set(sources.map((s) => s.side));
  const [side] = sides;
  if (sides.size === 1 && side) {
    return [{ type: "one-side-only", text: `Only ${side}-aligned sources reported on ${province.name} in this window.` }];
  }
  return [];
}
