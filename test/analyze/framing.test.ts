import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LexiconError, loadLexicon } from "../../src/analyze/framing.ts";
import { errorOf, scratchFiles } from "../helpers/data-files.ts";

const lexicon = loadLexicon();

/** [surface, lemma, category] per hit, after checking that every offset points at its surface text. */
function hits(text: string): [string, string, string][] {
  return lexicon.find(text).map((h) => {
    expect(text.slice(h.start, h.end)).toBe(h.term);
    return [h.term, h.lemma, h.category];
  });
}

describe("framing hits in each side's house style", () => {
  it("FNA: popular forces, purged, terrorists — with positions", () => {
    const text = "The army units and popular forces purged the entire Aleppo city from terrorists.";
    expect(lexicon.find(text)).toEqual([
      { term: "popular forces", lemma: "popular forces", category: "legitimising", start: 19, end: 33 },
      { term: "purged", lemma: "purge", category: "euphemism", start: 34, end: 40 },
      { term: "terrorists", lemma: "terrorist", category: "delegitimising", start: 69, end: 79 },
    ]);
  });

  it("FNA: landmark victory, resistance front, foreign-backed militants", () => {
    expect(hits("The Syrian Army and its allies from the resistance front made history in a landmark victory.")).toEqual([
      ["resistance front", "resistance front", "partisan-name"],
      ["made history", "made history", "legitimising"],
      ["landmark victory", "landmark victory", "legitimising"],
    ]);
    expect(hits("the government forces have been fighting with the foreign-backed militants")).toEqual([
      ["foreign-backed", "foreign-backed", "partisan-name"],
      ["militants", "militant", "delegitimising"],
    ]);
  });

  it("SOHR style: regime forces and Iranian-backed militias", () => {
    expect(hits("Regime forces and Iranian-backed militias shelled the outskirts of Kafr Nabl, SOHR said.")).toEqual([
      ["Regime forces", "regime forces", "partisan-name"],
      ["Iranian-backed militias", "Iranian-backed militias", "partisan-name"],
    ]);
  });

  it("Kurdish-outlet style: Turkish occupation and its mercenaries", () => {
    expect(hits("Turkish occupation mercenaries attacked the village of al-Mushairfeh.")).toEqual([
      ["Turkish occupation", "Turkish occupation", "partisan-name"],
      ["mercenaries", "mercenary", "delegitimising"],
    ]);
    expect(hits("residents of Turkish-occupied Afrin")).toEqual([["Turkish-occupied", "Turkish occupation", "partisan-name"]]);
  });

  it("Turkish-outlet style: YPG/PKK terrorists neutralized", () => {
    expect(hits("Turkish forces neutralized 5 YPG/PKK terrorists in northern Syria.")).toEqual([
      ["neutralized", "neutralise", "euphemism"],
      ["YPG/PKK terrorists", "PKK terrorists", "partisan-name"],
    ]);
  });

  it("post-2024 state style: remnants of the defunct regime, outlaw groups", () => {
    expect(hits("Security forces pursued remnants of the defunct regime and outlaw groups in Latakia.")).toEqual([
      ["remnants of the defunct regime", "remnants", "delegitimising"],
      ["outlaw groups", "outlaws", "delegitimising"],
    ]);
  });
});

