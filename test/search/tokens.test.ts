import { describe, expect, it } from "vitest";
import { foldJoiners, joinedVariants } from "../../src/search/tokens.ts";

describe("joinedVariants (the variants column)", () => {
  it("gives each joined word once, folded and lower-cased", () => {
    expect(joinedVariants("Dara’a and Darʿa, al-Bab and Al-Bab again; ʿAfrin.")).toEqual(["daraa", "dara", "albab", "afrin"]);
  });

  it("gives nothing for text without joined words, stray joiners included", () => {
    expect(joinedVariants("Clashes near Aleppo city.")).toEqual([]);
    expect(joinedVariants("a -- b, x- and 'quoted' words")).toEqual([]);
  });

  it("folds every joiner, not only the first", () => {
    expect(foldJoiners("Deir-ez-Zor’s")).toBe("DeirezZors");
  });
});
