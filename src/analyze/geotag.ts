/**
 * Geotagging: which provinces each paragraph is about. Places come from the region pack; place-roles.ts
 * decides when a place name is not where events happen ("the Damascus government", "an Idlib-based
 * activist", "the Damascus-Homs highway"), and the rules here what a paragraph without a place inherits (its
 * section header, or the running story), so that a report splits cleanly by province.
 */
import type { RegionPack } from "../registry/regions.ts";
import type { Block, PlaceMention } from "../types.ts";
import { datelineLength } from "./dateline.ts";
import { isForeignLocation, isForeignModifier, roleOf } from "./place-roles.ts";

export interface GeoTag {
  provinces: string[];
  inherited: boolean;
  header: boolean;
  places: PlaceMention[];
}

const HEADER_MAX_CHARS = 70;
/** A paragraph naming more provinces than this passes no context on. */
const MAX_CARRIED = 3;
const TIMESTAMPED_ENTRY = /^\d{1,2}[:.]\d{2}\s*(?:GMT|UTC|[AP]\.?M\.?|local time)?\s*[-–—|:]\s*\S/i;
/** The country as a whole is the subject: "Syria has been divided…", "The war in Syria has claimed…". */
const COUNTRY_SUBJECT = /^[\s•*·–-]*(?:(?:the|in)\s+)?Syria(?:['’]s?)?\s+(?:has|have|had|is|was|remains|hosts|presidency|government|economy|foreign|ministry)\b|\b(?:war|conflict|crisis|uprising|revolution)\s+in\s+Syria\s+(?:has|have|had|is|was)\b/i;

/**
 * "al-Qusour neighbourhood", "the Mazraa district", "the Kafr Nabudah camp": a quarter of the city the
 * paragraph is about, or a camp named after its people's home town — not the town of that name elsewhere.
 * Camps in the plural ("the Sarmada camps", "Atmeh camps") are the clusters around that town.
 */
const QUARTER_AFTER = /^\s+(?:neighbou?rhoods?|quarters?|camp)\b/i;
/** "the Mazraa district": the same for a gazetteer town only (a curated "al-Hajar al-Aswad district" is that town). */
const DISTRICT_AFTER = /^\s+district\b/i;

/** Tags every block; boilerplate blocks get nothing and do not carry context. */
export function geotag(blocks: Block[], pack: RegionPack): GeoTag[] {
  const own = blocks.map((b) => (b.boilerplate ? emptyOwn() : ownPlaces(b.text, pack)));
  const tags: GeoTag[] = blocks.map(() => ({ provinces: [], inherited: false, header: false, places: [] }));

  let section: string[] = [];
  let running: string[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (block.boilerplate) continue;
    const o = own[i];
    // A dateline ("Damascus, SANA –") opens a new story, as a break does; a line right before one is that
    // story's headline.
    // The headline sets the story's place; its own dateline paragraph goes on from it.
    const headlined = o.datelined && i > 0 && !blocks[i - 1].boilerplate && isHeadline(blocks[i - 1].text);
    if (block.breakBefore || (o.datelined && !headlined) || (own[i + 1]?.datelined && isHeadline(block.text))) running = [];
    const header = i > 0 && isHeader(block.text, o);
    const codes = resolveAmbiguous(o, section, running);
    const tag = tags[i];
    tag.places = o.mentions.map((m) => ({ ...m.mention, code: m.mention.code ?? (m.candidates.length ? codes.pick(m.candidates) : null) }));
    tag.header = header;

    if (header) {
      section = codes.list;
      running = [];
      tag.provinces = codes.list;
      continue;
    }
    if (o.inlineHeader.length) section = o.inlineHeader;

    if (codes.list.length) {
      tag.provinces = codes.list;
      // A line naming many provinces is a tally or a round-up; what follows it is not about all of them.
      if (i > 0) running = codes.list.length <= MAX_CARRIED ? codes.list : [];
      continue;
    }
    // No place of its own. A paragraph about the whole country or about other countries stands alone.
    if (o.general || o.elsewhere) {
      running = [];
      continue;
    }
    if (o.aside) continue;
    const inherited = running.length ? running : section.length ? section : lookAhead(i, blocks, own) ?? o.dateline;
    if (i === 0 || !inherited || !inherited.length) continue;
    tag.provinces = inherited;
    tag.inherited = true;
    running = inherited;
  }
  return tags;
}

interface OwnMention {
  mention: PlaceMention;
  /** In-region candidates when the name is ambiguous (resolved with context); empty otherwise. */
  candidates: string[];
}

interface Own {
  mentions: OwnMention[];
  /** Codes from unambiguous in-region mentions, in order of appearance. */
  codes: string[];
  /** Candidate lists of ambiguous mentions. */
  ambiguous: string[][];
  /** Names places outside the region, or a capital used for its government: the paragraph is about elsewhere. */
  elsewhere: boolean;
  /**
   * Names a foreign state or capital other than as a location ("Turkey hosts 3.6 million refugees", "Moscow
   * urged restraint"): a reaction or background, which takes no province from the story but does not end it.
   */
  aside: boolean;
  general: boolean;
  /** Provinces named by an opening "Hama Province:" label. */
  inlineHeader: string[];
  /** Provinces of a dateline place, used only when nothing else places the paragraph. */
  dateline?: string[];
  /** Starts with a dateline: a new story. */
  datelined: boolean;
  /** The paragraph is nothing but place names (a header candidate). */
  placeWords: number;
  words: number;
}

function emptyOwn(): Own {
  return { mentions: [], codes: [], ambiguous: [], elsewhere: false, aside: false, general: false, datelined: false, inlineHeader: [], placeWords: 0, words: 0 };
}

/** The places a paragraph names itself, with non-location uses removed. */
function ownPlaces(text: string, pack: RegionPack): Own {
  const { tokens, matches } = pack.match(text);
  const own = emptyOwn();
  own.words = tokens.length;
  own.general = pack.isGeneral(tokens) || COUNTRY_SUBJECT.test(text);
  const datelineEnd = datelineLength(text);
  own.datelined = datelineEnd > 0;
  const inline = /^\s*([^.:!?\n]{2,45}):\s+\S/.exec(text);
  const spans: string[][] = [];
  const quarters: PlaceMention[] = [];

  matches.forEach((m, k) => {
    own.placeWords += m.to - m.from;
    const inRegion = m.entries.filter((e) => e.code !== null);
    const mention: PlaceMention = { text: m.text, code: null, start: m.start, end: m.end, id: m.entries[0].id };
    if (!inRegion.length) {
      // A foreign dateline is where the desk is ("BEIRUT (AP) —"), which says nothing of the story.
      if (m.end > datelineEnd && isForeignLocation(text, m)) own.elsewhere = true;
      else if (m.end > datelineEnd && !isForeignModifier(text, m)) own.aside = true;
      own.mentions.push({ mention, candidates: [] });
      return;
    }
    const role = roleOf(text, tokens, matches, k, inRegion);
    if (role === "not-a-location") {
      if (inRegion.some((e) => e.surroundings)) own.elsewhere = true;
      own.mentions.push({ mention, candidates: [] });
      return;
    }
    const codes = [...new Set(inRegion.map((e) => (role === "surroundings" ? e.surroundings ?? e.code! : e.code!)))];
    mention.id = inRegion[0].id;
    if (m.end <= datelineEnd) {
      own.dateline = codes;
      own.mentions.push({ mention: { ...mention, code: codes[0] }, candidates: [] });
      return;
    }
    if (inline && m.end <= inline[1].length) own.inlineHeader.push(...codes);
    // One region over several provinces ("the coast") places the paragraph in all of them, unless the
    // paragraph also names a place inside it (then that place says which part); see below.
    if (codes.length > 1 && inRegion.every((e) => e.kind === "region" && e.id === inRegion[0].id)) {
      mention.code = codes[0];
      spans.push(codes);
      own.mentions.push({ mention, candidates: [] });
    } else if (codes.length === 1) {
      mention.code = codes[0];
      const following = text.slice(m.end, m.end + 20);
      const town = inRegion.every((e) => e.kind === "town");
      if ((town || inRegion.every((e) => e.kind === "place")) && (QUARTER_AFTER.test(following) || (town && DISTRICT_AFTER.test(following)))) quarters.push(mention);
      else own.codes.push(codes[0]);
      own.mentions.push({ mention, candidates: [] });
    } else {
      own.ambiguous.push(codes);
      own.mentions.push({ mention, candidates: codes });
    }
  });
  // A quarter named like a town of another province belongs to the city the paragraph names.
  for (const q of quarters) {
    if (own.codes.length && !own.codes.includes(q.code!)) q.code = null;
    else own.codes.push(q.code!);
  }
  for (const span of spans) if (!span.some((c) => own.codes.includes(c))) own.codes.push(...span);
  own.codes = [...new Set(own.codes)];
  own.inlineHeader = [...new Set(own.inlineHeader)];
  return own;
}

/** Resolves ambiguous names with the paragraph's other places, then the section, then the running story. */
function resolveAmbiguous(o: Own, section: string[], running: string[]) {
  const pick = (candidates: string[]) =>
    candidates.find((c) => o.codes.includes(c)) ?? candidates.find((c) => section.includes(c)) ?? candidates.find((c) => running.includes(c)) ?? candidates[0];
  const list = [...o.codes];
  for (const candidates of o.ambiguous) {
    const c = pick(candidates);
    if (!list.includes(c)) list.push(c);
  }
  return { list, pick };
}

/** A headline: short, and not a sentence. */
function isHeadline(text: string): boolean {
  const t = text.trim();
  return t.length <= 120 && !/[.!?"”]$/.test(t);
}

/** A short line that names provinces or ends with a colon: "Hama Province:", "Deir Ezzur-Quneitra", "Rif Dimashq:". */
function isHeader(text: string, o: Own): boolean {
  const t = text.trim();
  // A live blog's entry title: "13:40 GMT – Syria condemns ‘flagrant aggression’". An entry that is a whole
  // sentence ("14:02 GMT — The ministry added that …") is the entry itself, and goes on the story before it.
  if (TIMESTAMPED_ENTRY.test(t) && t.length <= 160 && !/[.!?]["”’']?$/.test(t)) return true;
  if (t.length > HEADER_MAX_CHARS || o.words === 0 || o.words > 8) return false;
  // An explainer's question heading: "Who controls what?", "Why are there so many refugees?".
  if (/^(?:who|what|why|how|when|where|which|will|is|are|can|could|does|do|did|has|have)\b.*\?$/i.test(t)) return true;
  if (/[.!?"”’]$/.test(t)) return false;
  if (t.endsWith(":")) return true;
  // "HIGHLIGHTS", "Key Takeaways", "Checkpoints and prisons": a short line without a full stop starts a section.
  if (o.words <= 6) return true;
  return o.codes.length + o.ambiguous.length > 0 && o.placeWords >= o.words - 2;
}

/** A story's first paragraph often names its place only in the next one ("…took back the country's second city"). */
function lookAhead(i: number, blocks: Block[], own: Own[]): string[] | undefined {
  const storyStart = i === 1 || blocks[i].breakBefore;
  if (!storyStart) return undefined;
  for (let j = i + 1; j < Math.min(blocks.length, i + 3); j++) {
    if (blocks[j].boilerplate || blocks[j].breakBefore) return undefined;
    if (own[j].codes.length) return own[j].codes.length <= MAX_CARRIED ? own[j].codes : undefined;
    if (own[j].elsewhere || own[j].general) return undefined;
  }
  return undefined;
}
