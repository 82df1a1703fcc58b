import { describe, expect, it } from "vitest";
import { loadLexicon } from "../../src/analyze/framing.ts";
import { condenseExtractive } from "../../src/condense/extractive.ts";
import { makeReport } from "../helpers/reports.ts";

const lexicon = loadLexicon();
const items = (paragraphs: string[]) =>
  condenseExtractive(makeReport({ provinces: ["SY-HL"], paragraphs }).paragraphs, "SY-HL", lexicon).items;

describe("extractive condensation", () => {
  it("quotes a wire story's first sentence without its dateline, citing the paragraph", () => {
    const got = items([
      "MANBIJ, (ANHA) – The Turkish occupation army shelled four villages near Tishreen Dam on Thursday, killing two civilians.",
      "(FNA)- The Syrian army captured three villages in the southern countryside of Aleppo after clashes with terrorists.",
      "ALEPPO, Syria (AP) — Rebels fired 12 rockets at western Aleppo on Monday, wounding five people, state media said.",
    ]);
    expect(got.map((i) => i.text)).toEqual([
      "The Turkish occupation army shelled four villages near Tishreen Dam on Thursday, killing two civilians.",
      "The Syrian army captured three villages in the southern countryside of Aleppo after clashes with terrorists.",
      "Rebels fired 12 rockets at western Aleppo on Monday, wounding five people, state media said.",
    ]);
    expect(got.map((i) => i.cites)).toEqual([[0], [1], [2]]);
    expect(got[1].framing.map((f) => f.term)).toContain("terrorists");
  });

  it("keeps a sentence that only looks like it starts with a place", () => {
    const got = items(["Aleppo, the country's second city, saw heavy shelling on Monday that killed at least seven people."]);
    expect(got.map((i) => i.text)).toEqual(["Aleppo, the country's second city, saw heavy shelling on Monday that killed at least seven people."]);
  });
});
