/**
 * The bench corpus: a deterministic, diverse stream of synthetic conflict reports. Each report is a plain
 * text file with front matter (`Title:`, `Source:`, `Date:`, sometimes `URL:`, then `-----`) in one of six
 * outlet styles, about provinces and places drawn from the region pack, with the loaded terms its style
 * uses, dated within about two years before a fixed "now". The same seed always yields the same reports,
 * so runs on different days and machines measure the same work.
 */
import { createRandom, type Random } from "./random.ts";
import { buildStyles, datelinePlaces, sharedSlots, type Style, type StyleId } from "./styles.ts";
import { loadVocabulary, type ProvinceWords, type SourceWords, type Vocabulary } from "./vocabulary.ts";
import { DAY_MS } from "../src/clock.ts";

/** The corpus's "now": the newest report is dated just before it; benchmarks fix their clock to it. */
export const CORPUS_NOW = "2025-06-30T12:00:00.000Z";
export const DEFAULT_SEED = 20161222;
export const DEFAULT_PARAGRAPHS = 100_000;

export interface CorpusOptions {
  seed?: number;
  /** Stop once this many body paragraphs (headers and furniture included) have been generated. */
  paragraphs?: number;
  /** ISO instant; defaults to CORPUS_NOW. */
  now?: string;
  /** How far back the reports go, in days (default 730). */
  spanDays?: number;
}

export interface CorpusReport {
  /** A file-like name for acquisition ("bench-000042.txt"). */
  origin: string;
  style: StyleId;
  sourceId: string;
  /** The instant the front matter `Date:` was written from (date-only formats drop the time). */
  writtenAt: string;
  /** Province codes the report was written about. */
  provinces: string[];
  /** Non-empty body lines: paragraphs, section headers and page furniture. */
  paragraphs: number;
  text: string;
}

