/**
 * Search latency: a fixed query set (words, phrases, prefixes, place aliases, province and source filters)
 * through `ctx.search.search`, side by side with the equivalent plain MATCH on the raw FTS5 table
 * (`ctx.search.rawSearch`) in the same run, interleaved so both see the same cache state.
 */
import type { SearchQuery } from "../src/types.ts";
import type { BenchSection, Metric } from "./section.ts";
import { latency, timed } from "./stats.ts";

interface BenchQuery {
  label: string;
  query: SearchQuery;
  /** The same request as a plain FTS5 MATCH. */
  raw: string;
  /** The text names a place: ours also matches every other spelling of it, so it finds (and ranks) more rows than raw. */
  place?: boolean;
}

const LIMIT = 10;

/** The fixed query set; every query matches corpus text (the ingest section's corpus). */
export const QUERIES: BenchQuery[] = [
  { label: "word", query: { text: "terrorists" }, raw: "terrorists" },
  { label: "word", query: { text: "shelled" }, raw: "shelled" },
  { label: "word", query: { text: "massacre" }, raw: "massacre" },
  { label: "word", query: { text: "drone" }, raw: "drone" },
  { label: "word", query: { text: "bakery" }, raw: "bakery" },
  { label: "province name", query: { text: "Raqqa" }, raw: "Raqqa", place: true },
  { label: "two words", query: { text: "regime forces" }, raw: "regime forces" },
  { label: "two words", query: { text: "Turkish drone" }, raw: "Turkish drone" },
  { label: "two words", query: { text: "civilians killed" }, raw: "civilians killed" },
  { label: "phrase", query: { text: '"car bomb"' }, raw: '"car bomb"' },
  { label: "phrase", query: { text: '"humanitarian corridor"' }, raw: '"humanitarian corridor"' },
  { label: "phrase", query: { text: '"explosive devices and mines"' }, raw: '"explosive devices and mines"' },
  { label: "prefix", query: { text: "liberat*" }, raw: "liberat*" },
  { label: "prefix", query: { text: "mercenar*" }, raw: "mercenar*" },
  { label: "prefix + word", query: { text: "shell* Idlib" }, raw: "shell* Idlib", place: true },
  { label: "alias", query: { text: "Deir Ezzur" }, raw: "Deir Ezzur", place: true },
  { label: "alias", query: { text: "Dara'a" }, raw: `"Dara'a"`, place: true },
  { label: "alias", query: { text: "Eastern Ghouta" }, raw: "Eastern Ghouta", place: true },
  { label: "alias + word", query: { text: "Hassakeh displaced" }, raw: "Hassakeh displaced", place: true },
  { label: "word + province", query: { text: "shelling", province: "SY-ID" }, raw: "shelling AND province:syid" },
  { label: "word + province", query: { text: "clashes", province: "SY-DY" }, raw: "clashes AND province:sydy" },
  { label: "word + source", query: { text: "terrorists", source: "sana" }, raw: "terrorists AND source:sana" },
  { label: "word + province + source", query: { text: "mercenaries", province: "SY-HA", source: "hawar" }, raw: "mercenaries AND province:syha AND source:hawar" },
];

export const searchSection: BenchSection = {
  name: "search",
  async run(env) {
    const { search } = env.ctx;
    const ours: number[] = [];
    const raw: number[] = [];
    const oursNoPlace: number[] = [];
    const rawNoPlace: number[] = [];
    const perQuery = [];
    for (const q of QUERIES) {
      const query = { ...q.query, limit: LIMIT };
      const first = await search.search(query); // warm-up, and the hit count for the details
      const firstRaw = await search.rawSearch(q.raw, LIMIT);
      const mine: number[] = [];
      const theirs: number[] = [];
      for (let round = 0; round < env.repeat; round++) {
        // Alternate who goes first so neither side always runs on the other's warm cache.
        const runOurs = async () => mine.push((await timed(() => search.search(query))).ms);
        const runRaw = async () => theirs.push((await timed(() => search.rawSearch(q.raw, LIMIT))).ms);
        if (round % 2 === 0) await runOurs().then(runRaw);
        else await runRaw().then(runOurs);
      }
      env.memory.sample();
      ours.push(...mine);
      raw.push(...theirs);
      if (!q.place) {
        oursNoPlace.push(...mine);
        rawNoPlace.push(...theirs);
      }
      const a = latency(mine);
      const b = latency(theirs);
      perQuery.push({
        label: q.label,
        text: q.query.text,
        province: q.query.province,
        source: q.query.source,
        raw: q.raw,
        total: first.total,
        rawRows: firstRaw.length,
        ours: a,
        rawLatency: b,
        ratioP50: a.p50 / b.p50,
      });
    }
    const a = latency(ours);
    const b = latency(raw);
    const c = latency(oursNoPlace);
    const d = latency(rawNoPlace);
    const empty = perQuery.filter((q) => q.total === 0).map((q) => q.text);
    if (empty.length) env.progress(`search: no hits for ${empty.join(", ")} — the query set no longer fits the corpus`);
    const metrics: Metric[] = [
      { name: "search: p50", value: a.p50, unit: "ms", note: `${QUERIES.length} queries × ${env.repeat}` },
      { name: "search: p95", value: a.p95, unit: "ms" },
      { name: "search: raw FTS5 p50", value: b.p50, unit: "ms" },
      { name: "search: raw FTS5 p95", value: b.p95, unit: "ms" },
      { name: "search: ours/raw p50", value: a.p50 / b.p50, unit: "×", target: { op: "<=", value: 1.5 } },
      { name: "search: ours/raw p95", value: a.p95 / b.p95, unit: "×", target: { op: "<=", value: 1.5 } },
      { name: "search: ours/raw p50, no place", value: c.p50 / d.p50, unit: "×", note: "queries without a place name (no alias expansion)" },
      { name: "search: ours/raw p95, no place", value: c.p95 / d.p95, unit: "×" },
    ];
    return { metrics, details: { limit: LIMIT, repeat: env.repeat, ours: a, raw: b, oursNoPlace: c, rawNoPlace: d, queries: perQuery, noHits: empty } };
  },
};
