/**
 * How provinces, sources and joined words become FTS5 tokens. Indexing and querying must agree on these,
 * so both sides use this module.
 */

/** Apostrophe-like marks and hyphens that join parts of one name: Dara’a, Darʿa, ez-Zor, al-Bab. */
export const JOINERS = "-'’‘ʼʿʾ`´";

const WORD = "[\\p{L}\\p{N}\\p{M}]+";
/** A word, possibly made of parts joined by JOINERS. */
export const JOINED_WORD = new RegExp(`${WORD}(?:[${JOINERS}]${WORD})*`, "gu");
const JOINER = new RegExp(`[${JOINERS}]`, "gu");
const HAS_JOINER = new RegExp(`[${JOINERS}]`, "u");

/** "SY-HL" → "syhl": a province code or source id as one token (the tokenizer would split it at the hyphen). */
export function idToken(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The token a report's source is indexed under; "unknown" for reports whose source is not in the registry. */
export function sourceToken(id: string | null): string {
  return (id === null ? "" : idToken(id)) || "unknown";
}

/** "Dara’a" → "Daraa", "ez-Zor" → "ezZor": the spelling without joiners, so both spellings meet. */
export function foldJoiners(word: string): string {
  return word.replace(JOINER, "");
}

/** The folded forms of the joined words of a text (the `variants` column), each once. */
export function joinedVariants(text: string): string[] {
  // Runs on every indexed paragraph: most have no joiner at all.
  if (!HAS_JOINER.test(text)) return [];
  const found = new Set<string>();
  for (const [word] of text.matchAll(JOINED_WORD)) {
    const folded = foldJoiners(word);
    if (folded !== word) found.add(folded.toLowerCase());
  }
  return [...found];
}

/** A word compared the way the index compares it, joiners removed too: "Darʿā" → "daraa". */
export function indexForm(word: string): string {
  return foldJoiners(word).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}
