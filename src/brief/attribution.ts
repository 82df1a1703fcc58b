/**
 * How a condensed item reads to a user: whose claim it is, with each loaded term kept in quotes.
 * "FNA: the army “purged” the city of “terrorists”". Transports pass their own quoting (bold in Discord).
 */
import type { CondensedItem } from "../types.ts";

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Wraps every occurrence of the item's framing terms with `quote` (plain curly quotes by default). */
export function markFraming(text: string, framing: CondensedItem["framing"], quote: (term: string) => string = (t) => `“${t}”`): string {
  const terms = [...new Set(framing.map((f) => f.term))].sort((a, b) => b.length - a.length);
  if (!terms.length) return text;
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}])`, "giu");
  return text.replace(re, (m) => quote(m));
}

/** "SOURCE: text" with the loaded terms quoted. */
export function attributed(item: CondensedItem, sourceShort: string, quote?: (term: string) => string): string {
  return `${sourceShort}: ${markFraming(item.text, item.framing, quote)}`;
}
