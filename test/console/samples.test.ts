import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { brief } from "../../commands/brief.ts";
import { loadSamples, sampleFiles } from "../../src/console/samples.ts";
import type { Report } from "../../src/types.ts";
import { FNA, tempContext } from "../helpers/context.ts";

const NOW = "2026-11-25T12:00:00.000Z";
const consoleUser = { userId: "console", guildId: null, channelId: null, memberPermissions: null, transport: "console" } as const;

describe("loadSamples", () => {
  let t: Awaited<ReturnType<typeof tempContext>>;
  beforeEach(async () => {
    t = await tempContext(NOW);
  });
  afterEach(async () => t.cleanup());

  async function stored(ids: string[]): Promise<Report[]> {
    return (await t.ctx.store.getMany(ids)) as Report[];
  }

  it("ships the example report and at least four samples in other sources' styles", async () => {
    const files = await sampleFiles();
    const example = files.find((f) => path.basename(f) === path.basename(FNA));
    expect(example).toBeDefined();
    expect(await readFile(example!, "utf8")).toBe(await readFile(FNA, "utf8"));
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it("stores every sample dated in the last days before the clock, in the order of their own dates", async () => {
    const load = await loadSamples(t.ctx);
    expect(load.loaded).toBe(load.found);
    expect(await t.ctx.store.count()).toBe(load.found);
    const reports = await stored(load.ids);
    const bySource = Object.fromEntries(reports.map((r) => [r.sourceId, r.publishedAt]));
    // Own dates: hawar 2025-06-12, sana and anadolu 2025-06-11, sohr 06-10, reuters 06-09, FNA 2016-12-22.
    expect(bySource).toEqual({
      hawar: "2026-11-25T11:00:00.000Z",
      sana: "2026-11-24T11:00:00.000Z",
      anadolu: "2026-11-24T11:00:00.000Z",
      sohr: "2026-11-23T11:00:00.000Z",
      reuters: "2026-11-22T11:00:00.000Z",
      fna: "2026-11-21T11:00:00.000Z",
    });
    expect(reports.every((r) => !r.publishedAtEstimated)).toBe(true);

    const reply = await brief.run(t.ctx, { province: "SY-HL", days: 7 }, consoleUser);
    if (reply.kind !== "brief") throw new Error("expected a brief");
    expect(reply.brief.sources.map((s) => s.source.id)).toEqual(["hawar", "sana", "anadolu", "sohr", "reuters", "fna"]);
  });

  it("stores nothing new when loaded again, even days later", async () => {
    const first = await loadSamples(t.ctx);
    t.clock.advance(3 * 86_400_000);
    const again = await loadSamples(t.ctx);
    expect(again).toEqual({ found: first.found, loaded: 0, ids: first.ids });
    expect(await t.ctx.store.count()).toBe(first.found);
    expect((await stored(first.ids)).find((r) => r.sourceId === "hawar")!.publishedAt).toBe("2026-11-25T11:00:00.000Z");
  });

  it("squeezes samples spanning more than a week into the last six days", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "sitrep-samples-"));
    try {
      for (let day = 1; day <= 9; day++) {
        const text = `Title: Day ${day}\nSource: sohr\nDate: 2025-03-0${day}\n-----\nDay ${day}: clashes were reported in Idlib countryside, local sources said.\n`;
        await writeFile(path.join(dir, `day-${day}.txt`), text);
      }
      const load = await loadSamples(t.ctx, dir);
      const dates = (await stored(load.ids)).map((r) => Date.parse(r.publishedAt));
      const now = Date.parse(NOW);
      expect(dates[8]).toBe(now - 3_600_000);
      expect(dates[0]).toBe(now - 6 * 86_400_000);
      for (let i = 1; i < dates.length; i++) expect(dates[i]).toBeGreaterThan(dates[i - 1]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
