/**
 * How each kind of outlet writes, as sentence templates with `{slots}`: state agencies, opposition monitors,
 * wires, Kurdish outlets, Turkish state media and think tanks. Loaded words come from the framing lexicon
 * through the vocabulary, so every style carries the terms its real counterparts use.
 *
 * Slots filled by the generator for the province in focus: {town} {town2} (curated places, random
 * spelling), {prov} (a province alias), {provName}, {n} {n2} {big} {pct} {km} (numbers), {day}, {dir},
 * {src} (the source's dateline name), {nth}, {month}. Any other slot is a list below or in `sharedSlots`.
 * The generator capitalises the first letter of every sentence, so slot values are written lower-case.
 */
import type { SourceWords, Vocabulary } from "./vocabulary.ts";

export type StyleId = "state" | "opposition" | "wire" | "kurdish" | "turkish" | "think-tank";

export interface Style {
  id: StyleId;
  /** Registry ids of outlets that write this way. */
  sources: string[];
  /** Province codes this kind of outlet mostly covers; empty for all. */
  focus: string[];
  /** Chance that a report is a roundup with "Province:" section headers. */
  headers: number;
  titles: string[];
  /** The opening paragraph, after the dateline. */
  leads: string[];
  /** Event sentences about the province in focus; a paragraph is one to three of them. */
  sentences: string[];
  /** Paragraphs without a place: background, quotes, context. */
  context: string[];
  dateline(source: SourceWords, place: string): string;
  slots: Record<string, string[]>;
}

/** Slot values every style may use. */
export const sharedSlots: Record<string, string[]> = {
  weapon: ["artillery", "heavy machine guns", "mortar shells", "rocket launchers", "guided missiles", "suicide drones", "anti-tank missiles", "tank fire", "Grad rockets", "barrel bombs", "cluster munitions", "sniper fire", "explosive-laden drones", "heavy weapons"],
  vehicle: ["a military vehicle", "two pickup trucks", "an armoured bulldozer", "a tank", "a fuel tanker", "an ammunition truck", "a motorcycle", "a troop carrier", "a rocket launcher", "three technicals"],
  witness: ["local residents", "a medical source", "a local council member", "a resident", "an activist in the area", "civil defence teams", "a hospital official", "a field commander", "a local journalist", "witnesses", "a security official", "a farmer from the area"],
  aid: ["the World Food Programme", "UNICEF", "the Syrian Arab Red Crescent", "the ICRC", "OCHA", "local charities", "the White Helmets", "the UN refugee agency", "Doctors Without Borders"],
  infra: ["a bakery", "a water pumping station", "a school", "a field hospital", "the main market", "a power station", "a mosque", "a grain silo", "an irrigation canal", "a checkpoint", "a fuel depot", "a health centre", "the municipal building", "an electricity substation"],
  commodity: ["bread", "fuel", "diesel", "cooking gas", "flour", "medicine", "drinking water", "heating oil", "baby formula", "sugar"],
  group: ["Hay'at Tahrir al-Sham", "the Islamic State group", "the Syrian Democratic Forces", "the Syrian National Army", "Ahrar al-Sham", "Jaish al-Izza", "the National Front for Liberation", "Faylaq al-Sham", "the Hamza Division", "Liwa al-Quds", "the National Defence Forces", "the Fourth Division", "the Republican Guard", "Hezbollah", "the Fatemiyoun Brigade", "Russian military police"],
  outcome: ["wounding several others", "destroying their equipment", "forcing them to retreat", "setting a depot ablaze", "cutting a supply line", "damaging several houses", "disabling two vehicles", "killing the crew"],
};

