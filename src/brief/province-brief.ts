/**
 * The province brief: for a province and a window, each source's condensed account with its label,
 * newest first, and a flag when only one side of the conflict reported. The same Brief feeds the CLI,
 * the console and Discord; only rendering differs.
 */
import type { Context } from "../context.ts";
import { UserError } from "../errors.ts";
import { requireProvince, requireSource } from "../registry/resolve.ts";
import type { Brief, BriefFlag, BriefItem, Province, Report, SourceLabelView } from "../types.ts";

export interface BriefOptions {
  province: string;
  days?: number;
  /** Registry id, name or alias. */
  source?: string;
  /** Upper bound on days (Discord offers 1–30; the CLI allows more). */
  maxDays?: number;
}

const DAY = 86_400_000;

/** Builds the brief for one province over the last `days` days (default 7). */
export async function buildBrief(ctx: Context, options: BriefOptions): Promise<Brief> {
  const province = requireProvince(ctx, options.province);
  const days = options.days ?? 7;
  const maxDays = options.maxDays ?? 3650;
  if (!Number.isInteger(days) || days < 1 || days > maxDays) throw new UserError(`days must be a whole number from 1 to ${maxDays}.`);
  const sourceId = options.source ? requireSource(ctx, options.source) : undefined;

  const to = ctx.clock.now();
  const from = new Date(to.getTime() - days * DAY);
  const ids = await ctx.store.idsInWindow(province.code, from, to);
  const reports = (await ctx.store.getMany(ids)).filter((r): r is Report => {
    if (!r) return false;
    const t = Date.parse(r.publishedAt);
    return t >= from.getTime() && t <= to.getTime() && (!sourceId || r.sourceId === sourceId);
  });
  reports.sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt));

  const groups = new Map<string, { source: SourceLabelView; items: BriefItem[] }>();
  for (const report of reports) {
    const condensation = report.condensations[province.code];
    if (!condensation?.items.length) continue;
    const key = report.sourceId ?? `unknown:${report.sourceName ?? ""}`;
    let group = groups.get(key);
    if (!group) {
      group = { source: labelOf(ctx, report), items: [] };
      groups.set(key, group);
    }
    for (const item of condensation.items) {
      group.items.push({
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
  return { province, from: from.toISOString(), to: to.toISOString(), sources, flags: flagsFor(province, sources.map((s) => s.source)) };
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
