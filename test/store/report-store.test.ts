import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Keyv from "keyv";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.ts";
import { createReportStore, openReportStore, type ReportStore } from "../../src/store/report-store.ts";
import type { Report } from "../../src/types.ts";
import { makeReport } from "../helpers/reports.ts";

let dir: string;
let store: ReportStore;
let storeUrl: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "sitrep-store-"));
  storeUrl = `sqlite://${path.join(dir, "data", "sitrep.sqlite")}`;
  store = await openReportStore(storeUrl);
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const day = (d: string) => new Date(`${d}T00:00:00.000Z`);
const endOf = (d: string) => new Date(`${d}T23:59:59.999Z`);

describe("put and get", () => {
  it("stores a report and reads it back whole, in a new data directory", async () => {
    const report = makeReport({ url: "https://sana.sy/en/?p=1" });
    expect(await store.put(report)).toEqual({ id: report.id, status: "created" });
    expect(await store.get(report.id)).toEqual(report);
    expect(await store.getMany([report.id, "nope"])).toEqual([report, undefined]);
    expect(await store.idByHash(report.contentHash)).toBe(report.id);
    expect(await store.idByUrl("http://www.sana.sy/en/?p=1#top")).toBe(report.id);
    expect(await store.count()).toBe(1);
    expect((await stat(path.join(dir, "data", "sitrep.sqlite"))).isFile()).toBe(true);
  });

  it("keeps everything after the file is closed and opened again", async () => {
    const a = makeReport({ url: "https://example.org/a" });
    const b = makeReport({ provinces: ["SY-DI"] });
    await store.putMany([a, b]);
    await store.close();
    store = await openReportStore(storeUrl);
    expect(await store.get(a.id)).toEqual(a);
    expect(await store.idByUrl("https://example.org/a")).toBe(a.id);
    expect(await store.idsInWindow("SY-DI", day("2024-03-10"), endOf("2024-03-10"))).toEqual([b.id]);
    expect(await store.count()).toBe(2);
  });

  it("reports the same content again as a duplicate of the stored id and writes nothing", async () => {
    const first = makeReport({ paragraphs: ["Shelling hit Jisr al-Shughur."], url: "https://a.example/1" });
    await store.put(first);
    const again = { ...makeReport({ paragraphs: ["Shelling hit Jisr al-Shughur."] }), id: "other", url: "https://b.example/2" };
    expect(await store.put(again)).toEqual({ id: first.id, status: "duplicate" });
    expect(await store.count()).toBe(1);
    expect(await store.get("other")).toBeUndefined();
    expect(await store.idByUrl("https://b.example/2")).toBeUndefined();
  });

  it("updates a report re-published at the same url: same id, new content, old day entries gone", async () => {
    const v1 = makeReport({ url: "https://sana.sy/x", provinces: ["SY-HL"], publishedAt: "2024-03-01T08:00:00Z" });
    await store.put(v1);
    const v2 = makeReport({
      id: "ffffffffffff",
      url: "https://sana.sy/x/",
      paragraphs: [{ text: "Corrected: the strike was in Idlib.", provinces: ["SY-ID"] }],
      publishedAt: "2024-03-02T09:00:00Z",
    });
    expect(await store.put(v2)).toEqual({ id: v1.id, status: "updated" });
    expect(await store.get(v1.id)).toEqual({ ...v2, id: v1.id });
    expect(await store.get("ffffffffffff")).toBeUndefined();
    expect(await store.count()).toBe(1);
    expect(await store.idsInWindow("SY-HL", day("2024-03-01"), endOf("2024-03-02"))).toEqual([]);
    expect(await store.idsInWindow("*", day("2024-03-01"), endOf("2024-03-01"))).toEqual([]);
    expect(await store.idsInWindow("SY-ID", day("2024-03-01"), endOf("2024-03-02"))).toEqual([v1.id]);
    expect(await store.idByHash(v1.contentHash)).toBeUndefined();
    expect(await store.idByHash(v2.contentHash)).toBe(v1.id);
    // The first version, seen again at that url, is an update back, not a duplicate of changed content.
    expect(await store.put(v1)).toEqual({ id: v1.id, status: "updated" });
    expect((await store.get(v1.id))?.contentHash).toBe(v1.contentHash);
  });

  it("keeps a summary of each report (no paragraphs) in step with the report, also after an update or a rewrite", async () => {
    const v1 = makeReport({ url: "https://sana.sy/y", provinces: ["SY-HL"] });
    await store.put(v1);
    const { paragraphs: _p, ...summary } = v1;
    expect(await store.getSummaries([v1.id, "nope"])).toEqual([summary, undefined]);
    const v2 = makeReport({ id: "eeeeeeeeeeee", url: "https://sana.sy/y", paragraphs: [{ text: "Clashes in Idlib.", provinces: ["SY-ID"] }] });
    await store.put(v2);
    expect((await store.getSummaries([v1.id]))[0]).toMatchObject({ id: v1.id, provinces: ["SY-ID"] });
    await store.rewrite([{ ...(await store.get(v1.id))!, title: "Renamed" }]);
    expect((await store.getSummaries([v1.id]))[0]).toMatchObject({ title: "Renamed" });
    expect((await store.getSummaries([v1.id]))[0]).not.toHaveProperty("paragraphs");
  });

  it("refuses a new report whose id already names another report, storing nothing", async () => {
    const a = makeReport({ id: "abc" });
    await store.put(a);
    const b = makeReport({ id: "abc", paragraphs: ["Different text."] });
    const c = makeReport();
    await expect(store.putMany([c, b])).rejects.toThrow(/abc already names a different report/);
    expect(await store.get(c.id)).toBeUndefined();
    expect(await store.get("abc")).toEqual(a);
  });
});

