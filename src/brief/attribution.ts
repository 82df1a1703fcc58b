/**
 * How a condensed item reads to a user: whose claim it is, with each loaded term kept in quotes.
 * "FNA: the army “purged” the city of “terrorists”". One implementation for every transport: the console
 * passes plain curly quotes, Discord its escaping and bold quotes.
 */
import type { CondensedItem } from "../types.ts";

const QUOTE_BEFORE = "\"“‘'«";
const QUOTE_AFTER = "\"”’'»";

export interface FramingStyle {
  /** How a loaded term is shown (e.g. `“term”`, or bold in Discord). */
  quote(term: string): string;
  /** How the text between terms is shown (e.g. escaped for Markdown). */
  plain?(text: string): string;
}

const PLAIN_STYLE: FramingStyle = { quote: (t) => `“${t}”` };

// Briefs repeat the same few hundred terms; compiling each pattern once keeps rendering off the hot path.
const patterns = new Map<string, RegExp>();

function termPattern(term: string): RegExp {
  let re = patterns.get(term);
  if (!re) {
    if (patterns.size > 5_000) patterns.clear();
    re = new RegExp(`(?<![\\p{L}\\p{N}])${term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "giu");
    patterns.set(term, re);
  }
  return re;
}

/**
 * Shows `text` with each occurrence of the framing `terms` quoted (whole words, any case, longest first,
 * absorbing quotes the source already put around it). Terms that do not occur are listed after the text,
 * so none is lost.
 */
export function markFraming(text: string, terms: string[], style: FramingStyle = PLAIN_STYLE): string {
  const plain = style.plain ?? ((s: string) => s);
  const ranges: [number, number][] = [];
  const missing: string[] = [];
  const unique = [...new Set(terms.filter((t) => t.trim() !== ""))].sort((a, b) => b.length - a.length);
  for (const term of unique) {
    let found = false;
    for (const m of text.matchAll(termPattern(term))) {
      const start = m.index;
      const end = start + m[0].length;
      if (ranges.some(([s, e]) => start < e && end > s)) continue;
      ranges.push([start, end]);
      found = true;
    }
    if (!found) missing.push(term);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [start, end] of ranges) {
    const quoted = start > 0 && QUOTE_BEFORE.includes(text[start - 1]) && QUOTE_AFTER.includes(text[end] ?? "");
    const from = quoted ? start - 1 : start;
    out += plain(text.slice(at, from)) + style.quote(text.slice(start, end));
    at = quoted ? end + 1 : end;
  }
  out += plain(text.slice(at));
  if (missing.length > 0) out += ` (loaded terms: ${missing.map((t) => style.quote(t)).join(", ")})`;
  return out;
}

/**
 * "SOURCE: text" with the loaded terms quoted. Text that already opens with the source's name ("FNA
 * reported that…", as model-written items do) is not prefixed again.
 */
export function attributed(item: CondensedItem, source: { name: string; short?: string }, style?: FramingStyle, label = source.short ?? source.name): string {
  const plain = style?.plain ?? ((s: string) => s);
  const text = markFraming(item.text, item.framing.map((f) => f.term), style);
  const opening = item.text.toLowerCase();
  const named = [source.name, source.short].some((n) => n && opening.startsWith(`${n.toLowerCase()} `));
  return named ? text : `${plain(label)}: ${text}`;
}