const STYLE_WEIGHTS: [StyleId, number][] = [
  ["state", 0.3],
  ["opposition", 0.25],
  ["wire", 0.2],
  ["kurdish", 0.1],
  ["turkish", 0.07],
  ["think-tank", 0.08],
];
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const DAY_PHRASES = [...WEEKDAYS.map((d) => `on ${d}`), ...WEEKDAYS.map((d) => `late on ${d}`), "overnight", "at dawn", "this morning", "yesterday evening", "earlier today"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth"];
const DIRECTIONS = ["northern", "southern", "eastern", "western", "north-eastern", "north-western", "south-eastern", "south-western"];
/** Page furniture some outlets' pages end with; acquisition should flag it as boilerplate. */
const FURNITURE = ["Share this:", "Twitter", "Facebook", "Like this:", "Related", "Leave a Reply", "You are commenting using your WordPress.com account. ( Log Out / Change )", "Notify me of new comments via email.", "Print this article", "Follow us on Telegram"];
/** Paragraphs that name a province without being about events there (traps for the geotagger). */
const TRAPS = [
  "{provName}-based activists said {day} that the situation remained tense but calm.",
  "Officials in the Damascus government did not respond to a request for comment {day}.",
  "The {n} casualties could not be confirmed from {provName}-based sources, {src} said.",
];

/** Yields the corpus report by report (it is never all in memory), until the paragraph budget is spent. */
export function* generateCorpus(options: CorpusOptions = {}): Generator<CorpusReport> {
  const rng = createRandom(options.seed ?? DEFAULT_SEED);
  const vocabulary = loadVocabulary();
  const styles = new Map(buildStyles(vocabulary).map((s) => [s.id, s]));
  const now = Date.parse(options.now ?? CORPUS_NOW);
  const span = (options.spanDays ?? 730) * DAY_MS;
  const budget = options.paragraphs ?? DEFAULT_PARAGRAPHS;
  let written = 0;
  for (let i = 0; written < budget; i++) {
    const style = styles.get(weighted(rng, STYLE_WEIGHTS))!;
    const report = writeReport(rng, vocabulary, style, i, new Date(now - Math.floor(rng.next() * span)));
    written += report.paragraphs;
    yield report;
  }
}

/** One report in `style`: lead, province sections, optional page furniture. */
function writeReport(rng: Random, v: Vocabulary, style: Style, index: number, date: Date): CorpusReport {
  const source = v.source(rng.pick(style.sources));
  const roundup = rng.chance(style.headers);
  const provinces = pickProvinces(rng, v, style, roundup ? rng.int(2, 5) : rng.int(1, 3));
  const furniture = rng.chance(0.3) ? rng.sample(FURNITURE, rng.int(2, 5)) : [];
  const target = rng.int(20, 40);
  const fill = (template: string, province: ProvinceWords) => fillTemplate(rng, style, source, province, template);

  const lines: string[] = [];
  const dateline = style.dateline(source, rng.pick(datelinePlaces[style.id]));
  lines.push(dateline + fill(rng.pick(style.leads), provinces[0]));
  const bodyBudget = target - 1 - furniture.length;
  const perSection = splitBudget(rng, bodyBudget, provinces.length, roundup);
  provinces.forEach((province, s) => {
    let left = perSection[s];
    if (roundup) {
      lines.push(sectionHeader(rng, province));
      left--;
    } else if (s > 0 && rng.chance(0.5)) {
      lines.push(""); // two blank lines: a story break
    }
    for (; left > 0; left--) lines.push(paragraph(rng, style, province, fill));
  });
  lines.push(...furniture);

  const title = capitalise(fill(rng.pick(style.titles), provinces[0]));
  const body = lines.join("\n\n");
  return {
    origin: `bench-${String(index).padStart(6, "0")}.txt`,
    style: style.id,
    sourceId: source.id,
    writtenAt: date.toISOString(),
    provinces: provinces.map((p) => p.code),
    paragraphs: lines.filter((l) => l !== "").length,
    text: `${frontMatter(rng, source, title, date, index)}\n\n${body}\n`,
  };
}

/** An event paragraph of one to three sentences, or now and then a context or trap paragraph. */
function paragraph(rng: Random, style: Style, province: ProvinceWords, fill: (t: string, p: ProvinceWords) => string): string {
  const roll = rng.next();
  if (roll < 0.12) return rng.sample(style.context, rng.int(1, 2)).map((t) => fill(t, province)).join(" ");
  if (roll < 0.15) return fill(rng.pick(TRAPS), province);
  const sentences = rng.sample(style.sentences, rng.int(1, 3));
  return sentences.map((t) => fill(t, province)).join(" ");
}

function frontMatter(rng: Random, source: SourceWords, title: string, date: Date, index: number): string {
  const lines = [`Title: ${title}`, `Source: ${source.name}`, `Date: ${formatDate(rng, date)}`];
  if (source.domain && rng.chance(0.5)) lines.push(`URL: https://${source.domain}/en/news/${index}-${slug(title)}`);
  return `${lines.join("\n")}\n-----`;
}

/** Dates as outlets write them: ISO date-time, RFC 2822, "March 4, 2025", "4 Mar 2025". */
function formatDate(rng: Random, date: Date): string {
  const month = MONTHS[date.getUTCMonth()];
  switch (rng.int(0, 3)) {
    case 0:
      return date.toISOString().replace(/\.\d{3}Z$/, "Z");
    case 1:
      return date.toUTCString();
    case 2:
      return `${month} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
    default:
      return `${date.getUTCDate()} ${month.slice(0, 3)} ${date.getUTCFullYear()}`;
  }
}

function pickProvinces(rng: Random, v: Vocabulary, style: Style, count: number): ProvinceWords[] {
  const pool = style.focus.length && rng.chance(0.8) ? style.focus.map((c) => v.province(c)) : v.provinces;
  return rng.sample(pool.length >= count ? pool : v.provinces, count);
}

/** Body paragraphs per section: every section gets at least two (three with its header). */
function splitBudget(rng: Random, total: number, sections: number, headers: boolean): number[] {
  const minimum = headers ? 3 : 2;
  const counts = Array.from({ length: sections }, () => minimum);
  for (let left = total - minimum * sections; left > 0; left--) counts[rng.int(0, sections - 1)]++;
  return counts;
}

/** "Hama Province:", "Deir Ezzur:", "Idlib Governorate" — the header forms roundups use. */
function sectionHeader(rng: Random, province: ProvinceWords): string {
  const alias = rng.pick(province.aliases);
  return rng.pick([`${alias} Province:`, `${alias}:`, `${province.name} Governorate`, `${alias} Province`]);
}

function fillTemplate(rng: Random, style: Style, source: SourceWords, province: ProvinceWords, template: string): string {
  const [town, town2] = rng.sample(province.places, 2).map((spellings) => rng.pick(spellings));
  const values: Record<string, () => string> = {
    town: () => town,
    town2: () => town2 ?? town,
    prov: () => rng.pick(province.aliases),
    provName: () => province.name,
    n: () => String(rng.int(2, 60)),
    n2: () => String(rng.int(2, 12)),
    big: () => rng.int(150, 12_000).toLocaleString("en-US"),
    pct: () => String(rng.int(5, 80)),
    km: () => String(rng.int(3, 60)),
    day: () => rng.pick(DAY_PHRASES),
    dir: () => rng.pick(DIRECTIONS),
    src: () => source.dateline,
    nth: () => rng.pick(ORDINALS),
    month: () => `${rng.pick(MONTHS)} ${rng.int(1, 28)}`,
  };
  const filled = template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    const list = style.slots[slot] ?? sharedSlots[slot];
    if (list) return rng.pick(list);
    const value = values[slot];
    if (!value) throw new Error(`bench corpus: unknown slot {${slot}} in style ${style.id}`);
    return value();
  });
  return capitalise(filled);
}

function weighted<T>(rng: Random, choices: [T, number][]): T {
  let roll = rng.next() * choices.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return choices[choices.length - 1][0];
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
}
