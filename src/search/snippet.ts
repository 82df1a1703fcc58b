/**
 * A snippet for hits FTS5 cannot mark: a paragraph found through a place alias ("Deir Ezzur" finding
 * "Deir ez-Zor" by gazetteer id) or through a joiner-free spelling ("Daraa" finding "Dara’a") matched a
 * hidden column, so FTS5's snippet of the text does not mark that spelling. This one marks it, and the
 * other words asked for, in the text.
 */
import { MATCH_CLOSE, MATCH_OPEN } from "../types.ts";
import type { SnippetMarks } from "./query.ts";
import { indexForm, JOINED_WORD } from "./tokens.ts";

/** About FTS5's 32-token window, in characters. */
const BEFORE = 80;
const AFTER = 140;

/**
 * Marks, in `text`, the mentions of the asked place ids and the words equal to (or starting with) an asked
 * word once folded; returns an excerpt around the first mark, or undefined when there is nothing to mark.
 */
export function markedSnippet(
  text: string,
  mentions: [id: string, start: number, end: number][],
  marks: SnippetMarks,
): string | undefined {
  const ids = new Set(marks.placeIds);
  const words = new Set(marks.words);
  const ranges: [number, number][] = mentions
    .filter(([id, start, end]) => ids.has(id) && start >= 0 && end <= text.length && start < end)
    .map(([, start, end]) => [start, end]);
  for (const m of text.matchAll(JOINED_WORD)) {
    const folded = indexForm(m[0]);
    if (words.has(folded) || marks.prefixes.some((p) => folded.startsWith(p))) ranges.push([m.index, m.index + m[0].length]);
  }
  if (ranges.length === 0) return undefined;
  // Mentions come first at equal starts (a place spans the words inside it); overlaps are skipped below.
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);

  const [firstStart, firstEnd] = ranges[0];
  const from = Math.min(firstStart, wordStart(text, Math.max(0, firstStart - BEFORE)));
  const to = Math.max(firstEnd, wordEnd(text, Math.min(text.length, firstEnd + AFTER)));
  let out = from > 0 ? "…" : "";
  let at = from;
  for (const [start, end] of ranges) {
    if (start < at || end > to) continue;
    out += text.slice(at, start) + MATCH_OPEN + text.slice(start, end) + MATCH_CLOSE;
    at = end;
  }
  return out + text.slice(at, to) + (to < text.length ? "…" : "");
}

/** Moves `i` forward to the start of a word, so an excerpt does not begin mid-word. */
function wordStart(text: string, i: number): number {
  if (i === 0) return 0;
  const space = text.slice(i).search(/\s/);
  return space < 0 ? i : i + space + 1;
}

/** Moves `i` back to the end of a word. */
function wordEnd(text: string, i: number): number {
  if (i >= text.length) return text.length;
  const space = text.slice(0, i).search(/\s\S*$/);
  return space < 0 ? i : space;
}
