import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildBrief } from "../../src/brief/province-brief.ts";
import { ingestMany, type IngestManyResult } from "../../src/pipeline/ingest-many.ts";
import type { IngestInput } from "../../src/pipeline/ingest.ts";
import { tempContext } from "../helpers/context.ts";

/** A story as several outlets would file it; `n` varies the events so each is its own report. */
function story(n: number, source: string, headline = `Clashes reported in Daraa countryside, day ${n}`): string {
  return `Title: ${headline}
Source: ${source}
Date: 2026-11-${String(10 + n).padStart(2, "0")}
-----
${headline}

DARAA, Syria — Gunmen attacked a checkpoint near Nawa in the western Daraa countryside on day ${n}, killing ${n + 2} security personnel, local sources said.
The attackers withdrew towards Tafas after an exchange of fire that lasted ${n + 1} hours, and the road to Jasim was closed until the evening.
Residents of Nawa said ${n * 3} families left the eastern neighbourhoods overnight for relatives in Sheikh Miskin.
`;
}

const bytes = (text: string, origin: string): IngestInput => ({ kind: "bytes", bytes: Buffer.from(text, "utf8"), origin });

async function collect<T>(results: AsyncIterable<IngestManyResult<T>>): Promise<IngestManyResult<T>[]> {
  const all: IngestManyResult<T>[] = [];
  for await (const r of results) all.push(r);
  return all;
}

describe("ingestMany: many inputs stored in batches", () => {
  let t: Awaited<ReturnType<typeof tempContext>>;
  beforeEach(async () => {
    t = await tempContext();
  });
  afterEach(async () => t.cleanup());

  it("answers every input in order across batch boundaries: stored, refused with a reason, duplicate, near-duplicate", async () => {
    const items = [
      { name: "a.txt", text: story(1, "reuters") },
      { name: "b.txt", text: story(2, "sohr") },
      { name: "empty.txt", text: "   \n\n" },
      { name: "c.txt", text: story(3, "npa") },
      { name: "a-again.txt", text: story(1, "reuters") },
      // The same wire text on another site, with its own headline: a near-duplicate in a later batch.
      { name: "a-elsewhere.txt", text: story(1, "ap", "Checkpoint attack near Nawa leaves three dead").replace("local sources said.", "local sources told reporters.") },
      { name: "d.txt", text: story(4, "enab-baladi") },
    ];
    const results = await collect(ingestMany(t.ctx, items, (i) => bytes(i.text, i.name), { batchSize: 2 }));

    expect(results.map((r) => r.input.name)).toEqual(items.map((i) => i.name));
    const status = results.map((r) => ("error" in r ? `error: ${r.error.message}` : r.outcome.status));
    expect(status).toEqual(["created", "created", "error: empty.txt: input is empty (only whitespace)", "created", "duplicate", "created", "created"]);
    const first = results[0];
    const copy = results[5];
    if ("error" in first || "error" in copy) throw new Error("unreachable");
    expect(copy.outcome.nearDuplicateOf).toBe(first.outcome.id);
    expect(await t.ctx.store.count()).toBe(5);

    // What a reader sees: the story once, naming the other outlet; every report searchable.
    const brief = await buildBrief(t.ctx, { province: "Daraa", days: 30 });
    const shown = brief.sources.flatMap((s) => s.items.map((i) => i.report));
    expect(shown).toContain(first.outcome.id);
    expect(shown).not.toContain(copy.outcome.id);
    const search = await t.ctx.search.search({ text: "Nawa checkpoint" });
    expect(search.total).toBeGreaterThanOrEqual(4);
  });

  it("stops at an unexpected error, keeping the batches already written and nothing of the failing one", async () => {
    const items = [1, 2, 3, 4, 5];
    const run = collect(
      ingestMany(
        t.ctx,
        items,
        (n) => {
          if (n === 4) throw new Error("disk on fire");
          return bytes(story(n, "sana"), `${n}.txt`);
        },
        { batchSize: 2 },
      ),
    );
    await expect(run).rejects.toThrow("disk on fire");
    // Reports 1–2 were a complete batch and were written; report 3 was waiting for its batch to fill.
    expect(await t.ctx.store.count()).toBe(2);
    expect((await t.ctx.search.search({ text: "Nawa" })).hits.every((h) => ["sana"].includes(h.source ?? ""))).toBe(true);
  });

  it("adds up the main-thread time per stage when asked", async () => {
    const stageTimes = { acquire: 0, analyze: 0, build: 0 };
    await collect(ingestMany(t.ctx, [1, 2, 3], (n) => bytes(story(n, "afp"), `${n}.txt`), { stageTimes }));
    expect(stageTimes.acquire).toBeGreaterThan(0);
    expect(stageTimes.analyze).toBeGreaterThan(0);
    expect(stageTimes.build).toBeGreaterThan(0);
  });
});
