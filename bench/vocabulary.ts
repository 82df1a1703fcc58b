/**
 * The words the bench corpus is made of, read from the project's own data: provinces, their aliases and
 * curated places (regions/syria.json), loaded terms (lexicon/framing.json) and sources (sources/registry.json).
 * Drawing from the data keeps the corpus in step with what the analyzer knows, spellings included.
 */
import { readFileSync } from "node:fs";

export interface ProvinceWords {
  code: string;
  name: string;
  /** Aliases usable inside a sentence ("Deir Ezzur", "Rural Damascus"), without "Province"/"Governorate". */
  aliases: string[];
  /** Each curated place with all its spellings ("Maarat al-Numan", "Ma'arat al-Nu'man", …). */
  places: string[][];
}

export interface SourceWords {
  id: string;
  name: string;
  /** The registry's first dateline form ("FNA", "Reuters"), or the name. */
  dateline: string;
  domain?: string;
}

/** Grammatical forms picked out of a lexicon entry's surface forms. */
export type LexiconForm = "any" | "past" | "plural";

export interface Vocabulary {
  provinces: ProvinceWords[];
  province(code: string): ProvinceWords;
  source(id: string): SourceWords;
  /**
   * Surface forms of the lexicon entries named by `lemmas` in the given form: "past" keeps forms whose
   * first word ends in -ed ("purged", "mopped up"), "plural" those whose last word ends in -s
   * ("armed terrorist groups"). Lemmas missing from the lexicon are skipped; an empty result throws.
   */
  loaded(lemmas: string[], form?: LexiconForm): string[];
}

interface RegionFile {
  provinces: { code: string; name: string; aliases: string[] }[];
  places: Record<string, string[]>;
}
interface LexiconFile {
  categories: { terms: { term: string; variants?: string[] }[] }[];
}
interface RegistryFile {
  sources: { id: string; name: string; datelines: string[]; domains: string[] }[];
}

const readJson = <T>(relative: string): T => JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8")) as T;

/** Loads the vocabulary from the repository's data files. */
export function loadVocabulary(): Vocabulary {
  const region = readJson<RegionFile>("../regions/syria.json");
  const lexicon = readJson<LexiconFile>("../lexicon/framing.json");
  const registry = readJson<RegistryFile>("../sources/registry.json");

  const provinces: ProvinceWords[] = region.provinces.map((p) => ({
    code: p.code,
    name: p.name,
    aliases: p.aliases.filter((a) => !/\b(?:Province|Governorate|countryside)$/i.test(a)),
    places: (region.places[p.code] ?? []).map((entry) => entry.split("|")),
  }));
  const byCode = new Map(provinces.map((p) => [p.code, p]));

  const sources = new Map(
    registry.sources.map((s): [string, SourceWords] => [
      s.id,
      { id: s.id, name: s.name, dateline: s.datelines[0] ?? s.name, domain: s.domains[0] },
    ]),
  );

  const forms = new Map<string, string[]>();
  for (const category of lexicon.categories) {
    for (const entry of category.terms) forms.set(entry.term.toLowerCase(), [entry.term, ...(entry.variants ?? [])]);
  }
  const matchesForm = (surface: string, form: LexiconForm) => {
    const words = surface.split(" ");
    if (form === "past") return /ed$/.test(words[0]);
    if (form === "plural") return /[^s]s$/.test(words[words.length - 1]);
    return true;
  };

  return {
    provinces,
    province(code) {
      const found = byCode.get(code);
      if (!found) throw new Error(`bench vocabulary: no province ${code} in regions/syria.json`);
      return found;
    },
    source(id) {
      const found = sources.get(id);
      if (!found) throw new Error(`bench vocabulary: no source "${id}" in sources/registry.json`);
      return found;
    },
    loaded(lemmas, form = "any") {
      const out = lemmas.flatMap((l) => (forms.get(l.toLowerCase()) ?? []).filter((s) => matchesForm(s, form)));
      if (out.length === 0) throw new Error(`bench vocabulary: no ${form} form of ${lemmas.join(", ")} in lexicon/framing.json`);
      return out;
    },
  };
}
