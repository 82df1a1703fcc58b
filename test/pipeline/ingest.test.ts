import { writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildBrief } from "../../src/brief/province-brief.ts";
import { InputError, UserError } from "../../src/errors.ts";
import { ingest } from "../../src/pipeline/ingest.ts";
import { FNA, tempContext } from "../helpers/context.ts";

const SOHR_STYLE = `Title: Escalation in northwest Syria
Source: sohr
Date: 2026-11-24
-----
Escalation in northwest Syria: regime forces shell Jabal al-Zawiya

Idlib Province:
Regime forces shelled Kansafra and al-Bara in Jabal al-Zawiya with more than 40 artillery shells, killing two civilians, SOHR activists reported.
A child was injured in the shelling, according to local sources.

Hama Province:
Iranian-backed militias attacked positions near Qalaat al-Madiq in the al-Ghab plain.

The overall death toll across Syria since the beginning of the month has risen to 312.
`;

describe("ingest → store → brief", () => {
  let t: Awaited<ReturnType<typeof tempContext>>;
  beforeEach(async () => {
    t = await tempContext();
  });
  afterEach(async () => t.cleanup());

  it("stores the FNA report once, splits it by province, and briefs Aleppo with FNA's framing quoted", async () => {
    const first = await ingest(t.ctx, { kind: "file", path: FNA });
    expect(first.status).toBe("created");
    expect(first.report.sourceId).toBe("fna");
    expect(first.report.provinces).toEqual(expect.arrayContaining(["SY-HL", "SY-HI", "SY-DR", "SY-RD", "SY-HM", "SY-DY", "SY-QU"]));
    const again = await ingest(t.ctx, { kind: "file", path: FNA });
    expect(again.status).toBe("duplicate");
    expect(await t.ctx.store.count()).toBe(1);

    const brief = await buildBrief(t.ctx, { province: "aleppo", days: 7 });
    expect(brief.province).toEqual({ code: "SY-HL", name: "Aleppo" });
    expect(brief.sources).toHaveLength(1);
    const [{ source, items }] = brief.sources;
    expect(source.id).toBe("fna");
    expect(source.label).toMatch(/IRGC|Iran/);
    expect(items.length).toBeGreaterThan(0);
    // Every loaded term in an item is listed in its framing, so renderers can quote and attribute it.
    const all = items.flatMap((i) => i.framing.map((f) => f.term.toLowerCase()));
    expect(all).toEqual(expect.arrayContaining(["terrorists"]));
    for (const item of items) {
      expect(item.cites.length).toBeGreaterThan(0);
      expect(first.report.paragraphs[item.cites[0]].text).toContain(item.text);
      for (const hit of t.ctx.lexicon.find(item.text)) expect(item.framing.map((f) => f.term.toLowerCase())).toContain(hit.term.toLowerCase());
    }
    // A province the report does not cover has nothing, and says so.
    const empty = await buildBrief(t.ctx, { province: "Raqqa" });
    expect(empty.sources).toEqual([]);
    expect(empty.flags.map((f) => f.type)).toEqual(["no-reports"]);
  });

  it("honours section headers and flags a province only one side reported on", async () => {
    const file = path.join(t.dir, "sohr.txt");
    await writeFile(file, SOHR_STYLE);
    const { report } = await ingest(t.ctx, { kind: "file", path: file });
    expect(report.sourceId).toBe("sohr");
    expect(report.publishedAt.slice(0, 10)).toBe("2026-11-24");
    const byText = (s: string) => report.paragraphs.find((p) => p.text.startsWith(s))!;
    expect(byText("A child was injured").provinces).toEqual(["SY-ID"]);
    expect(byText("Iranian-backed militias").provinces).toEqual(["SY-HM"]);
    expect(byText("The overall death toll").provinces).toEqual([]);

    await ingest(t.ctx, { kind: "file", path: FNA });
    const idlib = await buildBrief(t.ctx, { province: "Idleb", days: 7 });
    expect(idlib.sources.map((s) => s.source.id)).toEqual(["sohr"]);
    const hama = await buildBrief(t.ctx, { province: "SY-HM", days: 7, source: "SOHR" });
    expect(hama.sources.map((s) => s.source.id)).toEqual(["sohr"]);
  });

  it("finds reports by keyword, phrase and any spelling of a place", async () => {
    await ingest(t.ctx, { kind: "file", path: FNA });
    const t4 = await t.ctx.search.search({ text: '"T4" airbase', province: "SY-HI" });
    expect(t4.total).toBeGreaterThan(0);
    expect(t4.hits[0].snippet).toContain("\u0002");
    const dz = await t.ctx.search.search({ text: "Deir ez-Zor" });
    expect(dz.hits.some((h) => h.provinces.includes("SY-DY"))).toBe(true);
  });

  it("refuses bad input with a clear error and stores nothing", async () => {
    const cases: [string, string | Buffer, RegExp][] = [
      ["empty.txt", "   \n\n", /empty/i],
      ["binary.bin", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /binary|PNG/i],
    ];
    for (const [name, content, reason] of cases) {
      const file = path.join(t.dir, name);
      await writeFile(file, content);
      const error = await ingest(t.ctx, { kind: "file", path: file }).catch((e) => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(name);
      expect(error.message).toMatch(reason);
    }
    const huge = Buffer.alloc(6 * 1024 * 1024, "a");
    await expect(ingest(t.ctx, { kind: "bytes", bytes: huge, origin: "stdin" })).rejects.toThrow(/stdin.*(limit|large|MB)/i);
    await expect(ingest(t.ctx, { kind: "file", path: FNA }, { source: "no-such-source" })).rejects.toBeInstanceOf(UserError);
    expect(await t.ctx.store.count()).toBe(0);
    expect((await t.ctx.search.search({ text: "terrorists" })).total).toBe(0);
  });

  it("updates a report fetched again from the same URL instead of storing a second one", async () => {
    let body = "<html><head><title>Clashes in Daraa</title></head><body><article><h1>Clashes in Daraa</h1><p>Clashes broke out in Tafas in western Daraa on Monday, killing three fighters, local sources said.</p><p>The fighting stopped by the evening after mediation by local elders.</p></article></body></html>";
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/daraa`;
      const first = await ingest(t.ctx, { kind: "url", url });
      expect(first.report.provinces).toEqual(["SY-DR"]);
      body = body.replace("three fighters", "four fighters");
      const second = await ingest(t.ctx, { kind: "url", url });
      expect(second.status).toBe("updated");
      expect(second.id).toBe(first.id);
      expect(await t.ctx.store.count()).toBe(1);
      const hits = await t.ctx.search.search({ text: "fighters" });
      expect(hits.total).toBe(1);
      expect(hits.hits[0].snippet).toContain("four");
    } finally {
      server.close();
    }
  });
});
