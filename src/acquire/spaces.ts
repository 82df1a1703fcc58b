/**
 * Whitespace as paragraphs are compared everywhere in Sitrep: what JavaScript's `\s` and Python's
 * `str.strip()` both treat as space (NBSP, U+2000–U+200A, U+202F, U+3000, BOM, U+0085, U+001C–U+001F…),
 * so a paragraph's first characters are the same whichever side computes them.
 */
const SPACE_CLASS = "\\s\\u0085\\u001c-\\u001f";
const EDGES = new RegExp(`^[${SPACE_CLASS}]+|[${SPACE_CLASS}]+$`, "g");
const RUNS = new RegExp(`[${SPACE_CLASS}]+`, "g");

/** Removes leading and trailing whitespace, Unicode spaces included; the inside stays verbatim. */
export function stripSpace(text: string): string {
  return text.replace(EDGES, "");
}

/** Strips the edges and turns every inner run of whitespace into one plain space (for titles and matching). */
export function collapseSpace(text: string): string {
  return stripSpace(text).replace(RUNS, " ");
}
