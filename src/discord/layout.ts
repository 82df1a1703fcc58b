/**
 * Fitting rendered text into Discord's limits. Text is split only where a reader can tell it goes on
 * (between lines, or between words outside bold/italic/link/code spans, with "(continued)" on the next
 * embed or message); it is never cut mid-word unless a single word is longer than a whole embed, and
 * then the cut is marked with "…".
 */
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from "discord-api-types/v10";

/** Discord's limits (characters counted as JS string length, which never undercounts Discord's count). */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Sum over all embeds of a message: titles, descriptions, field names and values, footers, author names. */
  messageEmbedTotal: 6000,
  embedsPerMessage: 10,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  customId: 100,
  buttonLabel: 80,
} as const;

/** One message ready to send: the router turns it into discord.js options. */
export interface RenderedMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  ephemeral: boolean;
  allowedMentions: { parse: [] };
}

/** A titled block of markdown lines; long sections become several embeds titled "… (continued)". */
export interface Section {
  title: string;
  url?: string;
  lines: string[];
  /** Plain text (footers show no markdown). Put on the section's last embed. */
  footer?: string;
}

export interface LayoutOptions {
  /** Markdown shown above the embeds of the first message. */
  header?: string;
  ephemeral?: boolean;
  /** Buttons, attached to the last message. */
  components?: APIActionRowComponent<APIButtonComponent>[];
  /** At most this many messages (default 5); what does not fit is replaced by a note with `overflowHint`. */
  maxMessages?: number;
  overflowHint?: string;
}

const CONTINUED = " (continued)";

/**
 * Packs sections into messages: each section's lines fill embed descriptions (≤ 4096, and small enough that
 * title + description + footer stay under 6000), embeds fill messages (≤ 10 embeds, ≤ 6000 characters).
 */
export function layoutMessages(sections: Section[], options: LayoutOptions = {}): RenderedMessage[] {
  const embeds = sections.flatMap(sectionEmbeds);
  const groups: APIEmbed[][] = [];
  let size = Infinity;
  for (const embed of embeds) {
    const length = embedLength(embed);
    const current = groups[groups.length - 1];
    if (!current || current.length >= LIMITS.embedsPerMessage || size + length > LIMITS.messageEmbedTotal) {
      groups.push([embed]);
      size = length;
    } else {
      current.push(embed);
      size += length;
    }
  }
  if (groups.length === 0) groups.push([]);

  const max = options.maxMessages ?? 5;
  const kept = groups.slice(0, max);
  const dropped = groups.slice(max).flat();
  const messages: RenderedMessage[] = kept.map((group, i) => ({
    content: i === 0 ? options.header : `*(continued, part ${i + 1} of ${kept.length})*`,
    embeds: group,
    components: [],
    ephemeral: options.ephemeral ?? false,
    allowedMentions: { parse: [] },
  }));
  const last = messages[messages.length - 1];
  if (dropped.length > 0) {
    const lines = dropped.reduce((n, e) => n + (e.description?.split("\n").filter((l) => l.trim() !== "").length ?? 0), 0);
    const note = `*…${lines} more line${lines === 1 ? "" : "s"} not shown.${options.overflowHint ? ` ${options.overflowHint}` : ""}*`;
    last.content = clipMarkdown(last.content ? `${last.content}\n${note}` : note, LIMITS.content);
  }
  if (last.content !== undefined) last.content = clipMarkdown(last.content, LIMITS.content);
  last.components = options.components ?? [];
  return messages;
}

/** Notices and other plain replies: markdown text as message content, split across messages at 2000 characters. */
export function layoutText(text: string, ephemeral: boolean): RenderedMessage[] {
  return splitMarkdown(text, LIMITS.content).map((content) => ({ content, embeds: [], components: [], ephemeral, allowedMentions: { parse: [] } }));
}

