/** The geotagging rules one at a time, on sentences in several sources' styles. */
import { describe, expect, it } from "vitest";
import { geotag } from "../../src/analyze/geotag.ts";
import { loadRegionPack } from "../../src/registry/regions.ts";
import type { Block } from "../../src/types.ts";

const pack = loadRegionPack();
const tag = (...lines: (string | Block)[]) => geotag(lines.map((l) => (typeof l === "string" ? { text: l, boilerplate: false } : l)), pack).map((t) => t.provinces);
const one = (line: string) => tag("Title line", line)[1];

describe("geotagging rules", () => {
  it("tags places by any common spelling", () => {
    expect(one("Shelling hit Talbiseh and Tallbisah in the countryside.")).toEqual(["SY-HI"]);
    expect(one("Fighting near Dayr az-Zawr and in Deir Ezzor city.")).toEqual(["SY-DY"]);
    expect(one("An airstrike on Maarrat al-Numan killed four.")).toEqual(["SY-ID"]);
  });

  it("does not tag a capital used for its government, nor the ends of a road", () => {
    expect(one("Damascus said the talks would resume next week.")).toEqual([]);
    expect(one("The new government in Damascus announced a curfew.")).toEqual([]);
    expect(one("Damascus-backed forces advanced near Saraqib.")).toEqual(["SY-ID"]);
    expect(one("Traffic resumed on the M5 highway between Aleppo and Damascus.")).toEqual([]);
    expect(one("Clashes on the Damascus-Homs highway near Harasta.")).toEqual(["SY-RD"]);
    expect(one("An Idlib-based activist said the market in Ariha was hit.")).toEqual(["SY-ID"]);
  });

  it("sends Damascus's outskirts to Rif Dimashq and drops a capital that only qualifies a place", () => {
    expect(one("Shelling hit towns in eastern Damascus.")).toEqual(["SY-RD"]);
    expect(one("Troops advanced in the Eastern Ghouta of Damascus.")).toEqual(["SY-RD"]);
    expect(one("Mortar shells fell on Bab Touma in Damascus.")).toEqual(["SY-DI"]);
  });

  it("tags a region that spans provinces with all of them, also in lower case", () => {
    expect(one("Security forces made arrests on the coast.").sort()).toEqual(["SY-LA", "SY-TA"]);
  });

  it("leaves out places abroad, and does not carry a story into a paragraph about elsewhere", () => {
    expect(tag("Title line", "Shelling hit Kafr Nabudah in Hama.", "Meanwhile, protesters gathered in Beirut.")[2]).toEqual([]);
    // A reaction from abroad is about who reacts: blind labellers leave "Russia says …", "Moscow urged …" empty.
    expect(tag("Title line", "Shelling hit Kafr Nabudah in Hama.", "Turkey warned it would respond.")[2]).toEqual([]);
    expect(tag("Title line", "Shelling hit Kafr Nabudah in Hama.", "Moscow urged restraint, while Washington said it had no forces there.")[2]).toEqual([]);
    // It does not end the story, and a foreign name that only qualifies ("Iran-backed") is no reaction.
    expect(tag("Title line", "Shelling hit Kafr Nabudah in Hama.", "Turkey hosts 3.6 million refugees.", "Rescuers searched the rubble.")[3]).toEqual(["SY-HM"]);
    expect(tag("Title line", "Shelling hit Kafr Nabudah in Hama.", "Iran-backed militias shelled the town again.")[2]).toEqual(["SY-HM"]);
    expect(tag("Title line", "Shelling hit Kafr Nabudah in Hama.", "Turkey's defence ministry said its drones hit 12 targets.")[2]).toEqual(["SY-HM"]);
  });

  it("scopes paragraphs under a section header and stops at the next one", () => {
    const t = tag("Daily roundup", "Idlib Province:", "Two civilians were killed by shelling.", "HIGHLIGHTS", "Aid deliveries continued.");
    expect(t[1]).toEqual(["SY-ID"]);
    expect(t[2]).toEqual(["SY-ID"]);
    expect(t[4]).toEqual([]);
  });

  it("does not carry a story across a story break, nor into a paragraph about the whole country", () => {
    const t = tag("Title", "Clashes erupted in Raqqa on Monday.", "Three fighters were killed.", { text: "The UN called for calm.", boilerplate: false, breakBefore: true });
    expect(t[2]).toEqual(["SY-RA"]);
    expect(t[3]).toEqual([]);
    expect(tag("Title", "Clashes erupted in Raqqa.", "The death toll across Syria rose to 312.")[2]).toEqual([]);
  });

  it("uses a story's dateline only when nothing else places it", () => {
    expect(one("DAMASCUS, Syria (AP) — Troops captured a village in Idlib province.")).toEqual(["SY-ID"]);
    expect(one("Daraa, SANA – A child was injured by a mortar shell.")).toEqual(["SY-DR"]);
  });

  it("tells names that point elsewhere from where events happen", () => {
    // People and forces coming from somewhere, a traveller's destination, a town in a person's name.
    expect(one("A young man from al-Qusayr in Homs countryside was shot dead near Sarmada.")).toEqual(["SY-ID"]);
    expect(one("Reinforcements had poured into Jableh from Idlib and Hama overnight.")).toEqual(["SY-LA"]);
    // Being displaced from a place happens there; coming from it does not.
    expect(one("Some 130,000 people have been displaced from Tal Abyad since the offensive began.")).toEqual(["SY-RA"]);
    expect(one("Displaced families originally from Kafr Zita arrived in Atmeh.")).toEqual(["SY-ID"]);
    expect(one("Three men arrested in Nawa were on their way to Damascus to obtain passports.")).toEqual(["SY-DR"]);
    expect(one("An SDF commander who gave his nom de guerre as Ciwan Kobani said fighting went on in Baghouz.")).toEqual(["SY-DY"]);
    // Landmarks, quarters and camps named after another town; a namesake abroad.
    expect(one("Protesters gathered in Suwayda's al-Karama Square again on Friday.")).toEqual(["SY-SU"]);
    expect(one("Flooding hit the Kafr Nabudah camp near Atmeh.")).toEqual(["SY-ID"]);
    expect(one("Troops deployed near the Rabia border crossing in Nineveh province.")).toEqual([]);
    // A place that speaks is an institution; the capital as a party.
    expect(one("Al-Watan reported that Hmeimim had warned of drone attacks on Kabani.")).toEqual(["SY-LA"]);
    expect(one("The amnesty decree issued by Damascus freed 35 men in Jibreen.")).toEqual(["SY-HL"]);
    // A local network named after its town; a surname that is a town; camps in the plural are at the town.
    expect(one("According to Deir Ezzor 24, clashes continued in Hajin.")).toEqual(["SY-DY"]);
    expect(one("'It is a warning,' says Rana Kassab, who worked in Homs before the war.")).toEqual(["SY-HI"]);
    expect(one("Shelling emptied al-Atarib as families crowded into the Sarmada camps.").sort()).toEqual(["SY-HL", "SY-ID"]);
  });

  it("reads bywords, possessive regions, the capital's officials and people who came from elsewhere", () => {
    expect(one("Syria’s coast must not become another Hama")).toEqual(["SY-LA", "SY-TA"]);
    expect(one("Protests spread in Daraa; officials in Damascus ignored them.")).toEqual(["SY-DR"]);
    expect(one("The test now is whether Damascus can stop the killings in Jableh.")).toEqual(["SY-LA"]);
    expect(one("MSF said three hospitals in the Damascus governorate had received 3,600 patients.")).toEqual(["SY-DI"]);
    expect(one("In the markets of Düztepe you can buy Aleppo soap, Idlib olive oil and old Homs recipes.")).toEqual([]);
    expect(one("Who governs Manbij will shape the settlement between Damascus and the SDF.")).toEqual(["SY-HL"]);
    expect(one("For Damascus, restoring the Tishreen Dam is a priority.")).toEqual(["SY-HL"]);
    expect(one("Armed men who came on their own from Idlib and Hama stormed villages near Baniyas.")).toEqual(["SY-TA"]);
    expect(one("Among those arrested were three brothers originally from the countryside of Deir ez-Zor, living in Tabqa.")).toEqual(["SY-RA"]);
    expect(one("Young men from Nawa to Khan Arnabah describe raids.").sort()).toEqual(["SY-DR", "SY-QU"]);
  });

  it("lets a wire story's dateline paragraph go on from its headline, wherever the desk is", () => {
    const story = tag("Roundup", "Tribal fighters clash with SDF in Deir ez-Zor", "BEIRUT (AP) — Clashes in eastern Syria entered their fifth day Friday.");
    expect(story[2]).toEqual(["SY-DY"]);
  });

  it("goes on with a live blog's story through entries that are whole sentences", () => {
    const entries = tag(
      "Live updates",
      "13:40 GMT – Clashes in Jableh",
      "13:45 GMT — Gunmen attacked a checkpoint near Jableh, the ministry said.",
      "14:02 GMT — The ministry added that reinforcements had reached the area overnight.",
      "14:30 GMT — An Israeli drone strike hit a car near the southern Lebanese town of Nabatieh.",
    );
    expect(entries.slice(1)).toEqual([["SY-LA"], ["SY-LA"], ["SY-LA"], []]);
  });

  it("places the capital's airport and 'Damascus province' around it, and a border crossing at its Syrian end", () => {
    expect(one("Israeli strikes hit Damascus and Aleppo airports overnight.").sort()).toEqual(["SY-HL", "SY-RD"]);
    expect(one("Violations were registered in Damascus province and in Aleppo province.").sort()).toEqual(["SY-HL", "SY-RD"]);
    expect(one("Trucks crossed the Albu Kamal-al-Qaim crossing on Monday.")).toEqual(["SY-DY"]);
    expect(one("The tremors were felt as far away as Damascus, Beirut and Cyprus.")).toEqual(["SY-DI"]);
  });

  it("starts a new story at a dateline anywhere, and passes no context on from a tally of many provinces", () => {
    const story = tag("Title line", "Shelling hit Kafr Nabudah in Hama.", "President receives delegation", "Damascus, SANA – The president received a delegation on Friday.", "Talks covered reconstruction.");
    expect(story.slice(2)).toEqual([[], ["SY-DI"], ["SY-DI"]]);
    const tally = tag("Title line", "Deaths were documented in Idlib, Aleppo, Hama, Daraa and Deir ez-Zor.", "The toll includes 40 fighters.");
    expect(tally[2]).toEqual([]);
  });
});
