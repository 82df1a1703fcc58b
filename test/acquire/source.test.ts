import { describe, expect, it } from "vitest";
import { acquireBytes } from "../../src/acquire/index.ts";
import { acquireOptions } from "./fake-sources.ts";

const text = (s: string) => Buffer.from(s, "utf8");
const BODY = "BEIRUT (Reuters) - Syrian troops entered Manbij on Tuesday.\n\nThe SDF said it had struck a deal.";

describe("source detection", () => {
  it("prefers --source over everything else", async () => {
    const doc = await acquireBytes(text(BODY), "stdin", { ...acquireOptions({ sourceId: "sohr" }), url: "https://www.farsnews.ir/news/1" });
    expect(doc).toMatchObject({ sourceId: "sohr", sourceBy: "option" });
  });

  it("uses the URL's domain before a dateline", async () => {
    const doc = await acquireBytes(text(BODY), "feed", { ...acquireOptions(), url: "https://en.farsnews.ir/news/13951002000318" });
    expect(doc).toMatchObject({ sourceId: "fna", sourceBy: "domain", url: "https://en.farsnews.ir/news/13951002000318" });
  });

  it("uses a dateline in the first body paragraphs, not further down", async () => {
    const doc = await acquireBytes(text(`Headline\n\n${BODY}`), "stdin", acquireOptions());
    expect(doc).toMatchObject({ sourceId: "reuters", sourceBy: "dateline" });
    const untitled = await acquireBytes(text(BODY), "stdin", acquireOptions());
    expect(untitled).toMatchObject({ sourceId: "reuters", sourceBy: "dateline" });
    const late = await acquireBytes(text("Headline\n\nOne.\n\nTwo.\n\nThree.\n\nBEIRUT (Reuters) - Four."), "stdin", acquireOptions());
    expect(late).toMatchObject({ sourceId: null, sourceBy: "unknown" });
  });

  it("falls back to a site name, trying the parts of a descriptive one", async () => {
    const doc = await acquireBytes(text("Source: Fars News Agency (FNA) roundup, reposted on a blog\n-----\nThe army advanced."), "stdin", acquireOptions());
    expect(doc).toMatchObject({ sourceId: "fna", sourceBy: "metadata", sourceName: "Fars News Agency (FNA) roundup, reposted on a blog" });
  });

  it("reports an unknown source as null, keeping the name the page gave", async () => {
    const page = `<html><head><title>T</title><meta property="og:site_name" content="Levant Watch"></head><body><p>${"Clashes broke out near Tafas in the western countryside of Deraa on Monday evening. ".repeat(3)}</p></body></html>`;
    const doc = await acquireBytes(text(page), "page", acquireOptions());
    expect(doc).toMatchObject({ sourceId: null, sourceBy: "unknown", sourceName: "Levant Watch" });
    const bare = await acquireBytes(text("The army advanced."), "stdin", acquireOptions());
    expect(bare).toMatchObject({ sourceId: null, sourceBy: "unknown" });
    expect(bare.sourceName).toBeUndefined();
  });
});
