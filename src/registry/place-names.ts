/**
 * Spelling-tolerant keys for Arabic place names written in Latin script. Reporters write the same town as
 * "Talbiseh", "Tallbisah" or "Talbisa", "Deir" or "Dayr", "al-Rastan" or "Ar Rastan": the key folds
 * diacritics, apostrophes (ayn/hamza marks), articles, doubled letters and the common vowel spellings so
 * that all of them meet, while staying strict enough that ordinary English words do not.
 */

const APOSTROPHES = /['’‘ʿʾ`´ʼʻ]/g;

/** Arabic definite articles as transliterated ("al-", "Ar ", "ash-"…). */
const ARTICLES = new Set(["al", "el", "as", "ash", "ad", "ar", "az", "at", "an", "ath", "adh", "ed", "er", "es", "et", "ez", "en", "ul", "il", "aş", "aḑ"]);

/** A word of a text with its position and folded form. */
export interface Token {
  raw: string;
  start: number;
  end: number;
  /** Folded spelling (see `foldWord`). */
  norm: string;
  /** A transliterated article ("al-", "Ar "), left out of keys. */
  article: boolean;
  /** Starts with an upper-case letter or a digit: only such words can start a place name. */
  capital: boolean;
  /** The characters between this token and the next one allow a multi-word name to continue (spaces, one hyphen). */
  joinsNext: boolean;
  /** Joined to the next token by a hyphen ("Kamal-al-Qaim"), not by spaces. */
  hyphenNext: boolean;
}

/** Lower-cases, strips diacritics and apostrophes. */
export function plainWord(word: string): string {
  return word.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(APOSTROPHES, "");
}

// Words repeat heavily across reports; folding is pure, so remember it (bounded, cleared when full).
const folded = new Map<string, string>();
const FOLD_CACHE_MAX = 50_000;

/** Folds the usual transliteration variants of one word (vowels, doubled letters, a final -h). */
export function foldWord(word: string): string {
  let f = folded.get(word);
  if (f === undefined) {
    if (folded.size >= FOLD_CACHE_MAX) folded.clear();
    f = foldUncached(word);
    folded.set(word, f);
  }
  return f;
}

function foldUncached(word: string): string {
  return plainWord(word)
    .replace(/ou|oo|uu|o/g, "u")
    .replace(/ee|ie|ii|yi/g, "i")
    .replace(/ei|ey|ay|ai/g, "ai")
    .replace(/e/g, "a")
    .replace(/(.)\1+/g, "$1")
    .replace(/([aiu])h$/, "$1");
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’‘ʿʾ`´ʼ][\p{L}\p{M}\p{N}]+)*/gu;
const POSSESSIVE = /['’]s$/i;

/** Splits a text into word tokens, keeping offsets, dropping English possessives ("Aleppo's" → "Aleppo"). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    let raw = m[0];
    if (POSSESSIVE.test(raw)) raw = raw.slice(0, -2);
    const start = m.index;
    tokens.push({ raw, start, end: start + raw.length, norm: foldWord(raw), article: false, capital: /^[\p{Lu}\p{N}]/u.test(raw), joinsNext: false, hyphenNext: false });
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    const gap = next ? text.slice(t.end, next.start) : "";
    // A possessive ends the name: "Aleppo's eastern countryside" must not continue past "Aleppo".
    const possessive = t.raw.length !== t.end - t.start || POSSESSIVE.test(text.slice(t.start, t.end + 2));
    t.joinsNext = !!next && !possessive && /^(?:\s{1,3}|\s?[-‐‑]\s?)$/.test(gap);
    // Articles are at most three letters: skip the folding work for every other word.
    const lower = t.raw.length <= 3 ? plainWord(t.raw) : "";
    // "al"/"el" are always articles; "As", "Ar", "An"… only when written like one ("Ar Rastan", "as-Safira"),
    // so that English "at", "as", "an" never vanish from a key.
    const hyphened = /^[-‐‑]/.test(gap);
    t.hyphenNext = t.joinsNext && /[-‐‑]/.test(gap);
    t.article = ARTICLES.has(lower) && !!next && (lower === "al" || lower === "el" || hyphened || t.capital);
  }
  return tokens;
}

/** The lookup key of a place name: folded words without articles, space-separated. */
export function placeKey(name: string): string {
  return tokenize(name)
    .filter((t, i, all) => !t.article || all.length === 1)
    .map((t) => t.norm)
    .join(" ");
}