describe("matching rules", () => {
  it("lets the longest entry win over its parts", () => {
    expect(hits("terrorist groups")).toEqual([["terrorist groups", "terrorist group", "delegitimising"]]);
    expect(hits("Assad regime forces")).toEqual([["Assad regime forces", "regime forces", "partisan-name"]]);
    expect(hits("the war on terrorism")).toEqual([["war on terrorism", "war on terrorism", "legitimising"]]);
    expect(hits("ethnic cleansing")).toEqual([["ethnic cleansing", "ethnic cleansing", "accusation"]]);
  });

  it("matches whole words only", () => {
    expect(hits("a regimental band, counterterrorism units, rebellious youths, a martyrology, purgatory")).toEqual([]);
    expect(hits("terroristic acts")).toEqual([["terroristic", "terrorist", "delegitimising"]]);
  });

  it("treats a hyphen before a word as part of it and a hyphen after as a boundary", () => {
    expect(hits("anti-terrorist operations")).toEqual([]);
    expect(hits("pro-regime forces")).toEqual([["pro-regime forces", "pro-regime", "partisan-name"]]);
    expect(hits("terrorist-held areas")).toEqual([["terrorist", "terrorist", "delegitimising"]]);
  });

  it("treats straight and curly apostrophes alike and stops before a possessive", () => {
    expect(hits("the terrorists’ hideouts")).toEqual([
      ["terrorists", "terrorist", "delegitimising"],
      ["hideouts", "hideout", "delegitimising"],
    ]);
    expect(hits("Assad’s militias")).toEqual([["Assad’s militias", "Assad's militias", "partisan-name"]]);
    expect(hits("Assad's militias")).toEqual([["Assad's militias", "Assad's militias", "partisan-name"]]);
    expect(hits("the regime’s")).toEqual([["regime", "regime", "partisan-name"]]);
  });

  it("ignores case and the kind and amount of white space", () => {
    expect(hits("TERRORIST  GROUPS")).toEqual([["TERRORIST  GROUPS", "terrorist group", "delegitimising"]]);
    expect(hits("regime\u00a0forces")).toEqual([["regime\u00a0forces", "regime forces", "partisan-name"]]);
    expect(hits("regime\nforces")).toEqual([["regime\nforces", "regime forces", "partisan-name"]]);
  });

  it("reports UTF-16 offsets even after astral characters and case-changing letters", () => {
    const [emoji] = lexicon.find("🔥 terrorists");
    expect(emoji).toMatchObject({ start: 3, end: 13 });
    const [dotted] = lexicon.find("İdlib terrorists");
    expect(dotted).toMatchObject({ term: "terrorists", start: 6, end: 16 });
  });

  it("does not flag proper names that contain loaded words", () => {
    expect(hits("the Syrian Liberation Front and the National Front for Liberation")).toEqual([]);
    expect(hits("Islamic Revolution Guards Corps")).toEqual([]);
    expect(hits("a rally in Martyrs’ Square")).toEqual([]);
  });

  it("leaves out the words documented as not loaded", () => {
    const data = JSON.parse(readFileSync(new URL("../../lexicon/framing.json", import.meta.url), "utf8"));
    for (const { term } of data.notLoaded as { term: string }[]) expect(hits(term), term).toEqual([]);
  });

  it("reports only known categories, each described", () => {
    const ids = lexicon.categories.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(["delegitimising", "euphemism", "legitimising", "partisan-name"]));
    for (const c of lexicon.categories) expect(c.description.length).toBeGreaterThan(20);
    const corpus = "Rebels and regime troops clashed; SANA said terrorists were eliminated; Daesh massacred villagers.";
    for (const h of lexicon.find(corpus)) expect(ids).toContain(h.category);
    expect(lexicon.find(corpus).length).toBe(6);
  });

  it("is fast: 10,000 paragraphs of 1,000 characters in well under 2 s", () => {
    const sentence =
      "The Syrian troops targeted the terrorists’ gathering centers in the Northern parts of al-Za’feranah village towards Talbiseh. ";
    const paragraph = sentence.repeat(Math.ceil(1000 / sentence.length)).slice(0, 1000);
    const started = performance.now();
    let count = 0;
    for (let i = 0; i < 10_000; i++) count += lexicon.find(paragraph).length;
    expect(performance.now() - started).toBeLessThan(2000);
    expect(count).toBeGreaterThan(10_000);
  });

  it("compiles each file once", () => {
    expect(loadLexicon()).toBe(lexicon);
  });
});

describe("invalid lexicon files", () => {
  const write = scratchFiles("sitrep-lexicon-");
  const category = (id: string, terms: unknown[]) => ({ id, name: id, description: `${id} words`, terms });

  it("names the category, term and field of a bad entry", () => {
    const err = errorOf(loadLexicon, write("empty.json", { categories: [category("euphemism", [{ term: "purge", variants: ["purged", ""] }])] }));
    expect(err).toBeInstanceOf(LexiconError);
    expect(err.message).toContain("empty.json");
    expect(err.message).toMatch(/category "euphemism" term "purge": variants\[1\]: must not be empty/);
  });

  it("refuses a surface form listed under two entries, even with other apostrophes or case", () => {
    const file = write("dup.json", {
      categories: [
        category("partisan-name", [{ term: "Assad's militias" }]),
        category("delegitimising", [{ term: "militias", variants: ["Assad’s Militias"] }]),
      ],
    });
    expect(errorOf(loadLexicon, file).message).toMatch(/category "delegitimising" term "militias": "Assad’s Militias" is also listed under category "partisan-name" term "Assad's militias"/);
  });

  it("refuses a word both listed and documented as not loaded", () => {
    const file = write("contradiction.json", {
      categories: [category("delegitimising", [{ term: "insurgents" }])],
      notLoaded: [{ term: "Insurgents", reason: "neutral" }],
    });
    expect(errorOf(loadLexicon, file).message).toMatch(/notLoaded "Insurgents": is also listed under category "delegitimising"/);
  });

  it("reports unreadable JSON by file name", () => {
    expect(errorOf(loadLexicon, write("broken.json", "[")).message).toContain("broken.json");
  });
});
