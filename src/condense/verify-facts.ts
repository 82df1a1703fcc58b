/**
 * The checkable facts of a sentence, in a form two spellings share: numbers ("2" and "two", "1,000" and
 * "1000", "1.5 million" and "1,500,000"), calendar words (months, weekdays), vague quantities ("dozens"),
 * and the spans it puts in quotation marks. The verifier compares a model's sentence with its sources
 * through these, so it never depends on how either side happened to write a number.
 */

const UNITS = new Map(
  Object.entries({
    zero: 0, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
    thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
    twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  }),
);
const SCALES = new Map(Object.entries({ hundred: 100, thousand: 1_000, million: 1_000_000, billion: 1_000_000_000 }));
const VAGUE = new Set(["dozen", "dozens", "hundreds", "thousands", "millions", "scores"]);
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
/** Calendar words count only when capitalised: "may" and "march" are also verbs. */
const CALENDAR = new Map<string, string>([...MONTHS.map((m) => [m, `@${m.slice(0, 3)}`] as const), ["sept", "@sep"], ...WEEKDAYS.map((d) => [d, `@${d.slice(0, 3)}`] as const)]);

const TOKEN = /\p{L}+|\d[\d,.]*\d|\d/gu;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

interface Token {
  raw: string;
  lower: string;
  start: number;
  end: number;
}

/**
 * The facts `text` commits to: canonical numbers ("1000"), vague quantities ("~dozens") and calendar
 * words ("@dec", "@thu"). `lenient` adds what a source may say loosely ("one" → "1", "a dozen" → "12"),
 * for the evidence side only: a model's "one of the fighters" is not a number claim, but its "1" must
 * still be found in a source that wrote "one".
 */
export function factsOf(text: string, lenient = false): Set<string> {
  const facts = new Set<string>();
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) tokens.push({ raw: m[0], lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (isDigit(t.raw.charCodeAt(0))) {
      if (isIdentifier(text, t.start)) continue;
      let value = digitsValue(t.raw);
      const scale = SCALES.get(tokens[i + 1]?.lower ?? "");
      if (scale && adjacent(text, t, tokens[i + 1])) {
        value *= scale;
        i++;
      }
      facts.add(canonical(value));
      continue;
    }
    if (UNITS.has(t.lower) || (t.lower === "one" && SCALES.has(tokens[i + 1]?.lower ?? ""))) {
      const phrase = wordNumber(text, tokens, i);
      facts.add(canonical(phrase.value));
      i = phrase.next - 1;
      continue;
    }
    if (VAGUE.has(t.lower)) {
      facts.add(`~${t.lower}`);
      if (lenient && t.lower === "dozen") facts.add("12");
      continue;
    }
    const calendar = CALENDAR.get(t.lower);
    if (calendar && /\p{Lu}/u.test(t.raw[0])) {
      facts.add(calendar);
      continue;
    }
    if (lenient && t.lower === "one") facts.add("1");
  }
  return facts;
}

/** "twenty-five", "two hundred and fifty", "three thousand": the value and the index after the phrase. */
function wordNumber(text: string, tokens: Token[], from: number): { value: number; next: number } {
  let total = 0;
  let current = 0;
  let i = from;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (i > from && !adjacent(text, tokens[i - 1], t)) break;
    if (t.lower === "one" && i === from) current = 1;
    else if (UNITS.has(t.lower)) current += UNITS.get(t.lower)!;
    else if (t.lower === "hundred") current = (current || 1) * 100;
    else if (SCALES.has(t.lower)) {
      total += (current || 1) * SCALES.get(t.lower)!;
      current = 0;
    } else if (t.lower === "and" && i > from && UNITS.has(tokens[i + 1]?.lower ?? "")) continue;
    else break;
  }
  return { value: total + current, next: i };
}

/** Two tokens belong to one number phrase when only a space or a hyphen separates them. */
function adjacent(text: string, a: Token, b: Token | undefined): boolean {
  return !!b && /^(?:\s+|-)$/.test(text.slice(a.end, b.start));
}

/** Digits attached to a letter name a thing, not a quantity: "T4", "T-4", "M-16". */
function isIdentifier(text: string, start: number): boolean {
  const before = text.charCodeAt(start - 1);
  if (isLetterCode(before)) return true;
  return text[start - 1] === "-" && isLetterCode(text.charCodeAt(start - 2));
}

function digitsValue(raw: string): number {
  const cleaned = GROUPED.test(raw) ? raw.replace(/,/g, "") : raw.replace(/[.,]+$/, "").replace(/,/g, "");
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : Number(cleaned.replace(/\./g, ""));
}

function canonical(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

const isDigit = (c: number) => c >= 48 && c <= 57;

function isLetterCode(c: number): boolean {
  if (Number.isNaN(c)) return false;
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return /\p{L}/u.test(String.fromCharCode(c));
}

const PAIRS: Record<string, string> = { "“": "”", "«": "»", "„": "“”", '"': '"', "‘": "’", "'": "'’" };

/**
 * The spans of `text` inside quotation marks ([start, end) of the quoted words, nested spans included).
 * A single straight or curly opening quote counts only before a word and after a non-letter, and its
 * closing mark only after a non-space and before a non-letter, so "FNA's" and "fighters' positions" are
 * not quotes.
 */
export function quotedSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (let i = 0; i < text.length; i++) {
    const closers = PAIRS[text[i]];
    if (!closers) continue;
    const single = text[i] === "'" || text[i] === "‘";
    if (single && (isWordAt(text, i - 1) || !isWordAt(text, i + 1))) continue;
    for (let j = i + 1; j < text.length; j++) {
      if (!closers.includes(text[j])) continue;
      if (single && (/\s/.test(text[j - 1]) || isWordAt(text, j + 1))) continue;
      if (j > i + 1) spans.push([i + 1, j]);
      if (text[i] === '"') i = j;
      break;
    }
  }
  return spans;
}

function isWordAt(text: string, i: number): boolean {
  return i >= 0 && i < text.length && /[\p{L}\p{N}]/u.test(text[i]);
}

/** Lower case, one kind of apostrophe, no quotation marks, single spaces: how quotes are compared with sources. */
export function plainForQuotes(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘ʼ`´]/g, "'")
    .replace(/["“”«»„]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** The parts of a quotation around ellipses ("…", "...", "[…]"), each of which the source must contain. */
export function quoteParts(quoted: string): string[] {
  return plainForQuotes(quoted)
    .split(/\s*(?:\[?(?:…|\.\.\.)\]?)\s*/)
    .map((p) => p.replace(/^[\s'.,;:]+|[\s'.,;:]+$/g, ""))
    .filter((p) => p.length > 0);
}