function sectionEmbeds(section: Section): APIEmbed[] {
  const title = clipMarkdown(section.title, LIMITS.title);
  const continuedTitle = clipMarkdown(section.title, LIMITS.title - CONTINUED.length) + CONTINUED;
  const footer = section.footer ? clipPlain(section.footer, LIMITS.footer) : undefined;
  const budget = Math.min(LIMITS.description, LIMITS.messageEmbedTotal - Math.max(title.length, continuedTitle.length) - (footer?.length ?? 0));
  const chunks = packLines(section.lines, budget);
  if (chunks.length === 0) chunks.push("");
  return chunks.map((description, i) => {
    const embed: APIEmbed = { title: i === 0 ? title : continuedTitle };
    if (description) embed.description = description;
    if (i === 0 && section.url) embed.url = section.url;
    if (i === chunks.length - 1 && footer) embed.footer = { text: footer };
    return embed;
  });
}

/** Joins lines with "\n" into chunks of at most `max` characters; a line longer than `max` is split between words. */
export function packLines(lines: string[], max: number): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const line of lines.flatMap((l) => splitMarkdown(l, max))) {
    const joined = current === "" ? line : `${current}\n${line}`;
    if (joined.length <= max) {
      current = joined;
    } else {
      if (current.trim() !== "") chunks.push(current.trimEnd());
      current = line;
    }
  }
  if (current.trim() !== "") chunks.push(current.trimEnd());
  return chunks.map((c) => c.replace(/^\n+/, ""));
}

/**
 * Splits markdown into parts of at most `max` characters: at the last line break, else at the last space
 * outside a formatting span; only a single word longer than `max` is cut, and that cut ends in "…".
 */
export function splitMarkdown(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const breaks = breakPoints(rest).filter((i) => i <= max && i > 0);
    const newline = breaks.filter((i) => rest[i] === "\n").pop();
    const cut = newline !== undefined && newline > max / 2 ? newline : breaks.pop();
    if (cut === undefined) {
      const hard = hardCut(rest, max - 1);
      parts.push(`${rest.slice(0, hard)}…`);
      rest = rest.slice(hard);
    } else {
      parts.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).replace(/^[ \n]+/, "");
    }
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

/** Shortens markdown to `max` characters at a word boundary outside formatting spans, ending in "…". */
export function clipMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = breakPoints(text)
    .filter((i) => i <= max - 1 && i > 0)
    .pop();
  return `${(cut === undefined ? text.slice(0, hardCut(text, max - 1)) : text.slice(0, cut)).trimEnd()}…`;
}

/** Shortens text without markdown to `max` characters at a word boundary, ending in "…". */
export function clipPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  const space = text.lastIndexOf(" ", max - 1);
  return `${(space > max / 2 ? text.slice(0, space) : text.slice(0, hardCut(text, max - 1))).trimEnd()}…`;
}

/** The characters Discord counts toward a message's 6000 embed characters. */
export function embedLength(e: APIEmbed): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

/**
 * Positions of spaces and line breaks where markdown can be split: outside `**bold**`, `*italic*`,
 * `[link](url)` and `` `code` `` spans, and not right after an escaping backslash.
 */
function breakPoints(text: string): number[] {
  const points: number[] = [];
  let bold = false;
  let italic = false;
  let code = false;
  let link: "none" | "label" | "url" = "none";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (code) {
      if (c === "`") code = false;
      continue;
    }
    if (c === "\\") {
      i++;
      continue;
    }
    if (link === "url") {
      if (c === ")") link = "none";
      continue;
    }
    if (c === "`") code = true;
    else if (c === "[") link = "label";
    else if (c === "]" && link === "label") link = text[i + 1] === "(" ? "url" : "none";
    else if (c === "*") {
      if (text[i + 1] === "*") {
        bold = !bold;
        i++;
      } else italic = !italic;
    } else if ((c === " " || c === "\n") && !bold && !italic && !code && link === "none") points.push(i);
  }
  return points;
}

/** A cut position at or before `at` that does not split an escape (`\*`) or a surrogate pair. */
function hardCut(text: string, at: number): number {
  let cut = Math.max(1, at);
  let slashes = 0;
  for (let i = cut - 1; i >= 0 && text[i] === "\\"; i--) slashes++;
  if (slashes % 2 === 1) cut -= 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return Math.max(1, cut);
}
