import { describe, expect, it } from "vitest";
import { datelineDate, parseLooseDate, parsePublishedOption, urlDate } from "../../src/acquire/dates.ts";
import { acquireBytes, acquireFile } from "../../src/acquire/index.ts";
import { InputError } from "../../src/errors.ts";
import { acquireOptions } from "./fake-sources.ts";

const text = (s: string) => Buffer.from(s, "utf8");

describe("publication dates", () => {
  it("parses dates as metadata and front matter write them", () => {
    expect(parseLooseDate("2016-12-22")).toBe("2016-12-22T00:00:00.000Z");
    expect(parseLooseDate("2016-12-22T18:40:00+02:00")).toBe("2016-12-22T16:40:00.000Z");
    expect(parseLooseDate("2016-12-22T18:40:00+0330")).toBe("2016-12-22T15:10:00.000Z");
    expect(parseLooseDate("2016-12-22 18:40")).toBe("2016-12-22T18:40:00.000Z");
    expect(parseLooseDate("Thu, 22 Dec 2016 10:00:00 GMT")).toBe("2016-12-22T10:00:00.000Z");
    expect(parseLooseDate("December 22, 2016")).toBe("2016-12-22T00:00:00.000Z");
    expect(parseLooseDate("22 Dec. 2016")).toBe("2016-12-22T00:00:00.000Z");
    expect(parseLooseDate("14 September، 2021")).toBe("2021-09-14T00:00:00.000Z");
    expect(parseLooseDate("2016-12-22/23 (Aleppo fully retaken)")).toBe("2016-12-22T00:00:00.000Z");
    expect(parseLooseDate("2016-02-30")).toBeUndefined();
    expect(parseLooseDate("last Thursday")).toBeUndefined();
  });

  it("accepts --published as YYYY-MM-DD or ISO 8601 and refuses anything else with an InputError", () => {
    expect(parsePublishedOption("2019-10-15", "f")).toBe("2019-10-15T00:00:00.000Z");
    expect(parsePublishedOption("2019-10-15T08:30:00Z", "f")).toBe("2019-10-15T08:30:00.000Z");
    for (const bad of ["yesterday", "15/10/2019", "2019-13-01", "2019-10-15 junk", ""]) {
      expect(() => parsePublishedOption(bad, "f")).toThrow(InputError);
    }
    expect(() => parsePublishedOption("yesterday", "f")).toThrow(
      'f: invalid publication date "yesterday" (expected YYYY-MM-DD or an ISO 8601 date-time)',
    );
  });

  it("reads a dateline's date, taking the year from the reference when it has none", () => {
    const ref = new Date("2017-01-10T00:00:00Z");
    expect(datelineDate("DAMASCUS, Dec. 22 (FNA)- The army…", ref)).toBe("2016-12-22T00:00:00.000Z");
    expect(datelineDate("BEIRUT, Jan 5 (Reuters) - Rebels…", ref)).toBe("2017-01-05T00:00:00.000Z");
    expect(datelineDate("Aleppo, 22 December 2016 – The…", ref)).toBe("2016-12-22T00:00:00.000Z");
    expect(datelineDate("However, December 22 saw more clashes.", ref)).toBeUndefined();
    expect(datelineDate("The army advanced on Dec. 22 (FNA).", ref)).toBeUndefined();
  });

  it("reads a date from a blog-style URL path", () => {
    expect(urlDate("https://x.wordpress.com/2016/12/23/syria-in-last-24-hours/")).toBe("2016-12-23T00:00:00.000Z");
    expect(urlDate("https://example.org/news/2019-05-14-roundup")).toBe("2019-05-14T00:00:00.000Z");
    expect(urlDate("https://example.org/archives/12345")).toBeUndefined();
  });

  it("lets --published win over the document's own date", async () => {
    const doc = await acquireFile("test/fixtures/acquire/reuters-front-matter.txt", acquireOptions({ publishedAt: "2019-10-16" }));
    expect(doc).toMatchObject({ publishedAt: "2019-10-16T00:00:00.000Z", publishedAtEstimated: false });
  });

  it("refuses an invalid --published before reading anything", async () => {
    await expect(acquireFile("test/fixtures/acquire/does-not-exist.txt", acquireOptions({ publishedAt: "22/12/2016" }))).rejects.toThrow(
      /invalid publication date "22\/12\/2016"/,
    );
  });

  it("uses a dateline date, a post-meta line, a dated title, a URL date, then the ingest time marked as estimated", async () => {
    const opts = acquireOptions({ now: new Date("2017-01-10T09:00:00Z") });
    const dated = await acquireBytes(text("Title\n\nDAMASCUS, Dec. 22 (FNA)- The army took Aleppo."), "stdin", opts);
    expect(dated).toMatchObject({ publishedAt: "2016-12-22T00:00:00.000Z", publishedAtEstimated: false });
    const posted = await acquireBytes(text("Title\n\nPosted on December 2, 2019 by syriawatcher\n\nThe army took Aleppo."), "stdin", opts);
    expect(posted).toMatchObject({ publishedAt: "2019-12-02T00:00:00.000Z", publishedAtEstimated: false });
    const titled = await acquireBytes(text("Iran Update, January 23, 2024\n\nMilitias attacked al-Tanf."), "stdin", opts);
    expect(titled).toMatchObject({ publishedAt: "2024-01-23T00:00:00.000Z", publishedAtEstimated: false });
    const fromUrl = await acquireBytes(text("Title\n\nThe army took Aleppo."), "feed", { ...opts, url: "https://x.org/2016/12/23/aleppo/" });
    expect(fromUrl).toMatchObject({ publishedAt: "2016-12-23T00:00:00.000Z", publishedAtEstimated: false });
    const none = await acquireBytes(text("Title\n\nThe army took Aleppo."), "stdin", opts);
    expect(none).toMatchObject({ publishedAt: "2017-01-10T09:00:00.000Z", publishedAtEstimated: true });
  });
});
