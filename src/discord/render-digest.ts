/**
 * A daily digest as Discord messages: the heading, the window and a one-line coverage summary (who reported
 * where; provinces covered by one side only) as content, then one embed per province with each source's
 * label and its newest items — loaded terms quoted and attributed as in a brief — and the `/report` ids to
 * open. A quiet day is one short line. The output depends only on the edition, so a retry after a crash
 * sends exactly the same messages (and `findPosted` can recognise them).
 */
import type { DigestEdition } from "../digest/compose.ts";
import type { Brief } from "../types.ts";
import { escapeText, inlineCode } from "./escape.ts";
import { clipMarkdown, layoutMessages, layoutText, type RenderedMessage, type Section } from "./layout.ts";
import { citation, itemLine } from "./render-items.ts";

/** Items shown per source and province; the rest is one "/brief" pointer away. */
const ITEMS_PER_SOURCE = 3;
/** Report ids listed per province. */
const REPORTS_PER_PROVINCE = 5;
const COVERAGE_MAX = 900;
/** A digest is a post in a channel, not a dump: what does not fit in three messages gets a pointer. */
const MAX_MESSAGES = 3;

/** Renders an edition; `ephemeral` only for `/digest preview`. */
export function renderDigest(edition: DigestEdition, ephemeral = false): RenderedMessage[] {
  const { digest } = edition;
  const heading = `**${escapeText(edition.heading)}**`;
  if (digest.briefs.length === 0) {
    return layoutText(`${heading} — nothing new on ${escapeText(digest.scopeLabel)} since ${when(digest.from)} UTC.`, ephemeral);
  }
  const sources = digest.coverage.bySource.length;
  const header = [
    heading,
    `Reports from ${when(digest.from)} to ${when(digest.to)} UTC · ${count(digest.briefs.length, "province")} · ${count(sources, "source")}${digest.coverage.quiet > 0 ? ` · ${digest.coverage.quiet} quiet` : ""}`,
    coverageLine(edition),
  ].join("\n");
  return layoutMessages(digest.briefs.map(provinceSection), { header, ephemeral, maxMessages: MAX_MESSAGES, overflowHint: "Use /brief province: for the rest." });
}

/** "Coverage: FNA → Aleppo, Homs · SOHR → Raqqa — one side only: Aleppo (government)". */
function coverageLine(edition: DigestEdition): string {
  const { bySource, oneSided } = edition.digest.coverage;
  const who = bySource.map(({ source, provinces }) => `${escapeText(source.short ?? source.name)} → ${provinces.map((p) => escapeText(p.name)).join(", ")}`).join(" · ");
  const sided = oneSided.length > 0 ? ` — one side only: ${oneSided.map((o) => `${escapeText(o.province.name)} (${escapeText(o.side)})`).join(", ")}` : "";
  return clipMarkdown(`Coverage: ${who}${sided}`, COVERAGE_MAX);
}

function provinceSection(brief: Brief): Section {
  const lines: string[] = [];
  for (const { source, items } of brief.sources) {
    lines.push(`**${escapeText(source.name)}** — *${escapeText(source.label)}*`);
    for (const item of items.slice(0, ITEMS_PER_SOURCE)) lines.push(`• ${itemLine(source, item)} — ${citation(item)}`);
    if (items.length > ITEMS_PER_SOURCE) lines.push(`…${count(items.length - ITEMS_PER_SOURCE, "more item")}: ${inlineCode(`/brief province:${brief.province.code} source:${source.id}`)}`);
    lines.push("");
  }
  const reports = [...new Set(brief.sources.flatMap((s) => s.items.map((i) => i.report)))];
  const shown = reports.slice(0, REPORTS_PER_PROVINCE).map((id) => inlineCode(`/report id:${id}`));
  lines.push(`Reports: ${shown.join(" · ")}${reports.length > shown.length ? ` · …${reports.length - shown.length} more` : ""}`);
  return { title: `${escapeText(brief.province.name)} (${escapeText(brief.province.code)})`, lines };
}

/** "24 Nov 12:00" (UTC). */
function when(iso: string): string {
  const d = new Date(iso);
  const month = d.toLocaleString("en-GB", { month: "short", timeZone: "UTC" });
  return `${d.getUTCDate()} ${month} ${iso.slice(11, 16)}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
