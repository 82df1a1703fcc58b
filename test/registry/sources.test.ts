import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSourceRegistry, SourceRegistryError } from "../../src/registry/sources.ts";
import { errorOf, scratchFiles } from "../helpers/data-files.ts";

const registry = loadSourceRegistry();
const REQUIRED = ["fna", "sana", "sohr", "enab-baladi", "almasdar", "npa", "hawar", "anadolu", "rt", "aljazeera", "syria-direct", "isw", "reuters", "ap", "afp"];

describe("registry data", () => {
  it("has every required source, each label with at least one http(s) reference", () => {
    for (const id of REQUIRED) {
      const s = registry.get(id);
      expect(s, id).toBeDefined();
      expect(s!.labels.length, id).toBeGreaterThan(0);
      for (const l of s!.labels) {
        expect(l.references.length, id).toBeGreaterThan(0);
        for (const r of l.references) expect(r.url).toMatch(/^https:\/\//);
      }
    }
  });

  it("gives the sides the one-side-only flag relies on", () => {
    const sideOn = (id: string, day: string) => registry.labelFor(id, day).side;
    expect(sideOn("fna", "2016-12-22")).toBe("government");
    expect(sideOn("sohr", "2016-12-22")).toBe("opposition");
    expect(sideOn("enab-baladi", "2020-01-01")).toBe("opposition");
    expect(sideOn("npa", "2021-05-01")).toBe("kurdish-led");
    expect(sideOn("hawar", "2025-03-01")).toBe("kurdish-led");
    expect(sideOn("anadolu", "2019-10-10")).toBe("turkish");
    for (const wire of ["reuters", "ap", "afp", "isw", "aljazeera"]) expect(sideOn(wire, "2023-01-01")).toBeNull();
    expect(registry.labelFor("aljazeera", "2023-01-01").label).toMatch(/Qatar/);
  });

  it("lists sources in file order and returns copies", () => {
    const all = registry.all();
    expect(all[0].id).toBe("fna");
    all.pop();
    expect(registry.all().length).toBe(all.length + 1);
  });

  it("loads each file once", () => {
    expect(loadSourceRegistry()).toBe(registry);
  });
});

describe("labelFor", () => {
  it("switches SANA's label at the fall of Assad on 2024-12-08", () => {
    const before = registry.labelFor("sana", "2024-12-07");
    const after = registry.labelFor("sana", "2024-12-08");
    expect(before).toMatchObject({ id: "sana", name: "Syrian Arab News Agency", side: "government", known: true });
    expect(before.label).toMatch(/^state media · .*Assad government/);
    expect(before.label).not.toMatch(/transitional/);
    expect(after.side).toBe("government");
    expect(after.label).toMatch(/^state media · .*transitional government/);
    expect(after.references.length).toBeGreaterThan(0);
  });

  it("reads the publisher's own date from an ISO timestamp and UTC from a Date", () => {
    expect(registry.labelFor("sana", "2024-12-08T01:00:00+03:00").label).toMatch(/transitional/);
    expect(registry.labelFor("sana", "2024-12-07T23:30:00Z").label).toMatch(/Assad government/);
    expect(registry.labelFor("sana", new Date("2024-12-08T00:00:00Z")).label).toMatch(/transitional/);
    expect(registry.labelFor("sana", new Date("2016-12-22T10:00:00Z")).label).toMatch(/Assad government/);
  });

  it("changes the side of Assad's foreign backers after his fall", () => {
    expect(registry.labelFor("fna", "2016-12-22").side).toBe("government");
    expect(registry.labelFor("fna", "2025-01-15").side).toBeNull();
    expect(registry.labelFor("rt", "2025-01-15").label).toMatch(/Kremlin/);
  });

  it("falls back to the latest label for an unparseable date", () => {
    expect(registry.labelFor("sana", "sometime").label).toMatch(/transitional/);
  });

  it("says plainly when a source is not in the registry", () => {
    const unknown = { id: "unknown", name: "Unknown source", label: "not in the registry", side: null, known: false, references: [] };
    expect(registry.labelFor(null, "2024-01-01")).toEqual(unknown);
    expect(registry.labelFor("nope", "2024-01-01", "Syrian Blog")).toEqual({ ...unknown, name: "Syrian Blog" });
  });
});

describe("byUrl", () => {
  it.each([
    ["https://english.farsnews.ir/newstext.aspx?nn=13951002000536", "fna"],
    ["http://www.farsnews.ir/news/1", "fna"],
    ["https://www.aa.com.tr/en/middle-east/x/123", "anadolu"],
    ["https://sana.sy/en/?p=350000", "sana"],
    ["syriahr.com/en/?p=1", "sohr"],
    ["https://english.enabbaladi.net/archives/2025/03/x/", "enab-baladi"],
    ["https://npasyria.com/en/123/", "npa"],
    ["https://hawarnews.com/en/x", "hawar"],
    ["https://WWW.Reuters.com/world/middle-east/x", "reuters"],
    ["https://apnews.com/article/syria-x", "ap"],
    ["https://www.understandingwar.org/backgrounder/x", "isw"],
    ["https://arabic.rt.com/middle_east/1", "rt"],
  ])("%s → %s", (url, id) => {
    expect(registry.byUrl(url)).toBe(id);
  });

  it.each(["https://notsana.sy/x", "https://sana.sy.example.com/x", "https://example.com/sana.sy", "not a url at all", ""])(
    "%s → no source",
    (url) => {
      expect(registry.byUrl(url)).toBeUndefined();
    },
  );
});

describe("byDateline", () => {
  it.each([
    ["(FNA)- The Syrian army and its allies managed to take full control of the city of Aleppo", "fna"],
    ["TEHRAN (FNA)- Iran's Foreign Minister said…", "fna"],
    ["BEIRUT (Reuters) - Syrian government forces pushed into…", "reuters"],
    ["BEIRUT, Dec 8 (Reuters) - Rebels said they entered Damascus", "reuters"],
    ["DAMASCUS, Syria (AP) — Insurgents captured…", "ap"],
    ["Damascus, SANA- President al-Sharaa received…", "sana"],
    ["Hasaka/Raqqa, SANA – The US-backed Qasad militias…", "sana"],
    ["AMMAN, Jordan (AFP) - Jordan closed its border", "afp"],
    ["Idlib – Enab Baladi", "enab-baladi"],
    ["Enab Baladi – Idlib", "enab-baladi"],
    ["(ANHA) – Turkish occupation mercenaries shelled…", "hawar"],
    ["RAQQA, Syria (North Press) – Multiple sources told North Press…", "npa"],
    ["DAMASCUS, Dec. 8 (Xinhua) -- Syrian opposition forces…", "xinhua"],
    ["  \u201c(SANA) The army…", "sana"],
  ])("%s → %s", (text, id) => {
    expect(registry.byDateline(text)).toBe(id);
  });

  it.each([
    "Government forces shelled Idlib countryside, SANA reported.",
    "According to SANA, the army advanced.",
    "Reuters reported that the rebels advanced.",
    "The army (which SANA praised) advanced.",
    "Clashes continued in Aleppo on Thursday.",
    "",
  ])("does not fire on %j", (text) => {
    expect(registry.byDateline(text)).toBeUndefined();
  });
});

describe("byName, find and suggest", () => {
  it.each([
    ["Enab Baladi", "enab-baladi"],
    ["enab-baladi", "enab-baladi"],
    ["North Press", "npa"],
    ["ANADOLU AJANSI", "anadolu"],
    ["Anadolu Ajansı", "anadolu"],
    ["al masdar", "almasdar"],
    ["The Associated Press", "ap"],
    ["Fars News", "fna"],
    ["Syrian Observatory for Human Rights", "sohr"],
    ["  sana ", "sana"],
  ])("byName(%j) → %s", (name, id) => {
    expect(registry.byName(name)).toBe(id);
  });

  it("knows no source by an unknown name", () => {
    expect(registry.byName("Fox News")).toBeUndefined();
    expect(registry.find("Fox News")).toBeUndefined();
  });

  it("finds a source by id, name or alias", () => {
    expect(registry.find("SOHR")?.id).toBe("sohr");
    expect(registry.find("isw")?.name).toBe("Institute for the Study of War");
    expect(registry.find("Hawar News Agency")?.id).toBe("hawar");
  });

  it("suggests prefix matches first, then word and substring matches", () => {
    expect(registry.suggest("enab").map((s) => s.id)).toEqual(["enab-baladi"]);
    const press = registry.suggest("press").map((s) => s.id);
    expect(press[0]).toBe("presstv");
    expect(press).toContain("npa");
    expect(registry.suggest("syria").map((s) => s.id).slice(0, 3)).toEqual(
      expect.arrayContaining(["syria-direct"]),
    );
    expect(registry.suggest("zzz")).toEqual([]);
  });

  it("lists sources alphabetically for an empty query, up to the limit", () => {
    const first = registry.suggest("");
    expect(first.length).toBe(Math.min(25, registry.all().length));
    const names = first.map((s) => s.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));
    expect(registry.suggest("a", 3).length).toBe(3);
  });
});