describe("batches", () => {
  it("stores nothing when one report of the batch cannot be serialised (BigInt, circular)", async () => {
    const good = makeReport({ url: "https://example.org/good" });
    const bigint = makeReport() as Report & { extra?: unknown };
    bigint.extra = 10n;
    await expect(store.putMany([good, bigint])).rejects.toThrow();
    const circular = makeReport() as Report & { self?: unknown };
    circular.self = circular;
    await expect(store.putMany([good, circular])).rejects.toThrow();

    expect(await store.count()).toBe(0);
    expect(await store.get(good.id)).toBeUndefined();
    expect(await store.idByUrl("https://example.org/good")).toBeUndefined();
    expect(await store.idsInWindow("*", day("2024-03-10"), endOf("2024-03-10"))).toEqual([]);
    // The store still works afterwards.
    expect(await store.put(good)).toEqual({ id: good.id, status: "created" });
  });

  it("resolves duplicates and updates inside one batch and merges their day lists", async () => {
    const a = makeReport({ paragraphs: ["Text A."], url: "https://x.example/a" });
    const aCopy = { ...makeReport({ paragraphs: ["Text A."] }), id: "copy" };
    const b = makeReport({ paragraphs: ["Text B."], url: "https://x.example/b" });
    const bNew = makeReport({ paragraphs: ["Text B, corrected."], url: "https://x.example/b" });
    const c = makeReport({ paragraphs: ["Text C."], provinces: ["SY-DI"] });
    const results = await store.putMany([a, aCopy, b, bNew, c]);
    expect(results).toEqual([
      { id: a.id, status: "created" },
      { id: a.id, status: "duplicate" },
      { id: b.id, status: "created" },
      { id: b.id, status: "updated" },
      { id: c.id, status: "created" },
    ]);
    expect((await store.get(b.id))?.paragraphs[0].text).toBe("Text B, corrected.");
    expect(await store.count()).toBe(3);
    const window = [day("2024-03-10"), endOf("2024-03-10")] as const;
    expect(await store.idsInWindow("SY-HL", ...window)).toEqual([b.id, a.id]);
    expect(await store.idsInWindow("*", ...window)).toEqual([c.id, b.id, a.id]);
  });

  it("keeps every id when batches for the same day are stored concurrently", async () => {
    const reports = Array.from({ length: 20 }, () => makeReport());
    await Promise.all(reports.map((r) => store.put(r)));
    const ids = await store.idsInWindow("SY-HL", day("2024-03-10"), endOf("2024-03-10"));
    expect(new Set(ids)).toEqual(new Set(reports.map((r) => r.id)));
  });
});

