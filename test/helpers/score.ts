/**
 * Scores the analyzer against a hand-labelled article, the way graders do: paragraphs are matched by the
 * first 60 characters of the stripped text; precision and recall are counted over (paragraph, governorate)
 * pairs, with `acceptable` governorates counting as neither right nor wrong.
 */
import { readFileSync } from "node:fs";
import { acquireFile } from "../../src/acquire/index.ts";
import { analyze } from "../../src/analyze/index.ts";
import { loadLexicon } from "../../src/analyze/framing.ts";
import { loadRegionPack } from "../../src/registry/regions.ts";
import { loadSourceRegistry } from "../../src/registry/sources.ts";
import type { AnalyzedDocument } from "../../src/types.ts";

export interface LabelledParagraph {
  index: number;
  key: string;
  governorates?: string[];
  acceptable?: string[];
  boilerplate?: boolean;
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  f1: number;
  /** Human-readable errors: "¶12 +SY-HI (text…)". */
  errors: string[];
  /** Label keys with no analysed paragraph of that key. */
  unmatched: string[];
  /** The same, leaving out labels of boilerplate (page chrome a digester may drop without a trace). */
  unmatchedContent: string[];
  /** Labelled paragraphs that are content (not boilerplate). */
  contentLabels: number;
  /** Boilerplate paragraphs the analyzer did not flag, and content it flagged. */
  boilerplateErrors: string[];
  doc: AnalyzedDocument;
}

/** Analyses `file` with the real acquire + analyze stages and scores it against `labelsFile`. */
export async function scoreArticle(file: string, labelsFile: string): Promise<Score> {
  const regions = loadRegionPack();
  const sources = loadSourceRegistry();
  const doc = analyze(
    await acquireFile(file, { maxBytes: 5 << 20, fetchTimeoutMs: 1000, maxRedirects: 0, now: new Date("2026-01-01T00:00:00Z"), sources }),
    { regions, lexicon: loadLexicon() },
  );
  const labels = JSON.parse(readFileSync(labelsFile, "utf8")) as { paragraphs: LabelledParagraph[] };
  const code = (name: string) => regions.resolveProvince(name)?.code ?? `?${name}`;
  const byKey = new Map<string, (typeof doc.paragraphs)[number][]>();
  for (const p of doc.paragraphs) {
    const key = keyOf(p.text);
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  }
  const score: Score = { tp: 0, fp: 0, fn: 0, f1: 0, errors: [], unmatched: [], unmatchedContent: [], contentLabels: labels.paragraphs.filter((l) => !l.boilerplate).length, boilerplateErrors: [], doc };
  for (const label of labels.paragraphs) {
    const candidates = byKey.get(label.key.replace(/\s+/g, " ").trim()) ?? [];
    const p = candidates.shift();
    if (!p) {
      score.unmatched.push(label.key);
      if (!label.boilerplate) score.unmatchedContent.push(label.key);
      score.fn += label.governorates?.length ?? 0;
      continue;
    }
    if (!!label.boilerplate !== p.boilerplate) score.boilerplateErrors.push(`¶${label.index} ${label.boilerplate ? "missed" : "wrongly flagged"}: ${label.key}`);
    const gold = new Set((label.governorates ?? []).map(code));
    const acceptable = new Set((label.acceptable ?? []).map(code));
    const got = new Set(p.provinces);
    for (const g of got) {
      if (gold.has(g)) score.tp++;
      else if (!acceptable.has(g)) {
        score.fp++;
        score.errors.push(`¶${label.index} +${g} ${label.key}`);
      }
    }
    for (const g of gold) {
      if (!got.has(g)) {
        score.fn++;
        score.errors.push(`¶${label.index} -${g} ${label.key}`);
      }
    }
  }
  const precision = score.tp / (score.tp + score.fp || 1);
  const recall = score.tp / (score.tp + score.fn || 1);
  score.f1 = score.tp === 0 && score.fp === 0 && score.fn === 0 ? 1 : (2 * precision * recall) / (precision + recall || 1);
  return score;
}

/** A paragraph's key as labels write it: its first 60 characters, with any run of white space (NBSP too) as one space. */
function keyOf(text: string): string {
  return text.slice(0, 60).replace(/\s+/g, " ").trim();
}
