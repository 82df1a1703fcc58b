/**
 * Geotagging quality on hand-labelled articles: the shipped example (FNA) and fixtures written in other
 * sources' styles. Errors are printed so a failing run says which paragraphs went wrong and why.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { scoreArticle } from "../helpers/score.ts";

const fixtures = path.resolve(import.meta.dirname, "../fixtures");
const articles = path.join(fixtures, "articles");

describe("geotagging quality", () => {
  it("the FNA example: province F1 ≥ 0.97 and every boilerplate paragraph flagged", async () => {
    const s = await scoreArticle(path.join(fixtures, "fna-2016-12-22-syria-24h.txt"), path.join(fixtures, "fna-2016-12-22-syria-24h.labels.json"));
    expect(s.unmatched).toEqual([]);
    expect(s.boilerplateErrors).toEqual([]);
    expect(s.f1, s.errors.join("\n")).toBeGreaterThanOrEqual(0.97);
  });

  const names = existsSync(articles) ? readdirSync(articles).filter((f) => f.endsWith(".txt")) : [];
  it("has at least five fixtures of other sources' styles", () => {
    expect(names.length).toBeGreaterThanOrEqual(5);
  });

  for (const name of names) {
    it(`${name}: every paragraph found, boilerplate flagged, F1 ≥ 0.9`, async () => {
      const s = await scoreArticle(path.join(articles, name), path.join(articles, name.replace(/\.txt$/, ".labels.json")));
      expect(s.unmatched).toEqual([]);
      expect(s.boilerplateErrors).toEqual([]);
      expect(s.f1, s.errors.join("\n")).toBeGreaterThanOrEqual(0.9);
    });
  }
});
