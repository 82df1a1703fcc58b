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
  /** An English possessive, then a space, then the next token ("Syria's coast"): only names written so continue. */
  possessiveNext: boolean;
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
const CAPITAL = /^[\p{Lu}\p{N}]/u;

/**
 * Splits a text into word tokens, keeping offsets, dropping English possessives ("Aleppo's" → "Aleppo").
 * Every paragraph of every report passes through here, so the per-word checks look at character codes
 * rather than running a regular expression each.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  /** Per token: an English possessive follows it, which ends a name ("Aleppo's eastern countryside"). */
  const possessive: boolean[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const start = m.index;
    const raw = isPossessive(m[0]) ? m[0].slice(0, -2) : m[0];
    const first = raw.charCodeAt(0);
    const capital = first < 128 ? (first >= 65 && first <= 90) || (first >= 48 && first <= 57) : CAPITAL.test(raw);
    tokens.push({ raw, start, end: start + raw.length, norm: foldWord(raw), article: false, capital, joinsNext: false, hyphenNext: false, possessiveNext: false });
    possessive.push(raw !== m[0]);
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (!next) break;
    const gap = gapKind(text, t.end, next.start);
    t.joinsNext = gap !== NO_JOIN && !possessive[i];
    t.hyphenNext = t.joinsNext && gap === HYPHEN;
    t.possessiveNext = possessive[i] && gapKind(text, t.end + 2, next.start) === SPACES;
    // Articles are at most three letters: skip the folding work for every other word. "al"/"el" are always
    // articles; "As", "Ar", "An"… only when written like one ("Ar Rastan", "as-Safira"), so that English
    // "at", "as", "an" never vanish from a key.
    if (t.raw.length <= 3) {
      const lower = plainWord(t.raw);
      t.article = ARTICLES.has(lower) && (lower === "al" || lower === "el" || isHyphen(text.charCodeAt(t.end)) || t.capital);
    }
  }
  return tokens;
}

/** Ends in "'s" (or "’s"): an English possessive. */
function isPossessive(word: string): boolean {
  const quote = word.charCodeAt(word.length - 2);
  const s = word.charCodeAt(word.length - 1);
  return (quote === 39 || quote === 0x2019) && (s === 115 || s === 83);
}

const NO_JOIN = 0;
const SPACES = 1;
const HYPHEN = 2;

/** What lies between two words: 1–3 spaces, one hyphen with at most a space on each side, or neither. */
function gapKind(text: string, from: number, to: number): number {
  const length = to - from;
  if (length < 1 || length > 3) return NO_JOIN;
  let hyphenAt = -1;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isHyphen(c)) {
      if (hyphenAt >= 0) return NO_JOIN;
      hyphenAt = i - from;
    } else if (!isSpace(c)) return NO_JOIN;
  }
  if (hyphenAt < 0) return SPACES;
  return hyphenAt <= 1 && length - hyphenAt - 1 <= 1 ? HYPHEN : NO_JOIN;
}

function isHyphen(code: number): boolean {
  return code === 45 || code === 0x2010 || code === 0x2011;
}

/** The characters `\s` matches. */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** The lookup key of a place name: folded words without articles, space-separated. */
export function placeKey(name: string): string {
  return tokenize(name)
    .filter((t, i, all) => !t.article || all.length === 1)
    .map((t) => t.norm)
    .join(" ");
}
