/**
 * Plain-text rendering of briefs, search results, reports and the source registry, for the CLI and the
 * console. Discord has its own renderer (embeds); the data is the same.
 */
import { attributed } from "../brief/attribution.ts";
import type { Reply } from "../command.ts";
import { feedStatusLines, type FeedView } from "../feeds/feed-view.ts";
import { renderDigestText } from "../digest/digest-text.ts";
import type { RegionPack } from "../registry/regions.ts";
import type { Brief, Report, SearchHit, SearchResult, SourceLabelView } from "../types.ts";
import { MATCH_CLOSE, MATCH_OPEN } from "../types.ts";

const day = (iso: string) => iso.slice(0, 10);

/** Paragraphs as a reader counts them (¶1 is the first), as in Discord; JSON keeps 0-based indexes. */
const paragraphRefs = (cites: number[]) => cites.map((c) => `¶${c + 1}`).join(", ");

/** Turns the match markers of a snippet into `open`/`close` (e.g. "**" for Markdown, brackets for text). */
export function markSnippet(snippet: string, open: string, close: string): string {
  return snippet.split(MATCH_OPEN).join(open).split(MATCH_CLOSE).join(close);
}

function methodLine(items: Brief["sources"][number]["items"]): string {
  const models = [...new Set(items.map((i) => (i.method === "llm" ? `by ${i.model}` : `extractive${i.note ? ` (${i.note})` : ""}`)))];
  return `Condensed: ${models.join("; ")}`;
}

export function renderBriefText(brief: Brief): string {
  const lines = [`${brief.province.name} (${brief.province.code}) · ${day(brief.from)} → ${day(brief.to)} · ${brief.sources.length} source${brief.sources.length === 1 ? "" : "s"}`];
  for (const flag of brief.flags) lines.push(`⚠ ${flag.text}`);
  if (brief.overview?.length) {
    lines.push("", "Overview (model-written, checked against the items it cites):");
    for (const o of brief.overview) lines.push(`  • ${o.text}  [${o.sources.join(", ")}]`);
  }
  for (const { source, items } of brief.sources) {
    lines.push("", `${source.name}${source.short && source.short !== source.name ? ` (${source.short})` : ""} — ${source.label}`);
    for (const item of items) {
      const cites = paragraphRefs(item.cites);
      const also = item.alsoReportedBy?.length ? `  (also reported by ${item.alsoReportedBy.join(", ")})` : "";
      lines.push(`  • ${day(item.publishedAt)}  ${attributed(item, source)}  [report ${item.report} ${cites}]${also}`);
    }
    lines.push(`  ${methodLine(items)}`);
  }
  return lines.join("\n");
}

export function renderSearchText(result: SearchResult, offset = 0): string {
  if (!result.hits.length) return `No results (${result.total} total).`;
  const lines = [`${result.total} result${result.total === 1 ? "" : "s"}; showing ${offset + 1}–${offset + result.hits.length}`];
  result.hits.forEach((h: SearchHit, i) => {
    lines.push("", `${offset + i + 1}. ${h.title} · ${h.source ?? "unknown source"} · ${day(h.publishedAt)} · ${h.provinces.join(", ") || "no province"}`);
    lines.push(`   ${markSnippet(h.snippet, "[", "]")}`);
    lines.push(`   report ${h.report} ${paragraphRefs([h.paragraph])}`);
  });
  return lines.join("\n");
}

export function renderReportText(report: Report, source: SourceLabelView, regions: RegionPack): string {
  const lines = [
    report.title,
    `${source.name} — ${source.label}`,
    `Published ${report.publishedAt}${report.publishedAtEstimated ? " (not stated; ingest time)" : ""}${report.url ? ` · ${report.url}` : ""}`,
    `Provinces: ${report.provinces.map((c) => regions.province(c)?.name ?? c).join(", ") || "none"}`,
  ];
  for (const code of report.provinces) {
    const c = report.condensations[code];
    if (!c?.items.length) continue;
    lines.push("", `${regions.province(code)?.name ?? code}:`);
    for (const item of c.items) lines.push(`  • ${attributed(item, source)} [${paragraphRefs(item.cites)}]`);
  }
  return lines.join("\n");
}

export function renderSourcesText(sources: { view: SourceLabelView; domains: string[]; feeds?: FeedView[] }[]): string {
  return sources
    .map(({ view, domains, feeds }) =>
      [
        `${view.name} (${view.id})${domains.length ? ` — ${domains.join(", ")}` : ""}`,
        `  ${view.label}`,
        ...view.references.map((r) => `  ref: ${r.title} <${r.url}>`),
        ...(feeds ?? []).flatMap((feed) => feedStatusLines(feed).map((line, i) => `${i === 0 ? "  feed: " : "    "}${line}`)),
      ].join("\n"),
    )
    .join("\n\n");
}

/** A notice or a user error: the title, the text, then each hint indented. */
export function renderNoticeText(notice: { title?: string; text: string; lines?: string[] }): string {
  return [...(notice.title ? [notice.title] : []), notice.text, ...(notice.lines ?? []).map((l) => `  ${l}`)].join("\n");
}

/** The help list: each command's usage line with its description under it. */
export function renderHelpText(commands: { name: string; description: string; usage: string }[]): string {
  return commands.map((c) => `${c.usage}\n  ${c.description}`).join("\n");
}

/** Any command reply as plain text (the console's view of what Discord shows as embeds). */
export function renderReplyText(reply: Reply, regions: RegionPack): string {
  switch (reply.kind) {
    case "brief":
      return renderBriefText(reply.brief);
    case "search":
      return renderSearchText(reply.result, reply.page * reply.pageSize);
    case "report":
      return renderReportText(reply.report, reply.source, regions);
    case "sources":
      return renderSourcesText(reply.sources);
    case "notice":
      return renderNoticeText(reply);
    case "help":
      return renderHelpText(reply.commands);
    case "digest":
      return renderDigestText(reply.edition);
  }
}