/** The six styles, their loaded-word slots drawn from the lexicon in `v`. */
export function buildStyles(v: Vocabulary): Style[] {
  const enemies = v.loaded(["terrorist", "terrorist group", "takfiri", "militant", "extremist", "gang", "mercenary"], "plural");
  return [
    {
      id: "state",
      sources: ["sana", "fna", "irna", "tasnim", "presstv", "almasdar", "almayadeen", "rt", "tass", "sputnik", "xinhua"],
      focus: [],
      headers: 0.5,
      titles: [
        "Syria in Last 24 Hours: Army Advances in {prov}, {euph} {town} of Terrorists",
        "Army units {liberated} {n2} villages in {dir} {prov}",
        "{Enemy} suffer heavy losses near {town}",
        "Army foils attack by {enemy} on {town}, restores security",
        "Syrian army deals heavy blow to {enemy} in {prov} countryside",
        "Engineering units clear mines in {town} after {enemy} flee",
        "Army, allies make fresh gains near {town}",
      ],
      leads: [
        "The Syrian army and its allies continued their advances in {prov} and {euph} several areas of {enemy} {day}.",
        "Army units {crushv} an attack by {enemy} near {town} and inflicted heavy losses on them, a military source said.",
        "The Syrian army {liberated} {town} in {dir} {prov} after fierce clashes with {enemy}, {src} reported.",
        "Army troops and {friendly} tightened the noose on {enemy} in {town} as the {waronterror} entered a new phase.",
      ],
      sentences: [
        "Army units {euph} {town} of {enemy} {day} after heavy clashes that left {n} of them dead.",
        "The army {crushv} an attack by {enemy} on its positions near {town} in {dir} {prov}.",
        "The army's artillery and missile units pounded the {positions} of {enemy} in {town} and {town2}, destroying {vehicle}.",
        "A military source told {src} that the {enemy} suffered heavy casualties and fled towards {town2}.",
        "{friendly} {liberated} the villages of {town} and {town2} and continued to advance towards the {dir} outskirts.",
        "{n2} civilians were {martyred} when {enemy} fired {weapon} at residential neighbourhoods of {town}.",
        "Engineering units dismantled {n} explosive devices and mines left behind by the {enemy} in {town}.",
        "The Syrian air force targeted {positions} of {enemy} in {town}, killing {n} gunmen, including foreign nationals.",
        "In a {victory}, army troops took full control of {town} and reopened the road to {town2}.",
        "Residents of {town} returned to their homes after the army {euph} the area, {src} reported.",
        "Dignitaries of {town} signed a {reconciliation} under which {big} gunmen handed over their weapons to the army.",
        "The {enemy} have been using civilians in {town} as human shields, the source added.",
        "The army also repelled an attack by {enemy} on {infra} in {town} {day}.",
        "Meanwhile, {friendly} seized large amounts of weapons and ammunition in {town}, including {vehicle}.",
        "The {backed} {enemy} shelled {town} with {weapon}, {outcome}, according to a local source.",
        "Army units {euph} {km} square kilometres around {town} and are now securing the area.",
        "{n} {enemy} were {killed} in {town} and {town2} as army units {crushv} their last lines of defence.",
        "The army's special forces {killed} a field commander of the {enemy} in an ambush near {town}.",
      ],
      context: [
        "Syria has been grappling with deadly unrest since early 2011 at the hands of {backed} {enemy}.",
        "The army and its allies have been waging the {waronterror} for more than a decade with the support of Russia and Iran.",
        "Observers say the victories in {prov} have changed the balance of power on the ground in favour of the Damascus government.",
        "The {enemy} have repeatedly violated the ceasefire agreement brokered by Russia and Turkey.",
        "Army commanders said {day} that the operations will continue until every inch of the country is {liberated}.",
        "The {heroes} of the Syrian army have sacrificed their lives to defend {town} and the homeland, a military official told {src}.",
      ],
      dateline: (s, place) => (s.id === "sana" ? `${place.toUpperCase()}, (${s.dateline})_ ` : `(${s.dateline})- `),
      slots: {
        enemy: enemies,
        Enemy: enemies.map(capitalise),
        euph: v.loaded(["purge", "cleanse", "sanitise"], "past"),
        killed: v.loaded(["eliminate", "neutralise", "liquidate"], "past"),
        crushv: v.loaded(["smash", "crush", "wipe out", "annihilate", "rout"], "past"),
        liberated: v.loaded(["liberate"], "past"),
        martyred: v.loaded(["martyr"], "past"),
        heroes: v.loaded(["hero"], "plural"),
        positions: [...v.loaded(["hideout", "gathering center"], "plural"), "positions", "supply routes", "fortifications", "command centres"],
        victory: v.loaded(["landmark victory", "historic victory"]).filter((t) => !/ies$/.test(t)),
        reconciliation: v.loaded(["reconciliation"]).filter((t) => /deal|agreement|plan/.test(t)),
        friendly: v.loaded(["popular forces", "resistance front", "defenders of the shrine"]).filter((t) => !/force$|fronts$/.test(t)).map((t) => `the ${t}`),
        waronterror: v.loaded(["war on terrorism"]),
        backed: v.loaded(["foreign-backed", "Western-backed", "US-backed", "Turkish-backed", "Saudi-backed"]),
      },
    },
    {
      id: "opposition",
      sources: ["sohr", "snhr", "enab-baladi", "syria-direct"],
      focus: [],
      headers: 0.8,
      titles: [
        "{n} civilians killed as {regime} shell {town}",
        "Daily toll: {n} people killed across Syrian territory",
        "{provName}: escalation continues for the {nth} day",
        "{militias} raid homes in {town}, arrest {n2} young men",
        "Drone strike kills {n2} on the {town}–{town2} road",
        "Shortages of {commodity} hit {town} as prices soar",
      ],
      leads: [
        "{src} activists documented the death of {n} civilians, including {n2} children, across Syrian territory {day}.",
        "{regime} escalated their bombardment of {prov} countryside, targeting {town} and {town2} with {weapon}.",
        "A new {massacre} was committed in {town} when {regime} shelled a crowded market, killing {n} civilians.",
        "Tension prevails in {town} after {militias} stormed several houses and arrested {n2} people.",
      ],
      sentences: [
        "{regime} shelled {town} and {town2} with {weapon}, causing material damage to {infra}.",
        "Russian warplanes carried out {n} airstrikes on the outskirts of {town}, according to {src} sources.",
        "{militias} arrested {n2} young men at a checkpoint near {town} and took them to an unknown destination.",
        "Clashes erupted between {rebels} and {regime} on the {town} front, amid mutual shelling.",
        "A {massacre} was committed when {regime} shelled a market in {town}, killing {n} civilians.",
        "The death toll of the escalation on {town} has risen to {n}, including {n2} women, {src} said.",
        "Local sources reported that {militias} seized the homes of displaced people in {town}, in what activists called {accusation}.",
        "Residents of {town} complain of shortages of {commodity}, while prices rose by {pct} percent in a week.",
        "{rebels} targeted a position of {regime} near {town} with {weapon}, killing {n2} soldiers.",
        "A drone of unknown identity targeted a car on the road between {town} and {town2}, killing {n2} people.",
        "The bombardment forced {big} families to flee from {town} towards camps near the Turkish border.",
        "{shabiha} manning a checkpoint at the entrance of {town} imposed fees on farmers transporting their crops.",
        "{src} monitored the arrival of reinforcements of {militias} to {town}, including {vehicle}.",
        "Gunmen on a motorcycle assassinated a former member of the reconciliation committees in {town} {day}.",
        "Civil defence teams pulled {n2} bodies from under the rubble of a house in {town} that was hit by {weapon}.",
        "{regime} detained {n2} returnees in {town} despite the so-called settlement guarantees.",
      ],
      context: [
        "SOHR calls on the international community to hold the perpetrators of {accusation} accountable.",
        "Activists say the escalation amounts to {accusation} against civilians in areas outside government control.",
        "{src} relies on a network of {n} sources inside Syria, including in {prov}.",
        "Human rights groups have repeatedly warned of the deteriorating humanitarian situation in the camps, home to {big} displaced people.",
        "The {revolution} began in March 2011 with peaceful protests in {town} and elsewhere that were met with bullets.",
        "The total number of people killed since the beginning of the year has risen to {big}, according to SOHR statistics.",
      ],
      dateline: (s, place) => (s.id === "enab-baladi" ? `${place} – ${s.dateline} ` : ""),
      slots: {
        regime: v.loaded(["regime forces", "Assad regime", "pro-regime"]).filter((t) => /forces|troops|militias|soldiers|army/.test(t)),
        militias: v.loaded(["Iranian-backed militias", "Shiite militias", "Assad's militias"]).filter((t) => /militias$/.test(t)),
        rebels: v.loaded(["rebels", "revolutionaries", "Free Army"]).filter((t) => t !== "rebel").map((t) => (/^[a-z]/.test(t) ? t : `the ${t}`)),
        massacre: ["massacre"],
        accusation: v.loaded(["war crimes", "collective punishment", "demographic change", "ethnic cleansing"]).filter((t) => t !== "war crime"),
        shabiha: v.loaded(["shabiha"]).filter((t) => !/militias/.test(t)).map(capitalise),
        revolution: v.loaded(["revolution"]).filter((t) => /Syrian/.test(t)),
      },
    },
    {
      id: "wire",
      sources: ["reuters", "ap", "afp", "bbc", "aljazeera", "asharq-al-awsat"],
      focus: [],
      headers: 0,
      titles: [
        "Syria clashes kill {n} near {town}, monitor says",
        "Air strikes hit {town} in Syria's {prov} province",
        "Thousands flee fighting around {town} in northern Syria",
        "Car bomb kills {n2} in Syria's {town}",
        "UN warns of aid shortfall as fighting in {prov} intensifies",
        "Syrian forces and insurgents trade fire near {town}",
      ],
      leads: [
        "{gov} and {opp} clashed near {town} in {prov} province {day}, a war monitor and residents said.",
        "At least {n} people were killed in an air strike on {town} in {dir} Syria, according to {witness}.",
        "A car bomb exploded at a busy intersection in {town} {day}, killing {n2} people and wounding dozens, a civil defence official said.",
        "Thousands of people fled {town} as fighting between {gov} and {opp} spread across {prov} province, the United Nations said.",
      ],
      sentences: [
        "{gov} and {opp} clashed near {town} in {prov} province {day}, residents said.",
        "At least {n} people were killed in an air strike on {town}, according to {witness}.",
        "\"We heard {n2} explosions and then the ambulances came,\" said a resident of {town} who asked not to be named.",
        "The defence ministry said its forces had repelled an attack on positions near {town2}; the claim could not be independently verified.",
        "The fighting has displaced more than {big} people in the past week, the United Nations said.",
        "{aid} said it had delivered {commodity} to {big} families in {town} but access remained limited.",
        "A car bomb exploded in {town}, killing {n2} people and wounding dozens, a civil defence official said.",
        "Turkey, which backs some rebel factions, has repeatedly shelled areas held by Kurdish-led forces near {town}.",
        "Talks on a humanitarian corridor to {town} stalled, diplomats said, as shelling continued overnight.",
        "{group} said in a statement that it had captured {n2} villages around {town}.",
        "Satellite images showed damage to {infra} in {town} after the strikes, analysts said.",
        "A spokesman for {group} said its fighters had withdrawn from {town} to avoid civilian casualties.",
        "Hospitals in {town} were overwhelmed, a doctor said, with {n} wounded brought in within hours.",
        "Israeli strikes hit what the military called weapons depots near {town}, a war monitor said.",
      ],
      context: [
        "Syria's war, now in its {nth} year, has killed hundreds of thousands of people and displaced half the population.",
        "The conflict drew in regional and world powers, with Russia and Iran backing the government and Turkey supporting some {opp}.",
        "The United Nations has repeatedly called for a nationwide ceasefire and unhindered humanitarian access to the {big} people in need in {prov}.",
        "{src} was not able to independently verify the casualty figures from {town}.",
        "The Britain-based Syrian Observatory for Human Rights, which tracks the war through a network of sources, gave a higher toll.",
        "Diplomats said {day} that talks in Geneva had made little progress on a political settlement.",
      ],
      dateline: (s, place) => `${place.toUpperCase()} (${s.dateline}) - `,
      slots: {
        gov: ["Syrian government forces", "government troops", "the Syrian army", "forces loyal to the government", "security forces"],
        opp: [...v.loaded(["rebels", "militant", "jihadist"], "plural").filter((t) => !/groups?$/.test(t)), "insurgents", "opposition fighters", "Islamic State fighters"],
      },
    },
    {
      id: "kurdish",
      sources: ["hawar", "npa"],
      focus: ["SY-HA", "SY-RA", "SY-HL", "SY-DY"],
      headers: 0.2,
      titles: [
        "Turkish occupation shells villages near {town}",
        "{n2} civilians wounded in Turkish drone strike near {town}",
        "SDF thwarts infiltration attempt by {merc} on {town} front",
        "Residents of {town} protest ongoing attacks",
        "Water cut off for {big} people in {prov}",
        "Security operation targets Daesh cells in {dir} {prov}",
      ],
      leads: [
        "The {occupation} and its {merc} shelled the villages of {town} and {town2} with {weapon} {day}.",
        "A Turkish drone targeted a car near {town} in {dir} {prov}, killing {n2} civilians, local sources said.",
        "{sdf} thwarted an infiltration attempt by {merc} on the {town} frontline {day}.",
        "{sdf} arrested {n2} members of {daesh} in a security operation in {town}.",
      ],
      sentences: [
        "The {occupation} and its {merc} shelled the villages of {town} and {town2} with {weapon}, {outcome}.",
        "A Turkish drone targeted a car near {town}, killing {n2} civilians, local sources told {src}.",
        "{sdf} thwarted an infiltration attempt by {merc} on the {town} frontline.",
        "{sdf} arrested {n2} members of {daesh} in a security operation in {town} in {dir} {prov}.",
        "Residents of {town} protested against the ongoing attacks by the {occupation}, demanding international intervention.",
        "The Autonomous Administration distributed {commodity} to {big} families displaced from {town}.",
        "Water from the Alouk station was cut off again, leaving {big} residents of {town} without drinking water.",
        "The {merc} kidnapped {n2} civilians from {town} and demanded ransoms from their families.",
        "Farmers in {town} said they could not harvest their fields because of the shelling by the {occupation}.",
        "A landmine left by {daesh} exploded near {town}, wounding {n2} shepherds.",
        "{sdf} said {n2} of its fighters were killed in clashes with {merc} near {town2}.",
        "The {occupation} continues to build new bases near {town}, according to a correspondent of {src}.",
      ],
      context: [
        "The {occupation} has occupied several areas of North and East Syria since 2018.",
        "The attacks aim to bring about {accusation} in the region, officials of the Autonomous Administration said.",
        "Kurdish officials called on the international coalition {day} to fulfil its commitments to protect the region.",
        "The {revolution} has built institutions of self-administration across the region, the statement added.",
        "Human rights organisations have documented violations by the {merc} in the areas they control.",
      ],
      dateline: (s, place) => `${place.toUpperCase()}, ${s.dateline} – `,
      slots: {
        occupation: v.loaded(["Turkish occupation"]).filter((t) => !/occupied|occupiers|invasion/.test(t)),
        merc: [...v.loaded(["mercenary"], "plural"), "Turkish-backed mercenaries"],
        sdf: ["the Syrian Democratic Forces (SDF)", "SDF fighters", "the Internal Security Forces (Asayish)", "fighters of the Women's Protection Units (YPJ)", "the Manbij Military Council"],
        daesh: ["Daesh cells", "Daesh mercenaries", "sleeper cells of Daesh"],
        accusation: v.loaded(["demographic change", "ethnic cleansing", "war crimes"]),
        revolution: v.loaded(["revolution"]).filter((t) => /Rojava/.test(t)),
      },
    },
    {
      id: "turkish",
      sources: ["anadolu", "dailysabah", "trt"],
      focus: ["SY-HL", "SY-RA", "SY-HA", "SY-ID"],
      headers: 0,
      titles: [
        "Türkiye neutralises {n2} {pkk} in northern Syria",
        "{pkk} attack on civilians in {town} condemned",
        "Turkish forces hit {pkk} targets near {town}",
        "Returnees rebuild homes in {town}",
      ],
      leads: [
        "Turkish security forces {neutralised} {n2} {pkk} who were preparing an attack in the {town} region of northern Syria, the National Defence Ministry said.",
        "{pkk} fired rockets at residential areas of {town}, wounding {n2} civilians, local sources said.",
        "Turkish drones hit {n} targets of the {sdfm} near {town} {day}, security sources said.",
      ],
      sentences: [
        "Turkish security forces {neutralised} {n2} {pkk} near {town}, the ministry said in a statement.",
        "The {sdfm} targeted {infra} in {town} with {weapon}, {outcome}.",
        "Ankara has long vowed to prevent the establishment of a {corridor} along its southern border.",
        "{n} families returned to {town} after the area was cleared of {pkk}.",
        "Syrian National Army fighters repelled an infiltration attempt by the {sdfm} near {town2}.",
        "Turkish humanitarian organisations delivered {commodity} to {big} people in {town}.",
        "The {sdfm} forcibly recruited {n2} children in {town}, according to families in the area.",
        "Turkish drones destroyed {vehicle} belonging to the {sdfm} near {town}.",
      ],
      context: [
        "In its more than 40-year terror campaign against Türkiye, the PKK has been responsible for the deaths of thousands of people.",
        "The YPG is the Syrian offshoot of the PKK, which is listed as a terrorist organisation by Türkiye, the US and the EU.",
        "Türkiye has carried out several cross-border operations to eliminate the {corridor} in northern Syria.",
        "Officials said the operations near {town} target only terrorists and that utmost care is taken to protect civilians.",
      ],
      dateline: (s, place) => `${place.toUpperCase()} (${s.dateline}) - `,
      slots: {
        pkk: v.loaded(["PKK terrorists"]).filter((t) => /terrorists$/.test(t)),
        sdfm: v.loaded(["YPG/PKK", "SDF militia"]).filter((t) => !/affiliated|linked|^Qasad$/.test(t)),
        neutralised: v.loaded(["neutralise"], "past"),
        corridor: v.loaded(["terror corridor"]),
      },
    },
    {
      id: "think-tank",
      sources: ["isw"],
      focus: [],
      headers: 0.9,
      titles: [
        "Iran Update: {provName} and {town}",
        "Syria Situation Report: fighting around {town}",
        "Syria Update, {month}: {prov} front",
        "Assessment: pressure on {town} grows",
      ],
      leads: [
        "Key takeaway: {actor} likely conducted an unsuccessful ground attack near {town} in {prov}.",
        "Key takeaway: {actor} is likely preparing for an offensive toward {town}, based on reinforcements observed since {month}.",
        "Key takeaway: the security situation in {dir} {prov} continues to deteriorate as {actor} expands its operations.",
      ],
      sentences: [
        "{actor} likely conducted an unsuccessful ground attack near {town} on {day}.",
        "ISW assesses that {actor} is attempting to fix opposing forces around {town} to prevent reinforcement of {town2}.",
        "Local sources reported that {actor} moved {n2} armoured vehicles to {town}, which is consistent with preparations for an attack.",
        "{actor} claimed {n2} attacks targeting {other} near {town}; ISW cannot verify these claims.",
        "The {remnants} conducted an ambush near {town}, killing {n2} security personnel.",
        "{actor} has not yet secured {town}, and fighting continued along the {dir} approaches.",
        "Geolocated footage posted on {day} shows {actor} operating in {town}, indicating a marginal advance.",
        "{backedgroup} fired rockets at a US position near {town}, the third such attack in {n2} days.",
        "The {labelled} security operation in {town} resulted in {n} arrests, according to local media.",
      ],
      context: [
        "ISW and CTP will continue to monitor the situation around {town} and provide updates as it develops.",
        "This assessment of {dir} {prov} is based on open-source reporting and may change as new information becomes available.",
        "The fighting near {town} highlights the fragility of the ceasefire arrangements negotiated in recent months.",
        "Persistent attacks on supply lines indicate that insurgent networks retain the capacity to operate.",
      ],
      dateline: () => "",
      slots: {
        actor: ["pro-regime forces", "anti-regime insurgents", "the Syrian Democratic Forces (SDF)", "Turkish-backed Syrian National Army (SNA) factions", "Hay'at Tahrir al-Sham (HTS)", "ISIS", "Iranian-backed militias", "Russian-backed forces", "Interim government forces"],
        other: ["pro-regime forces", "SDF positions", "Turkish military positions", "interim government security forces", "US forces"],
        remnants: v.loaded(["remnants"]).filter((t) => /regime/.test(t)),
        backedgroup: ["Iranian-backed militias", "Iran-backed militias", "pro-Iranian militias"],
        labelled: v.loaded(["so-called", "self-styled", "self-proclaimed"]),
      },
    },
  ];
}

/** The dateline places each outlet writes from, by style. */
export const datelinePlaces: Record<StyleId, string[]> = {
  state: ["Damascus", "Tehran", "Aleppo", "Homs", "Latakia"],
  opposition: ["Idlib", "Aleppo", "Daraa", "Gaziantep"],
  wire: ["Beirut", "Amman", "Damascus", "Istanbul", "Geneva", "Qamishli"],
  kurdish: ["Qamishli", "Hasakah", "Raqqa", "Kobani", "Manbij"],
  turkish: ["Ankara", "Istanbul", "Gaziantep", "Sanliurfa"],
  "think-tank": [""],
};

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
