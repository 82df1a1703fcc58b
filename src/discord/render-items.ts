/**
 * How one condensed item reads in Discord: its source, its text with loaded terms in bold quotes, and where it
 * comes from. Shared by briefs, reports and digests.
 */
import { attributed, markFraming } from "../brief/attribution.ts";
import type { BriefItem, CondensedItem } from "../types.ts";
import { escapeText, inlineCode, maskedLink, safeUrl } from "./escape.ts";

/** "Source: text with **“loaded”** terms", the source's name first so a quoted line keeps its attribution. */
export function itemLine(source: { name: string; short?: string }, item: CondensedItem): string {
  return attributed(item, source, DISCORD_FRAMING, source.name);
}

/** Escapes `text` and wraps each framing term in bold curly quotes (see `markFraming`). */
export function framedText(text: string, terms: string[]): string {
  return markFraming(text, terms, DISCORD_FRAMING);
}

const DISCORD_FRAMING = { quote, plain: escapeText };

function quote(term: string): string {
  return `**“${escapeText(term)}”**`;
}

/** `[2016-12-22 ¶3, ¶5](url)`, or the date and paragraphs with the `/report id:` command when there is no URL. */
export function citation(item: BriefItem): string {
  const label = [day(item.publishedAt), paragraphs(item.cites)].filter(Boolean).join(" ");
  return safeUrl(item.url) ? maskedLink(label, item.url) : `${label} · ${inlineCode(`/report id:${item.report}`)}`;
}

/** Paragraph references as a reader counts them: ¶ = paragraph index + 1. */
export function paragraphs(cites: number[]): string {
  return cites.map((i) => `¶${i + 1}`).join(", ");
}

/** The calendar day of an ISO instant. */
export function day(iso: string): string {
  return iso.slice(0, 10);
}
