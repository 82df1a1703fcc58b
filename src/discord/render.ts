/**
 * Rendering transport-neutral replies (src/command.ts) as Discord messages: embeds within Discord's limits,
 * source text escaped, loaded terms quoted in bold and attributed, and `allowed_mentions: { parse: [] }` on
 * every message. A reply can become several messages (a long brief); the router sends the first as the
 * answer and the rest as follow-ups.
 */
import { ButtonStyle, ComponentType } from "discord.js";
import type { APIActionRowComponent, APIButtonComponent } from "discord-api-types/v10";
import type { Reply } from "../command.ts";
import type { Brief, BriefItem, SearchHit, SearchQuery } from "../types.ts";
import { MATCH_CLOSE, MATCH_OPEN } from "../types.ts";
import { feedStatusLines } from "../feeds/feed-view.ts";
import { escapeText, inlineCode, maskedLink, plainText, safeUrl } from "./escape.ts";
import { clipMarkdown, layoutMessages, layoutText, LIMITS, type RenderedMessage, type Section } from "./layout.ts";
import { renderDigest } from "./render-digest.ts";
import { citation, day, itemLine, paragraphs } from "./render-items.ts";

export type { RenderedMessage } from "./layout.ts";

/** Longest snippet shown per search hit; the search stage makes snippets, this only guards the layout. */
const SNIPPET_MAX = 600;

/** Renders any reply as one or more Discord messages, each within Discord's limits. */
export function renderReply(reply: Reply): RenderedMessage[] {
  switch (reply.kind) {
    case "brief":
      return renderBrief(reply.brief, reply.ephemeral ?? false);
    case "search":
      return renderSearch(reply);
    case "report":
      return renderReport(reply);
    case "sources":
      return renderSources(reply);
    case "notice":
      return renderNotice(reply);
    case "help":
      return renderHelp(reply);
    case "digest":
      return renderDigest(reply.edition, reply.ephemeral ?? false);
  }
}

/**
 * A brief: a header (province, window, one-sidedness flags), then one embed per source titled with its name,
 * its label in italics, and its items as bullets attributed to the source, each loaded term as **“term”**,
 * each with a citation (a link to the report, or the `/report id:` to run). The footer says how it was condensed.
 */
function renderBrief(brief: Brief, ephemeral: boolean): RenderedMessage[] {
  const province = escapeText(brief.province.name);
  const itemCount = brief.sources.reduce((n, s) => n + s.items.length, 0);
  const header = [
    `**${province}** · ${day(brief.from)} → ${day(brief.to)} · ${count(brief.sources.length, "source")}, ${count(itemCount, "item")}`,
    ...brief.flags.map((f) => `${f.type === "one-side-only" ? "⚠" : "ℹ"} ${escapeText(f.text)}`),
    ...(brief.sources.length === 0 && brief.flags.length === 0 ? [`No reports on ${province} in this window.`] : []),
  ].join("\n");
  const overview: Section[] = brief.overview?.length
    ? [{ title: "Overview", lines: brief.overview.map((o) => `• ${escapeText(o.text)} — ${o.sources.map(escapeText).join(", ")}`), footer: "Model-written, checked against the items it cites" }]
    : [];
  const sections: Section[] = [...overview, ...brief.sources.map(({ source, items }) => ({
    title: escapeText(source.name),
    lines: [`*${escapeText(source.label)}*`, "", ...items.map((item) => `• ${itemLine(source, item)} — ${citation(item)}${item.alsoReportedBy?.length ? ` · also reported by ${item.alsoReportedBy.map(escapeText).join(", ")}` : ""}`)],
    footer: condensedBy(items),
  }))];
  return layoutMessages(sections, { header, ephemeral, overflowHint: "Narrow it with days: or source:." });
}

