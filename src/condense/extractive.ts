/**
 * The offline condenser: for one report and one province, the most informative sentences, verbatim, each
 * citing its paragraph and listing the loaded terms it contains. Verbatim text is what keeps an extractive
 * summary honest: nothing is said that the source did not say, and the framing stays the source's own.
 */
import type { Lexicon } from "../analyze/framing.ts";
import type { Condensation, CondensedItem, Paragraph } from "../types.ts";
import { quotedDatelineLength } from "../analyze/dateline.ts";
import { sentences } from "./sentences.ts";

export interface ExtractiveBudget {
  /** At most this many items per report and province. */
  maxItems: number;
  /** At most this many characters in all items together. */
  maxChars: number;
}

export const DEFAULT_BUDGET: ExtractiveBudget = { maxItems: 4, maxChars: 900 };

const NUMBER = /\b\d[\d,.]*\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|dozens?|tens|scores|several)\b/gi;
const EVENT = /\b(?:kill(?:ed|ing|s)?|wound(?:ed|ing)?|injur(?:ed|ies|y)|dead|death|died|casualt(?:y|ies)|shell(?:ed|ing)|bomb(?:ed|ing|ardment)?|airstrikes?|air strikes?|strikes?|struck|raids?|attack(?:ed|s)?|assault|offensive|clash(?:ed|es)?|fighting|battles?|captur(?:ed|e)|seiz(?:ed|e)|took control|control|advance[ds]?|recaptur(?:ed|e)|retook|repel(?:led)?|withdr(?:ew|awn)|destroy(?:ed)?|explosion|blast|detonat(?:ed|ion)|ambush(?:ed)?|arrest(?:ed|s)?|detain(?:ed|ees)?|abduct(?:ed|ion)|displac(?:ed|ement)|evacuat(?:ed|ion)|ceasefire|truce|agreement|deal|siege|besieged|protests?|demonstrat(?:ed|ion|ions)|executed|drone|missiles?|rockets?|mortars?|shot|targeted|downed)\b/gi;
const ACTOR = /\b(?:army|forces|troops|soldiers|militia|militias|rebels|fighters|regime|government|SDF|YPG|PKK|HTS|ISIS|ISIL|IS|Daesh|Nusra|Hezbollah|IRGC|Russian|Turkish|Iranian|Israeli|American|U\.S\.|coalition|police|General Security|jihadists|gunmen|militants|civilians|children|women)\b/gi;
const MIN_WORDS = 6;
const MAX_WORDS = 70;

interface Candidate {
  text: string;
  paragraph: number;
  order: number;
  score: number;
  words: Set<string>;
}

/**
 * Condenses the paragraphs of one report that concern `province`. The title paragraph (index 0 when it
 * repeats the title) is left out: the brief shows the title anyway.
 */
export function condenseExtractive(
  paragraphs: Paragraph[],
  province: string,
  lexicon: Lexicon,
  options: { title?: string; budget?: ExtractiveBudget } = {},
): Condensation {
  const budget = options.budget ?? DEFAULT_BUDGET;
  // The title is shown with the brief anyway; it only counts when the report has nothing else to say.
  let candidates = candidatesFor(paragraphs, province, options.title);
  if (!candidates.length && options.title) candidates = candidatesFor(paragraphs, province);

  const chosen: Candidate[] = [];
  let chars = 0;
  for (const c of [...candidates].sort((a, b) => b.score - a.score || a.order - b.order)) {
    if (chosen.length >= budget.maxItems) break;
    if (chars + c.text.length > budget.maxChars && chosen.length > 0) continue;
    if (chosen.some((d) => similarity(c.words, d.words) > 0.6)) continue;
    chosen.push(c);
    chars += c.text.length;
  }
  chosen.sort((a, b) => a.order - b.order);
  return { province, method: "extractive", items: chosen.map((c) => toItem(c, lexicon)) };
}

/** Every sentence of the province's paragraphs that could be an item, scored for information. */
function candidatesFor(paragraphs: Paragraph[], province: string, title?: string): Candidate[] {
  const candidates: Candidate[] = [];
  for (const p of paragraphs) {
    if (p.boilerplate || p.header || !p.provinces.includes(province)) continue;
    if (title && sameText(p.text, title)) continue;
    const own = p.places.some((m) => m.code === province);
    const dateline = quotedDatelineLength(p.text);
    for (const sentence of sentences(p.text)) {
      // "MANBIJ, (ANHA) – The army …": the item starts where the source's sentence does.
      const cut = sentence.start === 0 && dateline < sentence.text.length ? dateline : 0;
      const s = cut ? { text: sentence.text.slice(cut), start: cut } : sentence;
      const wordList = s.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
      if (wordList.length < MIN_WORDS || wordList.length > MAX_WORDS) continue;
      const placesHere = p.places.filter((m) => m.start >= s.start && m.end <= s.start + s.text.length && m.code === province).length;
      const score =
        2 * Math.min(3, count(s.text, NUMBER)) +
        1.5 * Math.min(4, count(s.text, EVENT)) +
        0.5 * Math.min(3, count(s.text, ACTOR)) +
        1.5 * Math.min(3, placesHere) +
        (own ? 1 : 0) -
        (p.inherited ? 0.5 : 0) -
        // Background rarely belongs in a brief: "since 2011", "in 2015".
        (/\bsince\s+(?:early\s+|mid-?|late\s+)?(?:19|20)\d\d\b/i.test(s.text) ? 2 : 0);
      candidates.push({ text: s.text, paragraph: p.index, order: candidates.length, score, words: new Set(wordList) });
    }
  }

  return candidates;
}

function toItem(c: Candidate, lexicon: Lexicon): CondensedItem {
  return { text: c.text, cites: [c.paragraph], framing: framingOf(c.text, lexicon) };
}

/** The loaded terms of an item's text, once each (first spelling wins): what every condensed item lists. */
export function framingOf(text: string, lexicon: Pick<Lexicon, "find">): CondensedItem["framing"] {
  const seen = new Set<string>();
  const framing: CondensedItem["framing"] = [];
  for (const hit of lexicon.find(text)) {
    const key = hit.term.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    framing.push({ term: hit.term, category: hit.category });
  }
  return framing;
}

const sameText = (a: string, b: string) => a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();

function count(text: string, re: RegExp): number {
  return text.match(re)?.length ?? 0;
}

/** Jaccard similarity of two word sets: near-duplicate sentences (a title repeated as a lead) score high. */
function similarity(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  return inter / (a.size + b.size - inter || 1);
}
