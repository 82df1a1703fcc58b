/** The `sitrep` command as a user runs it: a real process, real files, JSON contracts other tools read. */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSitrep } from "../helpers/cli.ts";
import { FNA } from "../helpers/context.ts";

let dir: string;

const sitrep = (args: string[], input?: string) => runSitrep(dir, args, input);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "sitrep-cli-"));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("sitrep CLI", () => {
  it("analyze --json follows the contract and stores nothing", async () => {
    const { code, stdout } = await sitrep(["analyze", FNA, "--json"]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.paragraphs).toHaveLength(54);
    const p2 = out.paragraphs[2];
    expect(Object.keys(p2)).toEqual(expect.arrayContaining(["index", "text", "boilerplate", "provinces", "places", "framing"]));
    expect(p2.provinces).toEqual([{ code: "SY-HL", name: "Aleppo" }]);
    expect(p2.framing).toEqual(expect.arrayContaining([expect.objectContaining({ term: "terrorists" })]));
    expect(out.paragraphs.at(-1).boilerplate).toBe(true);
    const { stdout: sources } = await sitrep(["search", "terrorists", "--json"]);
    expect(JSON.parse(sources).total).toBe(0);
  });

  it("ingests from a file and stdin, then briefs and searches with JSON contracts", async () => {
    const ingested = await sitrep(["ingest", FNA]);
    expect(ingested.code).toBe(0);
    expect(ingested.stdout).toMatch(/^created [0-9a-f]{12} /);
    const stdin = await sitrep(["ingest", "-", "--source", "sana", "--published", "2026-11-20"], "Damascus, SANA- Army units repelled an attack by terrorists on positions near Kafr Nabudah in Hama northern countryside, killing several of them.\n");
    expect(stdin.code).toBe(0);
    expect(stdin.stdout).toMatch(/Hama/);

    const brief = JSON.parse((await sitrep(["brief", "Deir Ezzur", "--days", "30", "--json"])).stdout);
    expect(brief.province).toEqual({ code: "SY-DY", name: "Deir ez-Zor" });
    expect(brief.sources[0].source).toMatchObject({ id: "fna", name: "Fars News Agency" });
    expect(typeof brief.sources[0].source.label).toBe("string");
    expect(brief.sources[0].items[0]).toMatchObject({ report: expect.any(String), cites: expect.any(Array), framing: expect.any(Array) });
    expect(Array.isArray(brief.flags)).toBe(true);

    const text = (await sitrep(["brief", "hama", "--days", "30"])).stdout;
    // The item quotes the sentence without its dateline.
    expect(text).toContain("SANA: Army units repelled an attack by “terrorists”");

    const search = JSON.parse((await sitrep(["search", '"T4" airbase', "--province", "homs", "--json"])).stdout);
    expect(search.total).toBeGreaterThan(0);
    expect(search.hits[0]).toMatchObject({ report: expect.any(String), paragraph: expect.any(Number), source: "fna", provinces: ["SY-HI"] });
    expect(search.hits[0].snippet).toMatch(/\*\*T4\*\*/);
  });

  it("prints one-line errors and exits non-zero", async () => {
    const unknown = await sitrep(["brief", "Atlantis"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: Unknown province "Atlantis"/);
    const typo = await sitrep(["brief", "Quneitr"]);
    expect(typo.stderr).toMatch(/Did you mean: Quneitra/);
    const empty = path.join(dir, "empty.txt");
    await writeFile(empty, "");
    const bad = await sitrep(["ingest", empty]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain("empty.txt");
  });

  it("ingests every file under a directory, in name order, skipping hidden files", async () => {
    const reports = path.join(dir, "reports");
    await mkdir(path.join(reports, "nested"), { recursive: true });
    await mkdir(path.join(reports, ".drafts"), { recursive: true });
    const report = (place: string, province: string) =>
      `Title: Shelling near ${place}\nSource: syria-direct\nDate: 2026-11-23\n-----\n${province} Province:\nResidents of ${place} said artillery shells hit farmland on the edge of the town on Sunday night.\n`;
    await writeFile(path.join(reports, "b.txt"), report("Maarat al-Numan", "Idlib"));
    await writeFile(path.join(reports, "a.txt"), report("Kafr Nabudah", "Hama"));
    await writeFile(path.join(reports, "nested", "c.txt"), report("Talbiseh", "Homs"));
    await writeFile(path.join(reports, ".drafts", "draft.txt"), report("Saraqib", "Idlib"));
    await writeFile(path.join(reports, ".notes.txt"), "not a report");

    const { code, stdout } = await sitrep(["ingest", reports, "--json"]);
    expect(code).toBe(0);
    const out: { input: string; status: string; provinces: string[] }[] = JSON.parse(stdout);
    expect(out.map((o) => path.relative(reports, o.input))).toEqual(["a.txt", "b.txt", path.join("nested", "c.txt")]);
    expect(out.map((o) => o.status)).toEqual(["created", "created", "created"]);
    expect(out.map((o) => o.provinces)).toEqual([["SY-HM"], ["SY-ID"], ["SY-HI"]]);

    const none = path.join(dir, "no-reports");
    await mkdir(none);
    const empty = await sitrep(["ingest", none]);
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toMatch(/^error: .*no-reports: the directory has no files to ingest/);
  });

  it("lists the source registry with labels and references", async () => {
    const { stdout } = await sitrep(["sources"]);
    for (const id of ["fna", "sana", "sohr", "enab-baladi", "almasdar", "npa", "hawar", "anadolu", "rt", "aljazeera", "syria-direct", "isw", "reuters", "ap", "afp"]) {
      expect(stdout).toContain(`(${id})`);
    }
    expect(stdout).toMatch(/ref: .*<https:\/\//);
  });
});
