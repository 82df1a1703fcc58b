/**
 * The verifier: a model-written sentence is shown only if what it commits to can be found in the passages
 * it cites. Checks, in order: the citations exist (and may be cited), no link or mention, the length, the
 * source is named, every number/date is in the cited passages, every place (by gazetteer id, so any
 * spelling) is in them, every loaded term from the lexicon is in quotes and was the source's own word, and
 * every quotation is the source's text. Pure and fast (no I/O; passage facts are computed once per passage).
 */
import type { Lexicon } from "../analyze/framing.ts";
import type { RegionPack } from "../registry/regions.ts";
import type { CondensedItem } from "../types.ts";
import { framingOf } from "./extractive.ts";
import { factsOf, plainForQuotes, quotedSpans, quoteParts } from "./verify-facts.ts";

/** What a model proposes: a sentence and the passages it rests on. */
export interface DraftItem {
  text: string;
  cites: number[];
  /** The loaded terms the model says it quoted (informative; the lexicon decides). */
  terms?: string[];
}

export interface VerifierTools {
  lexicon: Pick<Lexicon, "find">;
  regions: Pick<RegionPack, "match">;
}

export interface VerifyRules {
  /** Names that attribute a claim to its source ("FNA", "Fars News Agency"…); the item must contain one. */
  sourceNames: string[];
  /** Longest item, in characters. */
  maxItemChars: number;
  /** At most this many items, and this many characters in all, are kept. */
  maxItems: number;
  maxChars: number;
  /** Gazetteer ids that may be named without a citation (the province the brief is about). */
  freePlaceIds?: ReadonlySet<string>;
  /** Below this share of surviving items the whole answer is rejected (default 0.5). */
  minSurvivingShare?: number;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

interface PassageFacts {
  facts: Set<string>;
  placeIds: Set<string>;
  lemmas: Set<string>;
  plain: string;
  addressesModel: boolean;
}

/** Words that speak to a model rather than report events: a paragraph carrying them is never evidence. */
const INSTRUCTIONS =
  /\b(?:ignore|disregard|forget|override)\b[^.\n]{0,40}\b(?:instructions?|prompts?)\b|\bsystem prompt\b|\byou are (?:now )?(?:an? )?(?:ai|assistant|language model|chatbot)\b/i;
const LINK_OR_MENTION = /\bhttps?:\/\/|\bwww\.|(?:^|\s)@\w|<[@#]/i;

/**
 * The passages a set of drafts may cite, by number (a report's paragraph index, or an overview's item
 * number). Each passage's facts are computed on first use and kept.
 */
export class Passages {
  private readonly texts: Map<number, string>;
  private readonly extraPlaceIds: Map<number, string[]>;
  private readonly facts = new Map<number, PassageFacts>();

  constructor(
    private readonly tools: VerifierTools,
    passages: { id: number; text: string; placeIds?: string[] }[],
  ) {
    this.texts = new Map(passages.map((p) => [p.id, p.text]));
    this.extraPlaceIds = new Map(passages.map((p) => [p.id, p.placeIds ?? []]));
  }

  has(id: number): boolean {
    return this.texts.has(id);
  }

  /** The facts of one passage (computed once). */
  factsOf(id: number): PassageFacts {
    let f = this.facts.get(id);
    if (!f) {
      const text = this.texts.get(id) ?? "";
      const placeIds = new Set(this.extraPlaceIds.get(id));
      for (const m of this.tools.regions.match(text).matches) for (const e of m.entries) placeIds.add(e.id);
      f = {
        facts: factsOf(text, true),
        placeIds,
        lemmas: new Set(this.tools.lexicon.find(text).map((h) => h.lemma)),
        plain: plainForQuotes(text),
        addressesModel: INSTRUCTIONS.test(text),
      };
      this.facts.set(id, f);
    }
    return f;
  }
}

/** Checks one draft against the passages it cites; the reason says what failed, for the log. */
export function verifyItem(item: DraftItem, passages: Passages, rules: VerifyRules, tools: VerifierTools): Verdict {
  const text = item.text.trim();
  if (!text) return fail("empty text");
  const cites = [...new Set(item.cites)];
  if (!cites.length) return fail("cites nothing");
  const missing = cites.find((c) => !Number.isInteger(c) || !passages.has(c));
  if (missing !== undefined) return fail(`cites ${missing}, which is not a paragraph it may cite`);
  const cited = cites.map((c) => passages.factsOf(c));
  if (cited.some((p) => p.addressesModel)) return fail("cites a paragraph that addresses the model");
  if (LINK_OR_MENTION.test(text)) return fail("contains a link or a mention");
  if (text.length > rules.maxItemChars) return fail(`too long (${text.length} > ${rules.maxItemChars} characters)`);

  const names = nameSpans(text, rules.sourceNames);
  if (!names.length) return fail("does not name its source");

  for (const fact of factsOf(text)) {
    if (!cited.some((p) => p.facts.has(fact))) return fail(`${describeFact(fact)} is not in the cited paragraphs`);
  }

  for (const m of tools.regions.match(text).matches) {
    if (names.some(([s, e]) => m.start < e && m.end > s)) continue;
    const ids = m.entries.map((e) => e.id);
    if (ids.some((id) => rules.freePlaceIds?.has(id) || cited.some((p) => p.placeIds.has(id)))) continue;
    return fail(`place "${m.text}" is not in the cited paragraphs`);
  }

  const quotes = quotedSpans(text);
  for (const hit of tools.lexicon.find(text)) {
    if (!quotes.some(([s, e]) => hit.start >= s && hit.end <= e)) return fail(`loaded term "${hit.term}" is not in quotes`);
    if (!cited.some((p) => p.lemmas.has(hit.lemma))) return fail(`quotes "${hit.term}", which the cited paragraphs do not use`);
  }
  for (const [s, e] of quotes) {
    const parts = quoteParts(text.slice(s, e));
    if (!parts.every((part) => cited.some((p) => p.plain.includes(part)))) return fail(`quotes “${text.slice(s, e)}”, which the cited paragraphs do not say`);
  }
  return { ok: true };
}

export interface VerifiedItems {
  kept: CondensedItem[];
  dropped: { text: string; reason: string }[];
  /** False when too little survived to show the answer at all. */
  enough: boolean;
}

/**
 * Verifies a model's answer item by item, keeps what passes within the item and length budgets, and says
 * whether enough survived (at least one item and `minSurvivingShare` of those within the item budget).
 * Kept items carry the loaded terms the lexicon finds in them, like extractive items.
 */
export function verifyItems(items: DraftItem[], passages: Passages, rules: VerifyRules, tools: VerifierTools): VerifiedItems {
  const kept: CondensedItem[] = [];
  const dropped: VerifiedItems["dropped"] = [];
  let chars = 0;
  items.forEach((item, i) => {
    if (i >= rules.maxItems) return dropped.push({ text: item.text, reason: "over the item budget" });
    const verdict = verifyItem(item, passages, rules, tools);
    if (!verdict.ok) return dropped.push({ text: item.text, reason: verdict.reason });
    const text = item.text.trim();
    if (chars + text.length > rules.maxChars) return dropped.push({ text: item.text, reason: "over the length budget" });
    chars += text.length;
    kept.push({ text, cites: [...new Set(item.cites)].sort((a, b) => a - b), framing: framingOf(text, tools.lexicon) });
  });
  const considered = Math.min(items.length, rules.maxItems);
  const enough = kept.length > 0 && kept.length >= considered * (rules.minSurvivingShare ?? 0.5);
  return { kept, dropped, enough };
}

const nameRes = new Map<string, RegExp>();

/** Where the text names its source (whole words, any case). */
function nameSpans(text: string, names: string[]): [number, number][] {
  const key = names.join("\u0000");
  let re = nameRes.get(key);
  if (!re) {
    const alternatives = [...new Set(names.filter((n) => n.trim()))].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    re = alternatives.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "giu") : /$^/g;
    if (nameRes.size > 1000) nameRes.clear();
    nameRes.set(key, re);
  }
  return [...text.matchAll(re)].map((m) => [m.index, m.index + m[0].length]);
}

function describeFact(fact: string): string {
  if (fact.startsWith("@")) return `date word "${fact.slice(1)}"`;
  if (fact.startsWith("~")) return `quantity "${fact.slice(1)}"`;
  return `number ${fact}`;
}

function fail(reason: string): Verdict {
  return { ok: false, reason };
}