describe("windows", () => {
  const at = (publishedAt: string, provinces: string[]) => makeReport({ publishedAt, provinces });

  it("lists ids by province and UTC day, newest day first, exact at the window's edges", async () => {
    const hl1 = at("2024-03-01T10:00:00Z", ["SY-HL"]);
    const hl2 = at("2024-03-02T23:30:00Z", ["SY-HL", "SY-ID"]);
    const di2 = at("2024-03-02T01:00:00+03:00", ["SY-DI"]); // 2024-03-01T22:00Z: a March 1 report in UTC
    const hl3 = at("2024-03-03T06:00:00Z", ["SY-HL"]);
    await store.putMany([hl1, hl2, di2, hl3]);

    expect(await store.idsInWindow("SY-HL", day("2024-03-01"), endOf("2024-03-03"))).toEqual([hl3.id, hl2.id, hl1.id]);
    expect(await store.idsInWindow("SY-ID", day("2024-03-01"), endOf("2024-03-03"))).toEqual([hl2.id]);
    expect(await store.idsInWindow("SY-DI", day("2024-03-01"), endOf("2024-03-01"))).toEqual([di2.id]);
    expect(await store.idsInWindow("*", day("2024-03-02"), endOf("2024-03-03"))).toEqual([hl3.id, hl2.id]);
    // Partial days: 11:00 on March 1 excludes hl1 (10:00); 23:00 on March 2 excludes hl2 (23:30).
    expect(await store.idsInWindow("*", new Date("2024-03-01T11:00:00Z"), new Date("2024-03-02T23:00:00Z"))).toEqual([di2.id]);
    expect(await store.idsInWindow("SY-HL", day("2024-03-04"), endOf("2024-03-09"))).toEqual([]);
    expect(await store.idsInWindow("SY-HL", endOf("2024-03-03"), day("2024-03-01"))).toEqual([]);
  });
});

describe("listing", () => {
  it("lists every report across pages, and not the other records sharing the keyv", async () => {
    const reports = Array.from({ length: 2100 }, (_, i) =>
      makeReport({ paragraphs: [`Listing report ${i}.`], publishedAt: `2024-01-${String((i % 28) + 1).padStart(2, "0")}T00:00:00Z` }),
    );
    await store.putMany(reports);
    await store.kv.set("sub:guild1:1", { channel: "c" });
    await store.kv.set("zzz:cache", "x");
    const seen: string[] = [];
    for await (const r of store.all()) seen.push(r.id);
    expect(seen.sort()).toEqual(reports.map((r) => r.id).sort());
    expect(await store.count()).toBe(2100);
    expect(await store.kv.get("sub:guild1:1")).toEqual({ channel: "c" });
  });

  it("keyv's iterator sees every live key even when keys are deleted while it runs", async () => {
    const keys = Array.from({ length: 2500 }, (_, i) => `cache:${String(i).padStart(5, "0")}`);
    await store.kv.setMany(keys.map((key) => ({ key, value: 1 })));
    const seen: string[] = [];
    for await (const [key] of store.kv.iterator!(undefined)) {
      seen.push(key as string);
      await store.kv.delete(key as string);
    }
    expect(seen).toEqual(keys);
  });

  it("works on any keyv store (here in memory), listing by keyv's iterator", async () => {
    const memory = createReportStore(new Keyv({ namespace: "sitrep" }));
    const a = makeReport();
    const b = makeReport();
    await memory.putMany([a, b]);
    await memory.kv.set("sub:1", 1);
    const seen: string[] = [];
    for await (const r of memory.all()) seen.push(r.id);
    expect(seen.sort()).toEqual([a.id, b.id].sort());
    expect(await memory.count()).toBe(2);
  });

  it("runs SQLite in WAL mode", async () => {
    const backend = store.kv.store as { query(sql: string): Promise<{ journal_mode: string }[]> };
    expect((await backend.query("PRAGMA journal_mode"))[0].journal_mode).toBe("wal");
  });
});

describe("store URL", () => {
  it("names the package a redis:// or postgresql:// store needs", async () => {
    await expect(openReportStore("redis://user:secret@127.0.0.1:6379")).rejects.toThrow(
      new UserError("STORE_URL scheme redis:// needs the @keyv/redis package: npm install @keyv/redis"),
    );
    await expect(openReportStore("postgresql://127.0.0.1/sitrep")).rejects.toThrow(/npm install @keyv\/postgres/);
  });

  it("refuses an unknown scheme without echoing the URL", async () => {
    const error = await openReportStore("mongodb://user:secret@host/db").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/sqlite:\/\/, redis:\/\/ or postgresql:\/\//);
    expect((error as Error).message).not.toContain("secret");
  });
});

describe("throughput", () => {
  it("stores 1,000 reports × 30 paragraphs in one batch (time printed)", async () => {
    const reports = Array.from({ length: 1000 }, (_, i) =>
      makeReport({
        paragraphs: Array.from({ length: 30 }, (_, j) => `Report ${i} paragraph ${j}: clashes reported near Aleppo and Idlib countryside.`),
      }),
    );
    const t0 = performance.now();
    await store.putMany(reports);
    const ms = performance.now() - t0;
    console.log(`store: putMany 1,000 reports × 30 paragraphs in ${ms.toFixed(0)} ms`);
    expect(await store.count()).toBe(1000);
  });
});
