/**
 * Making report text safe to show in Discord. Report text is hostile to chat: it can hold markdown, masked
 * links, "@everyone", role and channel mentions. Everything a source wrote goes through `escapeText` before
 * it is put between our own formatting; every message additionally goes out with `allowed_mentions: { parse: [] }`.
 */

const ZWSP = "\u200b";
/** Control characters (the search MATCH markers among them) and bidi overrides that could spoof the text around them. */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;
const BARE_URL = /(https?:\/\/[^\s<>"]+)/;
/** Characters that format text anywhere in a line. */
const MARKDOWN = /[\\*_~`|>#[\]]/g;

/**
 * Escapes source text for a Discord message: markdown (`* _ ~ \` | > # [ ]`, list and heading starts) is
 * backslash-escaped so it shows literally, and mentions are neutralised. Bare URLs are kept as they are so
 * they stay clickable (Discord does not apply markdown inside an auto-link).
 */
export function escapeText(text: string): string {
  return neutraliseMentions(text.replace(INVISIBLE, ""))
    .split(BARE_URL)
    .map((part, i) => (i % 2 === 1 ? part : escapeMarkdownPart(part)))
    .join("");
}

function escapeMarkdownPart(text: string): string {
  return text
    .replace(MARKDOWN, "\\$&")
    .replace(/^(\s*)([-+])(?=\s)/gm, "$1\\$2")
    .replace(/^(\s*\d+)\.(?=\s)/gm, "$1\\.");
}

/**
 * Breaks mentions so they cannot ping or render: a zero-width space goes after the `@` of `@everyone`/`@here`
 * and after the `<` of `<@id>`, `<@&id>`, `<#id>`, `</cmd:id>` and `<:emoji:id>`.
 */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<(?=[@#:/]|a:|t:)/g, `<${ZWSP}`);
}

/** Text for places Discord shows without markdown (autocomplete choices, footers, button labels): no escapes, mentions broken. */
export function plainText(text: string): string {
  return neutraliseMentions(text.replace(INVISIBLE, ""));
}

/**
 * An http(s) URL that is safe inside a markdown link target, or undefined. Parentheses and spaces are
 * percent-encoded so they cannot end the link early.
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
    return parsed.href.replace(/\(/g, "%28").replace(/\)/g, "%29");
  } catch {
    return undefined;
  }
}

/** `[label](url)` when the URL is safe, else the label alone. The label must already be escaped/ours. */
export function maskedLink(label: string, url: string | undefined): string {
  const safe = safeUrl(url);
  return safe ? `[${label}](${safe})` : label;
}

/** Inline code for our own short tokens (ids, commands); backticks removed so the span cannot be broken out of. */
export function inlineCode(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(INVISIBLE, "")}\``;
}
