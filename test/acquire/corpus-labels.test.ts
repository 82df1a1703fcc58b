import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { acquireFile } from "../../src/acquire/index.ts";
import { acquireOptions, key60 } from "./fake-sources.ts";

/** Every hand-labelled article in the shared fixtures (written by other people, in other sources' styles). */
const DIR = "test/fixtures/articles";
const articles = readdirSync(DIR)
  .filter((f) => f.endsWith(".labels.json"))
  .map((f) => f.replace(/\.labels\.json$/, ""));

describe.each(articles)("labelled article %s", (name) => {
  const labels = JSON.parse(readFileSync(`${DIR}/${name}.labels.json`, "utf8")) as {
    paragraphs: { key: string; boilerplate?: boolean }[];
  };

  it("has the labelled paragraphs, in order, with exactly the labelled boilerplate flagged", async () => {
    const doc = await acquireFile(`${DIR}/${name}.txt`, acquireOptions());
    expect(doc.blocks.map((b) => key60(b.text))).toEqual(labels.paragraphs.map((p) => p.key));
    expect(doc.blocks.map((b) => b.boilerplate)).toEqual(labels.paragraphs.map((p) => Boolean(p.boilerplate)));
  });
});

it("finds labelled articles to check", () => {
  expect(articles.length).toBeGreaterThan(0);
});