/** "Condensed: extractive", "Condensed by MODEL", with notes and a breakdown when items differ. */
function condensedBy(items: Pick<BriefItem, "method" | "model" | "note">[]): string {
  const groups = new Map<string, number>();
  for (const item of items) {
    const how = item.method === "llm" ? `by ${item.model ?? "an LLM"}` : "extractive";
    const key = item.note ? `${how} (${item.note})` : how;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  if (groups.size === 0) return "Condensed: nothing to condense";
  const parts = [...groups].map(([how, n]) => (groups.size > 1 ? `${how} for ${count(n, "item")}` : how));
  const text = parts.join("; ");
  return plainText(text.startsWith("by ") ? `Condensed ${text}` : `Condensed: ${text}`);
}

/**
 * A search page: up to `pageSize` hits (title · source · date · provinces, the snippet with matches in bold,
 * the report to open), "Page N of M (T hits)", and Previous/Next buttons (`search:<token>:<page>`) disabled at the ends.
 */
function renderSearch(reply: Extract<Reply, { kind: "search" }>): RenderedMessage[] {
  const { query, result, page, pageSize } = reply;
  const pages = Math.max(1, Math.ceil(result.total / pageSize));
  const title = `Search: “${escapeText(query.text)}”`;
  const filters = searchFilters(query);
  if (result.total === 0 || result.hits.length === 0) {
    const lines = [...filters, `No reports match “${escapeText(query.text)}”${result.total > 0 ? " on this page" : ""}. Try fewer words, another spelling, or a wider window.`];
    return layoutMessages([{ title, lines }], { ephemeral: reply.ephemeral });
  }
  const hits = result.hits.slice(0, pageSize).flatMap((hit, i) => [...hitLines(hit, page * pageSize + i + 1), ""]);
  const section: Section = { title, lines: [...filters, ...(filters.length ? [""] : []), ...hits], footer: `Page ${page + 1} of ${pages} (${count(result.total, "hit")})` };
  const components = reply.pagingToken && pages > 1 ? [pagingRow(reply.pagingToken, page, pages)] : [];
  return layoutMessages([section], { ephemeral: reply.ephemeral, components });
}

function searchFilters(query: SearchQuery): string[] {
  const parts = [
    query.province ? `province ${escapeText(query.province)}` : "",
    query.source ? `source ${escapeText(query.source)}` : "",
    query.from ? `from ${day(query.from)}` : "",
    query.to ? `to ${day(query.to)}` : "",
  ].filter(Boolean);
  return parts.length > 0 ? [`*Filters: ${parts.join(" · ")}*`] : [];
}

function hitLines(hit: SearchHit, n: number): string[] {
  const meta = [escapeText(hit.source ?? "unknown source"), day(hit.publishedAt), hit.provinces.map(escapeText).join(", ")].filter(Boolean).join(" · ");
  return [
    clipMarkdown(`**${n}. ${escapeText(hit.title)}**`, LIMITS.title),
    `${meta} · ${inlineCode(`/report id:${hit.report}`)} ¶${hit.paragraph + 1}`,
    clipMarkdown(highlight(hit.snippet), SNIPPET_MAX),
  ];
}

/** Escapes a snippet and turns its MATCH_OPEN/MATCH_CLOSE markers into bold (an unclosed match ends at the end). */
export function highlight(snippet: string): string {
  let out = "";
  let inMatch = false;
  for (const piece of snippet.split(new RegExp(`([${MATCH_OPEN}${MATCH_CLOSE}])`))) {
    if (piece === MATCH_OPEN || piece === MATCH_CLOSE) {
      inMatch = piece === MATCH_OPEN;
      continue;
    }
    if (piece === "") continue;
    out += inMatch && piece.trim() !== "" ? `**${escapeText(piece)}**` : escapeText(piece);
  }
  return out;
}

function pagingRow(token: string, page: number, pages: number): APIActionRowComponent<APIButtonComponent> {
  const button = (label: string, target: number, disabled: boolean): APIButtonComponent => {
    const customId = `search:${token}:${target}`;
    if (customId.length > LIMITS.customId) throw new Error(`paging token too long for a button custom id (${customId.length} > ${LIMITS.customId})`);
    return { type: ComponentType.Button, style: ButtonStyle.Secondary, label, custom_id: customId, disabled };
  };
  return { type: ComponentType.ActionRow, components: [button("◀ Previous", page - 1, page <= 0), button("Next ▶", page + 1, page >= pages - 1)] };
}

/** One report: title linked to the article, source and label, date, provinces, then its condensation per province. */
function renderReport(reply: Extract<Reply, { kind: "report" }>): RenderedMessage[] {
  const { report, source } = reply;
  const about: Section = {
    title: escapeText(report.title || "(untitled report)"),
    url: safeUrl(report.url),
    lines: [
      `**${escapeText(source.name)}** — *${escapeText(source.label)}*`,
      `Published ${day(report.publishedAt)}${report.publishedAtEstimated ? " (date estimated from when it was ingested)" : ""}`,
      `Provinces: ${report.provinces.length > 0 ? report.provinces.map(escapeText).join(", ") : "none found"}`,
      `Report ${inlineCode(report.id)}${safeUrl(report.url) ? ` · ${maskedLink("original article", report.url)}` : ""}`,
    ],
  };
  const condensed: Section[] = Object.values(report.condensations).map((c) => ({
    title: `${escapeText(c.province)} — condensed`,
    lines: c.items.length > 0 ? c.items.map((item) => `• ${itemLine(source, item)} — ${paragraphs(item.cites)}`) : ["*Nothing to condense.*"],
    footer: condensedBy(c.items.map(() => c)),
  }));
  return layoutMessages([about, ...condensed], { ephemeral: reply.ephemeral, overflowHint: "Use /brief for one province." });
}

/** The source registry: each source's name, id, label, domains and references. */
function renderSources(reply: Extract<Reply, { kind: "sources" }>): RenderedMessage[] {
  const lines = reply.sources.flatMap(({ view, domains, feeds }) => [
    `**${escapeText(view.name)}** ${inlineCode(view.id)} — *${escapeText(view.label)}*`,
    ...(domains.length > 0 ? [`Domains: ${domains.map(escapeText).join(", ")}`] : []),
    ...(feeds ?? []).flatMap((feed) => feedStatusLines(feed).map((line, i) => `${i === 0 ? "Feed: " : "↳ "}${escapeText(line)}`)),
    ...(view.references.length > 0 ? [`References: ${view.references.map((r) => maskedLink(escapeText(r.title), r.url)).join(" · ")}`] : []),
    "",
  ]);
  return layoutMessages([{ title: `Sources (${reply.sources.length})`, lines }], { ephemeral: reply.ephemeral });
}

/** A notice (also every error the user sees): bold title, the text, hints as bullets; as message content. */
function renderNotice(reply: Extract<Reply, { kind: "notice" }>): RenderedMessage[] {
  const text = [reply.title ? `**${escapeText(reply.title)}**` : "", escapeText(reply.text), ...(reply.lines ?? []).map((l) => `• ${escapeText(l)}`)].filter(Boolean).join("\n");
  return layoutText(text, reply.ephemeral ?? false);
}

function renderHelp(reply: Extract<Reply, { kind: "help" }>): RenderedMessage[] {
  const lines = reply.commands.flatMap((c) => [`**/${escapeText(c.name)}** — ${escapeText(c.description)}`, inlineCode(c.usage), ""]);
  return layoutMessages([{ title: "Sitrep commands", lines }], { ephemeral: reply.ephemeral });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

