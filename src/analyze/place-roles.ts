/**
 * How a place name is used in its sentence: where events happen, the capital's surroundings, or not a location
 * at all (the capital as a state, "-based", a road's ends, an origin, a namesake abroad, an institution that
 * speaks…). Geotagging (geotag.ts) asks this for every in-region place a paragraph names.
 */
import type { PlaceEntry, PlaceMatch } from "../registry/regions.ts";
import type { Token } from "../registry/place-names.ts";

const NON_LOCATION_SUFFIX = new Set(["based", "backed", "born", "led", "made", "allied", "aligned", "affiliated", "funded", "sponsored", "supported", "linked", "loyal", "friendly", "bound"]);

/** "an Idlib-based activist", "Iran-backed militias": the name qualifies someone, and places nothing. */
function inCompound(text: string, m: PlaceMatch): boolean {
  const suffix = /^[-‐‑]([A-Za-z]+)/.exec(text.slice(m.end, m.end + 20));
  return !!suffix && NON_LOCATION_SUFFIX.has(suffix[1].toLowerCase());
}

/** "the Jordan border", "Turkey's defence ministry said its drones hit …": a border, or forces that act in the story. */
const FOREIGN_FORCES_AFTER =
  /^(?:\s+(?:border|frontier)\b|['’]s?\s+(?:army|armed\s+forces|military|forces|troops|soldiers|defen[cs]e\s+ministry|ministry\s+of\s+(?:national\s+)?defen[cs]e|drones?|jets|warplanes|air\s+force|artillery)\b)/i;

/**
 * A foreign name that says nothing of where the paragraph is: inside a compound, naming a border, or owning
 * forces that act where the story is. Any other foreign state or capital not used as a location makes the
 * paragraph a reaction or background (see `aside` in geotag.ts).
 */
export function isForeignModifier(text: string, m: PlaceMatch): boolean {
  return inCompound(text, m) || FOREIGN_FORCES_AFTER.test(text.slice(m.end, m.end + 40));
}
const ROAD = /^\s*(?:international\s+|main\s+|old\s+)?(?:highway|road|motorway|route|railway|railroad|rail|pipeline|corridor|axis|line|bus|flights?|border)\b/i;
const GOVERNMENT_NOUN = new Set(["request", "requests", "invitation", "approval", "consent", "demand", "demands", "position", "stance", "decision", "support", "backing", "behalf", "claims", "objections", "refusal", "government", "regime", "authorities", "authority", "officials", "leadership", "administration", "delegation", "envoy", "envoys", "negotiators", "side", "camp", "policy", "allies", "ally", "rulers", "ruler", "cabinet", "ministry", "diplomats", "embassy", "interim", "transitional", "central"]);
const METONYMY_VERB = new Set(["said", "says", "say", "found", "finds", "has", "had", "is", "was", "will", "would", "can", "cannot", "might", "wants", "wanted", "accused", "accuses", "denied", "denies", "announced", "announces", "insisted", "insists", "requested", "requests", "asked", "asks", "rejected", "rejects", "welcomed", "welcomes", "condemned", "condemns", "blamed", "blames", "claimed", "claims", "warned", "warns", "agreed", "agrees", "signed", "signs", "demanded", "demands", "sought", "seeks", "vowed", "vows", "hopes", "fears", "considers", "refused", "refuses", "responded", "retaliated", "sent", "sends", "approved", "opposed", "opposes", "recognised", "recognized", "appointed", "decided", "ordered", "allowed", "pledged", "hailed", "regards", "views", "did", "does", "could", "may", "must", "should", "still", "also", "then", "now"]);
const DIRECTION = /^(?:north|south|east|west|northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western|northeast|northwest|southeast|southwest|rural)$/i;
/** "the eastern Damascus neighbourhoods": parts of the city itself, not the countryside in that direction. */
const CITY_PARTS_AFTER = /^\s+(?:neighbou?rhoods?|districts?|quarters?)\b/i;
const NEAR = /\b(?:near|outside|around|outskirts\s+of|countryside\s+of|suburbs?\s+of|vicinity\s+of|(?:north|south|east|west|northeast|northwest|southeast|southwest)\s+of|km\s+(?:from|of)|kilometers?\s+(?:from|of)|kilometres?\s+(?:from|of)|miles?\s+(?:from|of))\s+$/i;

/**
 * A place outside the region used as where something happens ("in Beirut", "fled to Turkey"), as opposed
 * to a state acting ("Turkey warned", "Iran's allies") or where words were spoken ("said in New York").
 */
export function isForeignLocation(text: string, m: PlaceMatch): boolean {
  const before = text.slice(Math.max(0, m.start - 60), m.start);
  if (inCompound(text, m)) return false;
  // A hashtag is the same word: "funeral in #Baalbek".
  // "in Beirut", "near the southern Lebanese town of Nabatieh", "at the Iraqi border city of al-Qaim".
  if (!/\b(?:[Ii]n|[Aa]t|[Tt]o|[Ii]nto|[Ii]nside|[Nn]ear|[Aa]cross|[Tt]owards?|[Vv]ia|[Tt]hrough|[Ff]rom)\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+)?(?:[A-Z][\p{L}-]+\s+)?(?:(?:border\s+)?(?:town|city|village|port|capital|province|region|area)\s+of\s+)?#?$/u.test(before)) return false;
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
/** "… for Damascus", "pressure on Damascus": the capital as a party to relations. */
const RELATION_BEFORE =
  /(?:\b(?:support|backing|pressure|relations|ties|talks|sanctions|recognition|normali[sz]ation|rapprochement|opposition|hostility|message|letter|demands?|envoy|ambassador|aid|assistance|help|weapons|arms|loans?|credit|problems?|disputes?|tensions|deals?|agreements?|negotiations|contacts|coordination|cooperation|reconciliation|loyalty|allegiance)\s+(?:for|on|with|to|from|against|toward|towards)|\b(?:return(?:ed|ing|s)?|hand(?:ed|ing|s)?(?:\s+over)?|restor(?:ed|ing|es)?|surrender(?:ed|ing|s)?|defect(?:ed|ing|s)?|loyal)\b[^.;,]{0,30}\bto|\b(?:request|behalf|consent|approval|invitation|side)\s+of|\binfluence\s+(?:on|over|with)|\b(?:supplied|supplies|supply|supplying|provided|provides|armed|arms|arming|backed|backs|supported|supports|helped|helps|urged|urges|pressed|presses|pressured|warned|warns|told|tells|asked|asks|accused|accuses|blamed|blames|recognised|recognized|condemned|condemns|sanctioned)(?:\s+the\s+government\s+in)?)\s+$/i;
/** "Damascus suburb of …", "Damascus’ southern suburbs": the countryside around the capital. */
const SURROUNDINGS_AFTER = /^(?:['’]s?)?\s+(?:(?:north|south|east|west)(?:ern)?\s+)?(?:suburbs?|outskirts|countryside|environs|periphery)\b/i;
/** "in Damascus province - 7", "Homs, Hama and Damascus provinces": reporters mean the province around the capital. */
const PROVINCE_AFTER = /^\s+(?:province|provinces|governorate)\b/i;
/**
 * "Al-Mayadeen TV": a place name inside the name of a media outlet — local networks are often the place and
 * "24" ("Deir Ezzor 24 learned", "Suwayda 24 –"), not "Daraa 24 hours" or "Homs 24 civilians".
 */
const MEDIA_AFTER = /^\s+(?:TV|channel|television|newspaper|radio|news\s+agency|network|website|24(?=\s*(?:$|[–—:|,.(]|-\s|network|reported|said|says|correspondents?|learned|sources?|exclusive)))\b/i;
/** "the Reconciliation Center at Hmeimim said": where a statement was issued, not where events happen. */
const ISSUING_BEFORE = /\b(?:cent(?:er|re)|base|headquarters|command|office|mission|embassy|delegation|bureau|spokesman|spokeswoman|spokesperson)\s+(?:at|in)\s+(?:the\s+)?$/i;
const SPEECH_AFTER = /^\s*(?:(?:air\s*)?base\s+)?(?:,[^,]{0,60},)?\s*(?:said|says|announced|reported|stated|claimed|told|added|noted|confirmed|denied|warned|has|have|had|is|are|was|were|will)\b/i;
const SPEAKS_AFTER = /^\s+(?:(?:has|had|have)\s+)?(?:said|says|warned|warns|announced|announces|claimed|claims|denied|denies|accused|accuses|stated|states)\b/i;
/** "Damascus and Aleppo airports", "the international airports of Damascus and …": the capital's airport lies outside it. */
const AIRPORT_AFTER = /^\s+(?:and\s+[A-Z][\p{L}-]+\s+)?(?:international\s+)?airports?\b/u;
const AIRPORT_BEFORE = /\bairports?\s+(?:of|in|at)\s+$/i;

export type Role = "location" | "surroundings" | "not-a-location";

/** "a young man from al-Qusayr", "displaced families originally from Hama": where people come from. */
const ORIGIN_BEFORE =
  /(?:\b(?:man|woman|men|women|boy|girl|child|children|youth|person|people|civilian|civilians|resident|residents|native|natives|family|families|fighter|fighters|member|members|soldier|soldiers|deserters?|defectors?|convoys?|officer|activist|activists|journalist|doctor|teacher|shepherd|farmer|refugees?|hailing|hails|hail)\s+(?:originally\s+)?|\breinforcements\s+(?:[^\s.;]+\s+){0,5}?|\b(?:came|come|coming)\s+(?:[^\s.;,]+\s+){0,4}?|\b(?:sent|dispatched|brought\s+in|deployed)\s+(?:[^\s.;]+\s+){0,3}?)from\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$/i;

/** "brothers originally from the countryside of Deir ez-Zor", "a native of Douma": a home town, whoever's. */
const HOME_BEFORE = /\b(?:originally\s+from|natives?\s+of|hail(?:s|ing)?\s+from)\s+(?:the\s+)?(?:(?:town|city|village|countryside|outskirts|suburbs)\s+of\s+(?:the\s+)?)?$/i;

/** "Aleppo soap", "Idlib olive oil", "old Homs recipes": a product named after a place, wherever it is. */
const PRODUCT_AFTER = /^\s+(?:soap|olive\s+oil|pistachios?|sweets|recipes?|cuisine|pepper|pine|cheese|kibbeh|cotton)\b/i;

/** "must not become another Hama", "a second Aleppo": a place as a byword, not where anything happens. */
const LIKENESS_BEFORE = /\b(?:another|a\s+second|a\s+new|the\s+next)\s+$/i;

/** A point of reference across a border: "In Ceylanpınar, across from Ras al-Ain", "Nusaybin, facing Qamishli". */
const REFERENCE_BEFORE = /\b(?:across\s+(?:the\s+border\s+)?from|opposite|facing)\s+(?:the\s+)?(?:Syrian\s+)?(?:(?:town|city|village)\s+of\s+)?$/i;

/** Words that introduce a person's name: "a commander who gave his nom de guerre as Ciwan Kobani", "Abu Omar Saraqib". */
const NAME_INTRO = new Set(["as", "named", "said", "says", "called", "commander", "spokesman", "spokeswoman", "spokesperson", "official", "leader", "fighter", "activist", "journalist", "correspondent", "sheikh", "abu", "umm", "mr", "ms", "dr"]);

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
  const before = text.slice(Math.max(0, m.start - 60), m.start);
  // "young men from Nawa to Khan Arnabah": a stretch of country, not a home town.
  const next = matches[k + 1];
  if (next && /^\s+to\s+(?:the\s+)?$/i.test(text.slice(m.end, next.start))) return false;
  if (ORIGIN_BEFORE.test(before) || HOME_BEFORE.test(before)) return true;
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
export function roleOf(text: string, tokens: Token[], matches: PlaceMatch[], k: number, entries: PlaceEntry[]): Role {
  const m = matches[k];
  const after = text.slice(m.end, m.end + 40);
  const before = text.slice(Math.max(0, m.start - 40), m.start);
  // "an Idlib-based activist", "Damascus-backed forces"
  if (inCompound(text, m)) return "not-a-location";
  // The ends of a road ("the Damascus-Homs highway", "the M5 between Aleppo and Damascus") are not where things
  // happen, unless both ends lie in one province: then the road does too ("the road between Qamishli and Amuda").
  const next = matches[k + 1];
  const prev = matches[k - 1];
  const hyphen = (a: PlaceMatch, b: PlaceMatch) => /^\s?[-‐‑–—]\s?$/.test(text.slice(a.end, b.start));
  const joined = (a: PlaceMatch, b: PlaceMatch) => ROUTE_JOIN.test(text.slice(a.end, b.start));
  const routeBefore = (x: PlaceMatch) => ROUTE_BEFORE.test(text.slice(Math.max(0, x.start - 60), x.start));
  if (isOrigin(text, matches, k) || isSurname(tokens, matches, k) || REFERENCE_BEFORE.test(before) || LIKENESS_BEFORE.test(before) || PRODUCT_AFTER.test(after)) return "not-a-location";
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

  // "Damascus governorate had received …": a name with its kind spelled out is a place, whatever follows it.
  const capital = /\s(?:province|governorate|countryside|city)$/i.test(m.text) ? undefined : entries.find((e) => e.surroundings);
  if (capital) {
    // The word right after the name, with nothing but spaces (or a possessive) between: "Damascus said",
    // "Damascus’ request" — not "…, reporting from Damascus, said".
    const possessive = /^['’]s?(?=\s)/.test(after);
    const nextWord = /^(?:['’]s?)?\s+([A-Za-z]+)/.exec(after)?.[1].toLowerCase();
    if (nextWord && (GOVERNMENT_NOUN.has(nextWord) || (!possessive && METONYMY_VERB.has(nextWord)))) return "not-a-location";
    if (possessive && nextWord && GOVERNMENT_NOUN.has(nextWord)) return "not-a-location";
    // "Damascus and Moscow", "between Damascus and Ankara": capitals as states.
    const neighbours = [prev, next].filter((n) => n && /^\s*(?:,|and|or|with|to)(?:\s+now)?\s*$/i.test(text.slice(Math.min(n.end, m.end), Math.max(n.start, m.start))));
    const listed = /\b(?:as\s+far(?:\s+away)?\s+as|in|at|across|reached|hit|struck)\s+(?:the\s+)?(?:cities\s+of\s+)?$/i;
    const first = neighbours.length && prev && neighbours.includes(prev) ? prev : m;
    const locative = listed.test(text.slice(Math.max(0, first.start - 40), first.start));
    if (!locative && neighbours.some((n) => n!.entries.every((e) => e.code === null))) return "not-a-location";
    // "Eastern Ghouta of Damascus": the capital only qualifies a place already named.
    if (prev && /^\s*(?:,\s*)?(?:in|of)\s+(?:the\s+)?$/i.test(text.slice(prev.end, m.start)) && prev.entries.some((e) => e.code && e.code !== capital.code)) return "not-a-location";
    if (/\b(?:government|authorities|regime|leadership|rulers|administration|officials)\s+in\s+$/i.test(before)) return "not-a-location";
    // "the settlement between Damascus and the SDF", "For Damascus, restoring the dam is a priority": a party.
    if (/\bbetween\s+$/i.test(before) && /^\s+and\s+(?:the\s+)?(?:[A-Z]{2,}\b|Kurds|Kurdish|opposition|rebels|factions|tribes)/.test(after)) return "not-a-location";
    if (/(?:^|[.;:!?]\s+)For\s+$/.test(before) && /^\s*,/.test(after)) return "not-a-location";
    // "Damascus, for its part, has sought …": the capital as a party.
    if (/^,\s*(?:for its part|in turn|in response|meanwhile|however|too|instead)\s*,/i.test(after)) return "not-a-location";
    // "the amnesty decree issued by Damascus", "an offensive launched by Damascus": the capital as the actor.
    if (/\bby\s+$/i.test(before)) return "not-a-location";
    if (AIRPORT_AFTER.test(after) || AIRPORT_BEFORE.test(before)) return "surroundings";
    if (RELATION_BEFORE.test(before)) return "not-a-location";
    const prevWord = tokens[m.from - 1]?.raw;
    if ((prevWord && DIRECTION.test(prevWord) && !CITY_PARTS_AFTER.test(after)) || NEAR.test(before) || SURROUNDINGS_AFTER.test(after) || PROVINCE_AFTER.test(after)) return "surroundings";
  }
  return "location";
}
