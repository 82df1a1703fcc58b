/**
 * Geotagging: which provinces each paragraph is about. Places come from the region pack; the rules here
 * decide when a place name is not where events happen ("the Damascus government", "an Idlib-based
 * activist", "the Damascus-Homs highway"), and what a paragraph without a place inherits (its section
 * header, or the running story), so that a report splits cleanly by province.
 */
import type { PlaceEntry, PlaceMatch, RegionPack } from "../registry/regions.ts";
import type { Token } from "../registry/place-names.ts";
import type { Block, PlaceMention } from "../types.ts";
import { datelineLength } from "./dateline.ts";

export interface GeoTag {
  provinces: string[];
  inherited: boolean;
  header: boolean;
  places: PlaceMention[];
}

const NON_LOCATION_SUFFIX = new Set(["based", "backed", "born", "allied", "aligned", "affiliated", "funded", "sponsored", "supported", "linked", "loyal", "friendly", "bound"]);
const ROAD = /^\s*(?:international\s+|main\s+|old\s+)?(?:highway|road|motorway|route|railway|railroad|rail|pipeline|corridor|axis|line|bus|flights?|border)\b/i;
const GOVERNMENT_NOUN = new Set(["request", "requests", "invitation", "approval", "consent", "demand", "demands", "position", "stance", "decision", "support", "backing", "behalf", "claims", "objections", "refusal", "government", "regime", "authorities", "authority", "officials", "leadership", "administration", "delegation", "envoy", "envoys", "negotiators", "side", "camp", "policy", "allies", "ally", "rulers", "ruler", "cabinet", "ministry", "diplomats", "embassy", "interim", "transitional", "central"]);
const METONYMY_VERB = new Set(["said", "says", "say", "found", "finds", "has", "had", "is", "was", "will", "would", "wants", "wanted", "accused", "accuses", "denied", "denies", "announced", "announces", "insisted", "insists", "requested", "requests", "asked", "asks", "rejected", "rejects", "welcomed", "welcomes", "condemned", "condemns", "blamed", "blames", "claimed", "claims", "warned", "warns", "agreed", "agrees", "signed", "signs", "demanded", "demands", "sought", "seeks", "vowed", "vows", "hopes", "fears", "considers", "refused", "refuses", "responded", "retaliated", "sent", "sends", "approved", "opposed", "opposes", "recognised", "recognized", "appointed", "decided", "ordered", "allowed", "pledged", "hailed", "regards", "views", "did", "does", "could", "may", "must", "should", "still", "also", "then", "now"]);
const DIRECTION = /^(?:north|south|east|west|northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western|northeast|northwest|southeast|southwest)$/i;
const NEAR = /\b(?:near|outside|around|outskirts\s+of|countryside\s+of|suburbs?\s+of|vicinity\s+of|(?:north|south|east|west|northeast|northwest|southeast|southwest)\s+of|km\s+(?:from|of)|kilometers?\s+(?:from|of)|kilometres?\s+(?:from|of)|miles?\s+(?:from|of))\s+$/i;
const HEADER_MAX_CHARS = 70;
/** A paragraph naming more provinces than this passes no context on. */
const MAX_CARRIED = 3;
const TIMESTAMPED_ENTRY = /^\d{1,2}[:.]\d{2}\s*(?:GMT|UTC|[AP]\.?M\.?|local time)?\s*[-–—|:]\s*\S/i;
/** The country as a whole is the subject: "Syria has been divided…", "The war in Syria has claimed…". */
const COUNTRY_SUBJECT = /^[\s•*·–-]*(?:(?:the|in)\s+)?Syria(?:['’]s?)?\s+(?:has|have|had|is|was|remains|hosts|presidency|government|economy|foreign|ministry)\b|\b(?:war|conflict|crisis|uprising|revolution)\s+in\s+Syria\s+(?:has|have|had|is|was)\b/i;

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
    if (block.breakBefore || o.datelined || (own[i + 1]?.datelined && isHeadline(block.text))) running = [];
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
  return { mentions: [], codes: [], ambiguous: [], elsewhere: false, general: false, datelined: false, inlineHeader: [], placeWords: 0, words: 0 };
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
      if (m.end <= datelineEnd || isForeignLocation(text, m)) own.elsewhere = true;
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

/**
 * A place outside the region used as where something happens ("in Beirut", "fled to Turkey"), as opposed
 * to a state acting ("Turkey warned", "Iran's allies") or where words were spoken ("said in New York").
 */
function isForeignLocation(text: string, m: PlaceMatch): boolean {
  const before = text.slice(Math.max(0, m.start - 60), m.start);
  if (/[-‐‑](?:based|backed|born)\b/i.test(text.slice(m.end, m.end + 8))) return false;
  // A hashtag is the same word: "funeral in #Baalbek".
  if (!/\b(?:[Ii]n|[Aa]t|[Tt]o|[Ii]nto|[Ii]nside|[Nn]ear|[Aa]cross|[Tt]owards?|[Vv]ia|[Tt]hrough|[Ff]rom)\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+)?(?:[A-Z][\p{L}-]+\s+)?#?$/u.test(before)) return false;
  return !/\b(?:said|says|told|telling|speaking|spoke|statement|conference|briefing|reporters|journalists|meeting|talks|summit)\b[^.;]{0,40}$/i.test(before);
}

/** "the M5 highway between Aleppo and Damascus", "runs from the border through Homs and Hama", "the road linking it to Daraa". */
/** What may stand between a route word and the place: "the capital", "the northern city of", "the town of". */
const DESCRIPTOR = String.raw`(?:the\s+)?(?:(?:capital|northern|southern|eastern|western|central|coastal|provincial|border|strategic|key)\s+)*(?:(?:city|town|village|province)\s+(?:of\s+)?)?`;
const ROUTE_BEFORE = new RegExp(
  String.raw`(?:\b(?:highway|road|motorway|route|railway|M\d{1,2}|runs|running|stretches|passes|linking|links|connecting|connects)\b[^.;]{0,40}\b(?:between|from|through|via|linking|connecting|to)|\b(?:connects|connecting|links|linking|joins|joining))\s+${DESCRIPTOR}$`,
  "i",
);
/** A route named by where it passes: "the M5 through Hama", "the highway via Saraqib". */
const THROUGH_BEFORE = /\b(?:through|via)\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?$/i;
/** Between the two ends of a route: "Aleppo and Damascus", "Damascus with the northern city of Aleppo". */
const ROUTE_JOIN = new RegExp(String.raw`^\s*(?:,|and|to|with|-|–)\s*${DESCRIPTOR}$`, "i");
/** "the Albu Kamal-al-Qaim crossing", "the Nasib border crossing": a crossing is where both its ends are. */
const CROSSING_AFTER = /^\s*(?:border\s+)?(?:crossing|crossing\s+point|border\s+point|border\s+gate)\b/i;
/** "al-Karama Square", "Baghdad Street": a landmark named after a place, which may be anywhere. */
const LANDMARK_AFTER = /^\s+(?:Square|Street|St\.|Avenue|Boulevard|Roundabout|Circle)\b/;
/**
 * "al-Qusour neighbourhood", "the Mazraa district", "the Kafr Nabudah camp": a quarter of the city the
 * paragraph is about, or a camp named after its people's home town — not the town of that name elsewhere.
 */
const QUARTER_AFTER = /^\s+(?:neighbou?rhoods?|quarters?|camps?)\b/i;
/** "the Mazraa district": the same for a gazetteer town only (a curated "al-Hajar al-Aswad district" is that town). */
const DISTRICT_AFTER = /^\s+district\b/i;
/** "… for Damascus", "pressure on Damascus": the capital as a party to relations. */
const RELATION_BEFORE =
  /(?:\b(?:support|backing|pressure|relations|ties|talks|sanctions|recognition|normali[sz]ation|rapprochement|opposition|hostility|message|letter|demands?|envoy|ambassador|aid|assistance|help|weapons|arms|loans?|credit|problems?|disputes?|tensions|deals?|agreements?|negotiations|contacts|coordination|cooperation|reconciliation|loyalty|allegiance)\s+(?:for|on|with|to|from|against|toward|towards)|\b(?:return(?:ed|ing|s)?|hand(?:ed|ing|s)?(?:\s+over)?|restor(?:ed|ing|es)?|surrender(?:ed|ing|s)?|defect(?:ed|ing|s)?|loyal)\b[^.;,]{0,30}\bto|\b(?:request|behalf|consent|approval|invitation|side)\s+of|\b(?:supplied|supplies|supply|supplying|provided|provides|armed|arms|arming|backed|backs|supported|supports|helped|helps|urged|urges|pressed|presses|pressured|warned|warns|told|tells|asked|asks|accused|accuses|blamed|blames|recognised|recognized|condemned|condemns|sanctioned)(?:\s+the\s+government\s+in)?)\s+$/i;
/** "Damascus suburb of …", "Damascus’ southern suburbs": the countryside around the capital. */
const SURROUNDINGS_AFTER = /^(?:['’]s?)?\s+(?:(?:north|south|east|west)(?:ern)?\s+)?(?:suburbs?|outskirts|countryside|environs|periphery)\b/i;
/** "in Damascus province - 7", "Homs, Hama and Damascus provinces": reporters mean the province around the capital. */
const PROVINCE_AFTER = /^\s+(?:province|provinces|governorate)\b/i;
/** "Al-Mayadeen TV": a place name inside the name of a media outlet. */
const MEDIA_AFTER = /^\s+(?:TV|channel|television|newspaper|radio|news\s+agency|network|website)\b/i;
/** "the Reconciliation Center at Hmeimim said": where a statement was issued, not where events happen. */
const ISSUING_BEFORE = /\b(?:cent(?:er|re)|base|headquarters|command|office|mission|embassy|delegation|bureau|spokesman|spokeswoman|spokesperson)\s+(?:at|in)\s+(?:the\s+)?$/i;
const SPEECH_AFTER = /^\s*(?:(?:air\s*)?base\s+)?(?:,[^,]{0,60},)?\s*(?:said|says|announced|reported|stated|claimed|told|added|noted|confirmed|denied|warned|has|have|had|is|are|was|were|will)\b/i;
const SPEAKS_AFTER = /^\s+(?:(?:has|had|have)\s+)?(?:said|says|warned|warns|announced|announces|claimed|claims|denied|denies|accused|accuses|stated|states)\b/i;
/** "Damascus and Aleppo airports", "the international airports of Damascus and …": the capital's airport lies outside it. */
const AIRPORT_AFTER = /^\s+(?:and\s+[A-Z][\p{L}-]+\s+)?(?:international\s+)?airports?\b/u;
const AIRPORT_BEFORE = /\bairports?\s+(?:of|in|at)\s+$/i;

type Role = "location" | "surroundings" | "not-a-location";

/** "a young man from al-Qusayr", "displaced families originally from Hama": where people come from. */
const ORIGIN_BEFORE =
  /(?:\b(?:man|woman|men|women|boy|girl|child|children|youth|person|people|civilian|civilians|resident|residents|native|natives|family|families|fighter|fighters|member|members|soldier|soldiers|officer|activist|activists|journalist|doctor|teacher|shepherd|farmer|displaced|refugees?|hailing|hails|hail)\s+(?:originally\s+)?|\breinforcements\s+(?:[^\s.;]+\s+){0,5}?|\b(?:sent|dispatched|brought\s+in|deployed)\s+(?:[^\s.;]+\s+){0,3}?)from\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$/i;

/** Words that introduce a person's name: "a commander who gave his nom de guerre as Ciwan Kobani", "Abu Omar Saraqib". */
const NAME_INTRO = new Set(["as", "named", "called", "commander", "spokesman", "spokeswoman", "spokesperson", "official", "leader", "fighter", "activist", "journalist", "correspondent", "sheikh", "abu", "umm", "mr", "ms", "dr"]);

/** A place name that ends a person's name (a surname or nom de guerre taken from a town). */
function isSurname(tokens: Token[], matches: PlaceMatch[], k: number): boolean {
  const m = matches[k];
  const given = tokens[m.from - 1];
  const before = tokens[m.from - 2];
  if (!given || !before || !given.capital || given.article || !given.joinsNext) return false;
  if (matches[k - 1] && matches[k - 1].to > m.from - 2) return false;
  return NAME_INTRO.has(before.raw.toLowerCase()) && before.joinsNext;
}

/** Whether match `k` names where someone comes from, directly or as the province of such a place ("from X in Homs"). */
function isOrigin(text: string, matches: PlaceMatch[], k: number): boolean {
  const m = matches[k];
  if (ORIGIN_BEFORE.test(text.slice(Math.max(0, m.start - 60), m.start))) return true;
  const prev = matches[k - 1];
  return !!prev && /^\s*(?:,|in|of|and|or)\s+(?:the\s+)?$/i.test(text.slice(prev.end, m.start)) && isOrigin(text, matches, k - 1);
}

/** `m` is placed in the foreign place `next`: "… in Nineveh province" within its clause, or "Rabia, Iraq." */
function qualifiedAbroad(text: string, m: PlaceMatch, next: PlaceMatch): boolean {
  const gap = text.slice(m.end, next.start);
  const afterNext = text.slice(next.end, next.end + 3);
  if (/^['’]s?\b/.test(afterNext)) return false;
  if (/^,\s*$/.test(gap)) return /^\s*(?:[.,;)]|$)/.test(afterNext);
  // Only the thing named right after it: "… garrison in eastern Syria and at bases in Iraq" is not placed in Iraq.
  return /^(?:(?!\b(?:and|or|in|at)\b)[^.;,]){0,30}\s+in\s+(?:the\s+)?$/i.test(gap);
}

/** Decides how a place name is used in its sentence. */
function roleOf(text: string, tokens: Token[], matches: PlaceMatch[], k: number, entries: PlaceEntry[]): Role {
  const m = matches[k];
  const after = text.slice(m.end, m.end + 40);
  const before = text.slice(Math.max(0, m.start - 40), m.start);
  // "an Idlib-based activist", "Damascus-backed forces"
  const suffix = /^[-‐‑]([A-Za-z]+)/.exec(after);
  if (suffix && NON_LOCATION_SUFFIX.has(suffix[1].toLowerCase())) return "not-a-location";
  // The ends of a road ("the Damascus-Homs highway", "the M5 between Aleppo and Damascus") are not where things
  // happen, unless both ends lie in one province: then the road does too ("the road between Qamishli and Amuda").
  const next = matches[k + 1];
  const prev = matches[k - 1];
  const hyphen = (a: PlaceMatch, b: PlaceMatch) => /^\s?[-‐‑–—]\s?$/.test(text.slice(a.end, b.start));
  const joined = (a: PlaceMatch, b: PlaceMatch) => ROUTE_JOIN.test(text.slice(a.end, b.start));
  const routeBefore = (x: PlaceMatch) => ROUTE_BEFORE.test(text.slice(Math.max(0, x.start - 60), x.start));
  if (isOrigin(text, matches, k) || isSurname(tokens, matches, k)) return "not-a-location";
  const pairEnd = next && hyphen(m, next) ? next : prev && hyphen(prev, m) ? m : undefined;
  if (pairEnd && CROSSING_AFTER.test(text.slice(pairEnd.end, pairEnd.end + 30))) return "location";
  if (LANDMARK_AFTER.test(after)) return "not-a-location";
  // "the Rabia border crossing in Nineveh province", "Rabia, Iraq.": a namesake abroad.
  if (next && entries.every((e) => e.kind === "town" || e.kind === "place") && next.entries.every((e) => e.code === null) && qualifiedAbroad(text, m, next)) return "not-a-location";
  let otherEnd: PlaceMatch | null | undefined;
  if (next && hyphen(m, next) && ROAD.test(text.slice(next.end, next.end + 40))) otherEnd = next;
  else if (prev && hyphen(prev, m) && ROAD.test(after)) otherEnd = prev;
  // One end only: an end ("the road linking it to Damascus", "the highway to Homs") is elsewhere, but a
  // stretch ("the M5 through Hama") is where the road runs.
  else if (routeBefore(m)) otherEnd = next && joined(m, next) ? next : THROUGH_BEFORE.test(text.slice(Math.max(0, m.start - 60), m.start)) ? undefined : null;
  else if (prev && joined(prev, m) && routeBefore(prev)) otherEnd = prev;
  if (otherEnd !== undefined) {
    const codes = (x: PlaceMatch) => x.entries.map((e) => e.code).filter((c) => c !== null);
    const sameProvince = otherEnd !== null && codes(otherEnd).some((c) => entries.some((e) => e.code === c));
    if (!sameProvince) return "not-a-location";
  }
  if (ISSUING_BEFORE.test(before) && SPEECH_AFTER.test(after)) return "not-a-location";
  // A place that speaks is an institution there ("Hmeimim had warned", "Qamishli announced"), and a traveller's
  // destination is not where things happen ("on their way to Damascus").
  if ((SPEAKS_AFTER.test(after) && !/\bof\s+(?:the\s+)?$/i.test(before)) || /\bon\s+(?:their|his|her|its|the)\s+way\s+(?:back\s+)?to\s+$/i.test(before)) return "not-a-location";
  if (MEDIA_AFTER.test(after)) return "not-a-location";

  const capital = entries.find((e) => e.surroundings);
  if (capital) {
    // The word right after the name, with nothing but spaces (or a possessive) between: "Damascus said",
    // "Damascus’ request" — not "…, reporting from Damascus, said".
    const possessive = /^['’]s?(?=\s)/.test(after);
    const nextWord = /^(?:['’]s?)?\s+([A-Za-z]+)/.exec(after)?.[1].toLowerCase();
    if (nextWord && (GOVERNMENT_NOUN.has(nextWord) || (!possessive && METONYMY_VERB.has(nextWord)))) return "not-a-location";
    if (possessive && nextWord && GOVERNMENT_NOUN.has(nextWord)) return "not-a-location";
    // "Damascus and Moscow", "between Damascus and Ankara": capitals as states.
    const neighbours = [prev, next].filter((n) => n && /^\s*(?:,|and|or|with|to)\s*$/i.test(text.slice(Math.min(n.end, m.end), Math.max(n.start, m.start))));
    const listed = /\b(?:as\s+far(?:\s+away)?\s+as|in|at|across|reached|hit|struck)\s+(?:the\s+)?(?:cities\s+of\s+)?$/i;
    const first = neighbours.length && prev && neighbours.includes(prev) ? prev : m;
    const locative = listed.test(text.slice(Math.max(0, first.start - 40), first.start));
    if (!locative && neighbours.some((n) => n!.entries.every((e) => e.code === null))) return "not-a-location";
    // "Eastern Ghouta of Damascus": the capital only qualifies a place already named.
    if (prev && /^\s*(?:,\s*)?(?:in|of)\s+(?:the\s+)?$/i.test(text.slice(prev.end, m.start)) && prev.entries.some((e) => e.code && e.code !== capital.code)) return "not-a-location";
    if (/\b(?:government|authorities|regime|leadership|rulers|administration)\s+in\s+$/i.test(before)) return "not-a-location";
    // "Damascus, for its part, has sought …": the capital as a party.
    if (/^,\s*(?:for its part|in turn|in response|meanwhile|however|too|instead)\s*,/i.test(after)) return "not-a-location";
    // "the amnesty decree issued by Damascus", "an offensive launched by Damascus": the capital as the actor.
    if (/\bby\s+$/i.test(before)) return "not-a-location";
    if (AIRPORT_AFTER.test(after) || AIRPORT_BEFORE.test(before)) return "surroundings";
    if (RELATION_BEFORE.test(before)) return "not-a-location";
    const prevWord = tokens[m.from - 1]?.raw;
    if ((prevWord && DIRECTION.test(prevWord)) || NEAR.test(before) || SURROUNDINGS_AFTER.test(after) || PROVINCE_AFTER.test(after)) return "surroundings";
  }
  return "location";
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
  // A live blog's entry title: "13:40 GMT – Syria condemns ‘flagrant aggression’".
  if (TIMESTAMPED_ENTRY.test(t) && t.length <= 160) return true;
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
