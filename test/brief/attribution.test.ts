import { describe, expect, it } from "vitest";
import { attributed, markFraming } from "../../src/brief/attribution.ts";

const fna = { name: "Fars News Agency", short: "FNA" };
const item = (text: string, terms: string[]) => ({ text, cites: [2], framing: terms.map((term) => ({ term, category: "x" })) });

describe("attribution", () => {
  it("names the source and quotes its loaded terms", () => {
    expect(attributed(item("The army purged the city of terrorists.", ["purged", "terrorists"]), fna)).toBe("FNA: The army “purged” the city of “terrorists”.");
  });

  it("does not name the source twice when the item already opens with it", () => {
    expect(attributed(item("FNA reported that the army “purged” the city.", ["purged"]), fna)).toBe("FNA reported that the army “purged” the city.");
    expect(attributed(item("Fars News Agency said 25 “terrorists” were killed.", ["terrorists"]), fna, undefined, fna.name)).toBe("Fars News Agency said 25 “terrorists” were killed.");
  });

  it("escapes the text around terms in the transport's style and lists terms it cannot find", () => {
    const style = { quote: (t: string) => `**${t}**`, plain: (s: string) => s.replace(/\*/g, "\\*") };
    expect(markFraming("regime *forces* advanced", ["regime", "liberated"], style)).toBe("**regime** \\*forces\\* advanced (loaded terms: **liberated**)");
  });
});
