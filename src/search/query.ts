/**
 * The search query language, turned into an FTS5 MATCH expression that can never be a syntax error:
 * words are ANDed, "quoted phrases" match as phrases, `prefix*` matches word starts; every other character
 * only separates words. A place the PlaceMatcher finds becomes `(places:<id> OR "<as typed>")`, so any
 * spelling the gazetteer knows finds every spelling indexed for that place. A province also matches the
 * paragraphs that are about it without naming it (the `province` column); the query then comes in two
 * forms, so that paragraphs naming the place can be ranked first (see search-index.ts).
 */
import { UserError } from "../errors.ts";
import { foldJoiners, indexForm, JOINED_WORD } from "./tokens.ts";

export interface PlaceMatcher {
  /** Place spans in `text`; `province` when the place is a whole province (its id is the province token). */
  match(text: string): PlaceSpan[];
}

export interface PlaceSpan {
  start: number;
  end: number;
  id: string;
  province?: boolean;
}

/** The columns user words are matched against (never the province/source filter columns). */
const SEARCHED = "{text places variants}";

/** What a query asks for: the MATCH expression and the parts a snippet fallback needs to mark. */
export interface ParsedQuery {
  /** Everything the query finds. */
  match: string;
  /**
   * When the query names a province: the paragraphs that name each place asked for, a subset of `match`
   * (which adds those about a province by context).
   */
  naming?: string;
  /** What to mark in a snippet FTS5 cannot mark (see snippet.ts). */
  marks: SnippetMarks;
}

/** Place ids asked for through aliases, and the words asked for, folded (see `indexForm`). */
export interface SnippetMarks {
  placeIds: string[];
  words: string[];
  prefixes: string[];
}

/**
 * Parses user text into a MATCH expression over the searched columns. Throws a UserError when the text has
 * no word to search for.
 */
export function parseQuery(typed: string, places?: PlaceMatcher): ParsedQuery {
  // FTS5 reads its query as a C string: a NUL would end it mid-quote. Lone surrogates are not text either.
  const text = typed.replace(/[\p{Cc}\p{Cs}]/gu, " ");
  const spans = placeSpans(text, places);
  const terms: string[] = [];
  const namingTerms: string[] = [];
  const marks: SnippetMarks = { placeIds: [], words: [], prefixes: [] };
  const markWord = (word: string, star: boolean) => (star ? marks.prefixes : marks.words).push(indexForm(word));
  const add = (term: string, naming = term) => {
    terms.push(term);
    namingTerms.push(naming);
  };
  const word = new RegExp(JOINED_WORD.source, "uy");
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      const end = close < 0 ? text.length : close;
      const inner = text.slice(i + 1, end);
      const star = text[end + 1] === "*";
      if (hasWord(inner)) add(`${SEARCHED} : ${quote(inner)}${star ? "*" : ""}`);
      for (const [w] of inner.matchAll(JOINED_WORD)) markWord(w, false);
      i = end + 1 + (star ? 1 : 0);
      continue;
    }
    const span = spans.get(i);
    if (span) {
      const naming = `places : ${quote(span.id)} OR ${SEARCHED} : ${quote(text.slice(span.start, span.end))}`;
      add(span.province ? `(${naming} OR province : ${quote(span.id)})` : `(${naming})`, `(${naming})`);
      marks.placeIds.push(span.id);
      i = span.end;
      continue;
    }
    word.lastIndex = i;
    const found = word.exec(text);
    if (!found) {
      i += 1;
      continue;
    }
    const star = text[i + found[0].length] === "*" ? "*" : "";
    const folded = foldJoiners(found[0]);
    // A joined word also matches its joiner-free spelling ("Dara’a" finds "Daraa").
    add(`${SEARCHED} : ${folded === found[0] ? quote(found[0]) + star : `(${quote(found[0])}${star} OR ${quote(folded)}${star})`}`);
    markWord(found[0], star !== "");
    i += found[0].length + star.length;
  }
  if (terms.length === 0) throw new UserError("Type at least one word to search for.");
  const match = terms.join(" AND ");
  const naming = namingTerms.join(" AND ");
  return { match, ...(naming !== match ? { naming } : {}), marks };
}

/** An FTS5 string: anything inside double quotes is literal text to tokenize, `"` doubled. */
export function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

function hasWord(text: string): boolean {
  return new RegExp(JOINED_WORD.source, "u").test(text);
}

/**
 * The matcher's places keyed by start offset, keeping only well-formed ones that start a word, contain no
 * quote and do not overlap an earlier (or, at the same start, longer) one.
 */
function placeSpans(text: string, places: PlaceMatcher | undefined): Map<number, PlaceSpan> {
  const spans = new Map<number, PlaceSpan>();
  if (!places) return spans;
  const candidates = places
    .match(text)
    .filter((s) => s.start >= 0 && s.end <= text.length && s.start < s.end && /^[a-z0-9]+$/i.test(s.id))
    .filter((s) => !text.slice(s.start, s.end).includes('"') && hasWord(text.slice(s.start, s.end)))
    .filter((s) => s.start === 0 || !/[\p{L}\p{N}\p{M}]/u.test(text[s.start - 1]))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let covered = 0;
  for (const span of candidates) {
    if (span.start < covered || insideQuotes(text, span.start)) continue;
    spans.set(span.start, span);
    covered = span.end;
  }
  return spans;
}

/** True when an odd number of quotes precede `offset`: the user is inside a phrase there. */
function insideQuotes(text: string, offset: number): boolean {
  return (text.slice(0, offset).split('"').length - 1) % 2 === 1;
}
