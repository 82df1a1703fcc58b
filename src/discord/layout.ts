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
 * Packs sections into messages: each section's lines fill embed descriptions (≤ 4096), and embeds fill
 * messages (≤ 10 embeds, ≤ 6000 characters), each embed taking what room its message has left.
 */
export function layoutMessages(sections: Section[], options: LayoutOptions = {}): RenderedMessage[] {
  const groups = packEmbeds(sections);
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
    last.content = last.content ? `${last.content}\n${note}` : note;
  }
  if (last.content !== undefined) last.content = clipMarkdown(last.content, LIMITS.content);
  last.components = options.components ?? [];
  return messages;
}

/** Embeds grouped per message; a section that does not fit where it starts goes on in an embed titled "… (continued)". */
function packEmbeds(sections: Section[]): APIEmbed[][] {
  const groups: APIEmbed[][] = [[]];
  let used = 0;
  const newGroup = () => {
    groups.push([]);
    used = 0;
  };
  for (const section of sections) {
    const title = clipMarkdown(section.title, LIMITS.title);
    const continued = clipMarkdown(section.title, LIMITS.title - CONTINUED.length) + CONTINUED;
    const footer = section.footer ? clipPlain(section.footer, LIMITS.footer) : undefined;
    // Room every embed of this section keeps for its title and footer, so any piece fits an empty message.
    const fixed = Math.max(title.length, continued.length) + (footer?.length ?? 0);
    const pieces = section.lines.flatMap((line) => splitMarkdown(line, Math.min(LIMITS.description, LIMITS.messageEmbedTotal - fixed)));
    let description = "";
    let first = true;
    const place = (last: boolean) => {
      const embed: APIEmbed = { title: first ? title : continued };
      if (description.trim() !== "") embed.description = description.trimEnd();
      if (first && section.url) embed.url = section.url;
      if (last && footer) embed.footer = { text: footer };
      if (groups[groups.length - 1].length >= LIMITS.embedsPerMessage || used + embedLength(embed) > LIMITS.messageEmbedTotal) newGroup();
      groups[groups.length - 1].push(embed);
      used += embedLength(embed);
      description = "";
      first = false;
    };
    for (const piece of pieces) {
      if (description === "" && piece.trim() === "") continue;
      if (groups[groups.length - 1].length >= LIMITS.embedsPerMessage) newGroup();
      const limit = Math.min(LIMITS.description, LIMITS.messageEmbedTotal - used - fixed);
      const joined = description === "" ? piece : `${description}\n${piece}`;
      if (joined.length <= limit) {
        description = joined;
        continue;
      }
      if (description !== "") place(false);
      const full = groups[groups.length - 1].length >= LIMITS.embedsPerMessage;
      if (full || piece.length > Math.min(LIMITS.description, LIMITS.messageEmbedTotal - used - fixed)) newGroup();
      description = piece;
    }
    place(true);
  }
  return groups.filter((g, i) => g.length > 0 || i === 0);
}

/** Notices and other plain replies: markdown text as message content, split across messages at 2000 characters. */
export function layoutText(text: string, ephemeral: boolean): RenderedMessage[] {
  return splitMarkdown(text, LIMITS.content).map((content) => ({ content, embeds: [], components: [], ephemeral, allowedMentions: { parse: [] } }));
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
