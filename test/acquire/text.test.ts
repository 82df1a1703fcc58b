import { describe, expect, it } from "vitest";
import { acquireBytes, acquireFile } from "../../src/acquire/index.ts";
import { acquireOptions } from "./fake-sources.ts";

const text = (s: string) => Buffer.from(s, "utf8");

describe("plain text", () => {
  it("makes each non-empty line a paragraph, stripped of Unicode spaces and otherwise verbatim", async () => {
    const input = "\u00a0\u2003 Aleppo: “evacuation” resumes\u00a0\r\n\r\n\u3000Buses left al-Ramouseh\u00a0at dawn.\t\n \u202f\n";
    const doc = await acquireBytes(text(input), "stdin", acquireOptions());
    expect(doc.blocks.map((b) => b.text)).toEqual(["Aleppo: “evacuation” resumes", "Buses left al-Ramouseh\u00a0at dawn."]);
    expect(doc.title).toBe("Aleppo: “evacuation” resumes");
    expect(doc.format).toBe("text");
  });

  it("marks the first paragraph after two or more blank lines as a story break", async () => {
    const doc = await acquireBytes(text("Title line\n\nOne.\nTwo.\n\n\nThree.\n \n\u00a0\n\nFour.\n\nFive."), "stdin", acquireOptions());
    expect(doc.blocks.map((b) => Boolean(b.breakBefore))).toEqual([false, false, false, true, true, false]);
    expect("breakBefore" in doc.blocks[1]).toBe(false);
  });

  it("reads front matter for metadata and starts the body after the dashes", async () => {
    const doc = await acquireFile("test/fixtures/acquire/reuters-front-matter.txt", acquireOptions());
    expect(doc).toMatchObject({
      title: "Syrian army enters Manbij after Kurdish-led forces strike deal with Damascus",
      url: "https://www.reuters.com/article/us-syria-security-manbij/syrian-army-enters-manbij-idUSKBN1WU0P4",
      publishedAt: "2019-10-15T00:00:00.000Z",
      publishedAtEstimated: false,
      sourceId: "reuters",
      sourceBy: "domain",
      sourceName: "Reuters",
    });
    expect(doc.blocks[0].text.startsWith("BEIRUT/ANKARA (Reuters) - Syrian government forces")).toBe(true);
    expect(doc.blocks).toHaveLength(6);
    expect(doc.blocks[3]).toMatchObject({ breakBefore: true });
    expect(doc.blocks[5]).toMatchObject({ boilerplate: true, reason: "credit line" });
    expect(doc.blocks.some((b) => b.text.startsWith("Title:") || b.text.startsWith("-----"))).toBe(false);
  });

  it("accepts a fenced (YAML-style) front matter, a URL with a note after it, and keys it does not use", async () => {
    const input = [
      "---",
      "Title: Clashes in Tafas",
      "Slant: opposition",
      "URL: https://example.org/2019/12/02/tafas/ (repost)",
      "Published: December 3, 2019",
      "Source: Horan Free League,",
      "  reposted by a blog",
      "---",
      "",
      "Gunmen shot dead a former commander in Tafas, in the western countryside of Deraa, on Monday.",
    ].join("\n");
    const doc = await acquireBytes(text(input), "stdin", acquireOptions());
    expect(doc).toMatchObject({
      title: "Clashes in Tafas",
      url: "https://example.org/2019/12/02/tafas/",
      publishedAt: "2019-12-03T00:00:00.000Z",
      sourceName: "Horan Free League, reposted by a blog",
    });
    expect(doc.blocks.map((b) => b.text)).toEqual([
      "Gunmen shot dead a former commander in Tafas, in the western countryside of Deraa, on Monday.",
    ]);
  });

  it("does not take body lines that happen to contain a colon for front matter", async () => {
    const input = "BEIRUT: Shelling hit Idlib city.\nDamascus: no comment.\n\nThe monitor said 5 people were killed.\n-----\nAfter the rule.";
    const doc = await acquireBytes(text(input), "stdin", acquireOptions());
    expect(doc.blocks.map((b) => b.text)).toEqual([
      "BEIRUT: Shelling hit Idlib city.",
      "Damascus: no comment.",
      "The monitor said 5 people were killed.",
      "-----",
      "After the rule.",
    ]);
    expect(doc.title).toBe("BEIRUT: Shelling hit Idlib city.");
  });

  it("refuses front matter with no body", async () => {
    await expect(acquireBytes(text("Title: Nothing here\n-----\n\n"), "stdin", acquireOptions())).rejects.toThrow(
      "stdin: no article text found",
    );
  });

  it("refuses text that is only page furniture", async () => {
    await expect(acquireBytes(text("Share this:\nTwitter\nFacebook\n"), "stdin", acquireOptions())).rejects.toThrow(
      "no article text found (only page furniture)",
    );
  });

  it("shortens an overlong first line for the title but keeps the paragraph whole", async () => {
    const long = `${"Army units advanced in the countryside of Hama ".repeat(10)}today.`;
    const doc = await acquireBytes(text(long), "stdin", acquireOptions());
    expect(doc.title.length).toBeLessThanOrEqual(201);
    expect(doc.title.endsWith("…")).toBe(true);
    expect(doc.blocks[0].text).toBe(long);
  });
});
