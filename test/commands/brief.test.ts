import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { brief } from "../../commands/brief.ts";
import { ingest } from "../../src/pipeline/ingest.ts";
import { FNA, tempContext } from "../helpers/context.ts";
import { asUser, userErrorOf } from "./invocation.ts";
import { sampleFile } from "./sample-files.ts";

const user = asUser("333333333333333333");

describe("/brief", () => {
  let t: Awaited<ReturnType<typeof tempContext>>;
  beforeEach(async () => {
    t = await tempContext("2026-11-25T12:00:00Z");
    await ingest(t.ctx, { kind: "file", path: FNA }, { published: "2026-11-24" });
  });
  afterEach(async () => t.cleanup());

  it("answers with FNA's account of Aleppo, its label, loaded terms and citations", async () => {
    const reply = await brief.run(t.ctx, { province: "SY-HL", days: 7 }, user);
    if (reply.kind !== "brief") throw new Error(`expected a brief, got ${reply.kind}`);
    expect(reply.brief.province).toEqual({ code: "SY-HL", name: "Aleppo" });
    expect(reply.brief.sources.map((s) => s.source.id)).toEqual(["fna"]);
    const [{ source, items }] = reply.brief.sources;
    expect(source.label).toMatch(/IRGC/);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.report === items[0].report && i.cites.length > 0)).toBe(true);
    expect(items.flatMap((i) => i.framing.map((f) => f.term.toLowerCase()))).toEqual(expect.arrayContaining(["terrorists", "purged"]));
    expect(items.every((i) => i.method === "extractive")).toBe(true);
  });

  it("takes a province name as typed and defaults to the last 7 days", async () => {
    const reply = await brief.run(t.ctx, { province: "Aleppo" }, user);
    if (reply.kind !== "brief") throw new Error(`expected a brief, got ${reply.kind}`);
    expect(reply.brief.from).toBe("2026-11-18T12:00:00.000Z");
    expect(reply.brief.sources).toHaveLength(1);
  });

  it("leaves out reports older than the window and says nothing covers it", async () => {
    t.clock.set("2026-12-20T12:00:00Z");
    const reply = await brief.run(t.ctx, { province: "SY-HL", days: 7 }, user);
    if (reply.kind !== "brief") throw new Error(`expected a brief, got ${reply.kind}`);
    expect(reply.brief.sources).toEqual([]);
    expect(reply.brief.flags.map((f) => f.type)).toEqual(["no-reports"]);
    const wider = await brief.run(t.ctx, { province: "SY-HL", days: 30 }, user);
    expect(wider.kind === "brief" && wider.brief.sources.length).toBe(1);
  });

  it("keeps to one source when asked, and flags a province only one side reported on", async () => {
    await ingest(t.ctx, { kind: "file", path: sampleFile("sana") }, { published: "2026-11-23" });
    const both = await brief.run(t.ctx, { province: "SY-HI", days: 7 }, user);
    if (both.kind !== "brief") throw new Error("expected a brief");
    expect(both.brief.sources.map((s) => s.source.id).sort()).toEqual(["fna", "sana"]);
    const sanaOnly = await brief.run(t.ctx, { province: "SY-HI", days: 7, source: "sana" }, user);
    if (sanaOnly.kind !== "brief") throw new Error("expected a brief");
    expect(sanaOnly.brief.sources.map((s) => s.source.id)).toEqual(["sana"]);
    expect(sanaOnly.brief.flags.map((f) => f.type)).toEqual(["one-side-only"]);
  });

  it("answers an unknown province with the closest names", async () => {
    const error = await userErrorOf(brief.run(t.ctx, { province: "Alepo city" }, user));
    expect(error.message).toContain('Unknown province "Alepo city"');
    expect(error.hints.join(" ")).toMatch(/Did you mean: .*Aleppo/);
  });

  it("refuses days outside 1–30 and an unknown source", async () => {
    expect((await userErrorOf(brief.run(t.ctx, { province: "SY-HL", days: 31 }, user))).message).toMatch(/days must be a whole number from 1 to 30/);
    expect((await userErrorOf(brief.run(t.ctx, { province: "SY-HL", days: 0 }, user))).message).toMatch(/from 1 to 30/);
    const error = await userErrorOf(brief.run(t.ctx, { province: "SY-HL", source: "Fars News Agenc" }, user));
    expect(error.message).toContain('Unknown source "Fars News Agenc"');
    expect(error.hints.join(" ")).toMatch(/Fars News Agency \(fna\)/);
  });

  it("requires a province", async () => {
    expect((await userErrorOf(brief.run(t.ctx, {}, user))).message).toBe("/brief needs province:…");
  });
});