describe("invalid registry files", () => {
  const write = scratchFiles("sitrep-registry-");
  const real = JSON.parse(readFileSync(new URL("../../sources/registry.json", import.meta.url), "utf8"));

  it("names the file, the source id and the field", () => {
    const data = structuredClone(real);
    data.sources[1].labels[1].references = [];
    data.sources[2].labels[0].side = "rebels";
    const err = errorOf(loadSourceRegistry, write("bad-fields.json", data));
    expect(err).toBeInstanceOf(SourceRegistryError);
    expect(err.message).toContain("bad-fields.json");
    expect(err.message).toMatch(/source "sana": labels\[1\]\.references: needs at least one reference/);
    expect(err.message).toMatch(/source "sohr": labels\[0\]\.side:/);
  });

  it("refuses overlapping labels", () => {
    const data = structuredClone(real);
    delete data.sources[1].labels[0].to;
    expect(errorOf(loadSourceRegistry, write("overlap.json", data)).message).toMatch(/source "sana": labels: labels overlap/);
  });

  it("refuses a domain or a name claimed by two sources", () => {
    const data = structuredClone(real);
    data.sources[2].domains.push("sana.sy");
    data.sources[3].aliases.push("Fars");
    const message = errorOf(loadSourceRegistry, write("clash.json", data)).message;
    expect(message).toMatch(/source "sohr": domains: "sana.sy" is also claimed by source "sana"/);
    expect(message).toMatch(/source "enab-baladi": name "Fars" is also claimed by source "fna"/);
  });

  it("reports unreadable JSON and missing files by name", () => {
    expect(errorOf(loadSourceRegistry, write("broken.json", "{ not json")).message).toContain("broken.json");
    expect(errorOf(loadSourceRegistry, path.join(os.tmpdir(), "sitrep-no-such-folder", "missing.json")).message).toContain("missing.json");
  });
});
