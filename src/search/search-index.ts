/**
 * The full-text index: a SQLite FTS5 table over the non-boilerplate, non-header paragraphs of every stored
 * report, in its own file. It is derived data — `rebuild` recreates it from the store (`sitrep reindex`).
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../errors.ts";
import { serialQueue } from "../store/serial-queue.ts";
import { MATCH_CLOSE, MATCH_OPEN, type Report, type SearchHit, type SearchQuery, type SearchResult } from "../types.ts";
import { parseQuery, quote, type PlaceMatcher, type SnippetMarks } from "./query.ts";
import { markedSnippet } from "./snippet.ts";
import { openDb, transaction, type Db } from "./sqlite-db.ts";
import { idToken, joinedVariants, sourceToken } from "./tokens.ts";

export type { PlaceMatcher };

export interface SearchIndex {
  /** Adds/replaces the given reports' paragraphs (one transaction). */
  index(reports: Report[]): Promise<void>;
  remove(reportIds: string[]): Promise<void>;
  /** Ranked (bm25) hits with snippets; matches marked with MATCH_OPEN/MATCH_CLOSE from src/types.ts; total = all matching paragraphs with the filters. Throws UserError for an empty query. */
  search(q: SearchQuery): Promise<SearchResult>;
  /** The same query straight on the FTS5 table, without our parsing/alias/snippet work — for the benchmark's side-by-side. */
  rawSearch(match: string, limit: number): Promise<unknown[]>;
  rebuild(reports: AsyncIterable<Report>): Promise<number>;
  close(): Promise<void>;
}

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
/** Reports per transaction during a rebuild: big enough to be fast, small enough to keep each batch's JSON small. */
const REBUILD_CHUNK = 500;

// Apostrophe-like modifier letters (ʿ ʾ ʼ) count as letters in unicode61; making them separators treats
// "Darʿa" like "Dar'a" and "Dar’a". A 2-letter prefix index keeps `al*`-style queries fast on large tables
// (without it they take 1.3–2.5× as long); a 3-letter one would add about 30% to the indexing time for about a
// tenth off `reg*`-style queries, which gather far fewer terms anyway.
const SCHEMA = `
CREATE VIRTUAL TABLE IF NOT EXISTS paragraphs USING fts5(
  text, places, variants, province, source,
  report UNINDEXED, para UNINDEXED, published UNINDEXED, title UNINDEXED, source_id UNINDEXED,
  codes UNINDEXED, mentions UNINDEXED,
  tokenize = "unicode61 remove_diacritics 2 separators 'ʿʾʼ'",
  prefix = '2'
);
CREATE TABLE IF NOT EXISTS indexed_reports (id TEXT PRIMARY KEY, first_row INTEGER, last_row INTEGER) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS indexed_reports_last_row ON indexed_reports(last_row);
`;
// Ranking counts words in the text and the place/variant columns; filter columns weigh nothing.
const WEIGHTS = "1.0, 1.0, 1.0, 0.0, 0.0";
const RANK = `INSERT INTO paragraphs(paragraphs, rank) VALUES('rank', 'bm25(${WEIGHTS})')`;
/**
 * The `rank` value as an expression. Sorting on it with SQLite's own ORDER BY … LIMIT keeps only the best
 * LIMIT+OFFSET rows while scanning (and computes a row's snippet only when it enters them), where FTS5's
 * `ORDER BY rank` sorts every match, position lists included. FTS5 orders equal ranks by rowid, hence the
 * tie-break: the hits and their order are the same.
 */
const SCORE = `bm25(paragraphs, ${WEIGHTS})`;
const COLUMNS = "text, places, variants, province, source, report, para, published, title, source_id, codes, mentions";

/** Opens (creating when missing) the search index file at `file`; `places` enables place aliases in queries. */
export async function openSearchIndex(file: string, places?: PlaceMatcher): Promise<SearchIndex> {
  if (file !== ":memory:") await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const db = await openDb(file);
  let readers: Readers;
  try {
    await db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;");
    await createSchema(db);
    readers = await openReaders(db, file);
  } catch (error) {
    await db.close();
    throw error;
  }
  const writes = serialQueue();

  return {
    index: (reports) => writes(() => transaction(db, () => replace(db, reports))),
    remove: (ids) => writes(() => transaction(db, () => removeRows(db, ids))),
    search: (q) => search(readers, q, places),
    // On the connection our pages are ranked on, so both sides run with the same cache.
    rawSearch: (match, limit) =>
      readers.pages.all(`SELECT report, para, text FROM paragraphs WHERE paragraphs MATCH ? ORDER BY rank LIMIT ?`, [match, limit]),
    rebuild: (reports) => writes(() => rebuild(db, reports)),
    close: () => writes(() => closeAll([readers.pages, readers.counts, db])),
  };
}

/**
 * Searches read through connections of their own (WAL lets them read while a write is under way): they
 * neither wait for a batch being indexed nor see it half written, and a page and its count run side by side,
 * one on each. An in-memory database exists once per connection, so there the writer reads too.
 */
interface Readers {
  pages: Db;
  counts: Db;
}

async function openReaders(writer: Db, file: string): Promise<Readers> {
  if (file === ":memory:") return { pages: writer, counts: writer };
  const pages = await openReader(file);
  try {
    return { pages, counts: await openReader(file) };
  } catch (error) {
    await pages.close();
    throw error;
  }
}

async function openReader(file: string): Promise<Db> {
  const reader = await openDb(file);
  await reader.exec("PRAGMA busy_timeout=10000; PRAGMA query_only=1;");
  return reader;
}

/** Closes each distinct connection once, one after the other. */
async function closeAll(connections: Db[]): Promise<void> {
  for (const connection of new Set(connections)) await connection.close();
}

async function createSchema(db: Db): Promise<void> {
  await db.exec(SCHEMA);
  await db.run(RANK);
}

/** Deletes the rows of the given reports, then inserts the paragraphs of all of them (one statement each). */
async function replace(db: Db, reports: Report[]): Promise<void> {
  const latest = new Map(reports.map((r) => [r.id, r]));
  await removeRows(db, [...latest.keys()]);
  const [{ last }] = await db.all<{ last: number | null }>(`SELECT max(last_row) AS last FROM indexed_reports`);
  const base = (last ?? 0) + 1;
  const rows: unknown[][] = [];
  const ranges: [string, number | null, number | null][] = [];
  for (const report of latest.values()) {
    const first = base + rows.length;
    rows.push(...rowsOf(report));
    ranges.push(base + rows.length > first ? [report.id, first, base + rows.length - 1] : [report.id, null, null]);
  }
  if (rows.length > 0) {
    const fields = COLUMNS.split(", ").map((_, i) => `json_extract(value, '$[${i}]')`);
    await db.run(`INSERT INTO paragraphs(rowid, ${COLUMNS}) SELECT key + ?, ${fields.join(", ")} FROM json_each(?)`, [
      base,
      JSON.stringify(rows),
    ]);
  }
  await db.run(
    `INSERT INTO indexed_reports(id, first_row, last_row)
     SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?)`,
    [JSON.stringify(ranges)],
  );
}

/** One row per searchable paragraph, in COLUMNS order. */
function rowsOf(report: Report): unknown[][] {
  const published = Date.parse(report.publishedAt);
  return report.paragraphs
    .filter((p) => !p.boilerplate && !p.header && p.text.trim() !== "")
    .map((p) => {
      const provinces = p.provinces.map(idToken);
      const placeIds = p.places.flatMap((m) => (m.id ? [m.id] : []));
      return [
        p.text,
        // The places the paragraph names; the provinces it is about, named or not, are the `province` column.
        [...new Set(placeIds)].join(" "),
        joinedVariants(p.text).join(" "),
        provinces.join(" "),
        sourceToken(report.sourceId),
        report.id,
        p.index,
        published,
        report.title,
        report.sourceId,
        p.provinces.join(" "),
        JSON.stringify(p.places.flatMap((m) => (m.id ? [[m.id, m.start, m.end]] : []))),
      ];
    });
}

async function removeRows(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const list = JSON.stringify(ids);
  const ranges = await db.all<{ first_row: number | null; last_row: number | null }>(
    `SELECT first_row, last_row FROM indexed_reports WHERE id IN (SELECT value FROM json_each(?))`,
    [list],
  );
  for (const { first_row, last_row } of ranges) {
    if (first_row !== null) await db.run(`DELETE FROM paragraphs WHERE rowid BETWEEN ? AND ?`, [first_row, last_row]);
  }
  await db.run(`DELETE FROM indexed_reports WHERE id IN (SELECT value FROM json_each(?))`, [list]);
}

async function rebuild(db: Db, reports: AsyncIterable<Report>): Promise<number> {
  await db.exec("DROP TABLE IF EXISTS paragraphs; DROP TABLE IF EXISTS indexed_reports;");
  await createSchema(db);
  let count = 0;
  let chunk: Report[] = [];
  const flush = async () => {
    await transaction(db, () => replace(db, chunk));
    count += chunk.length;
    chunk = [];
  };
  for await (const report of reports) {
    chunk.push(report);
    if (chunk.length >= REBUILD_CHUNK) await flush();
  }
  if (chunk.length > 0) await flush();
  // Merges the index b-trees written chunk by chunk, which makes queries on a fresh index faster.
  await db.run(`INSERT INTO paragraphs(paragraphs) VALUES('optimize')`);
  return count;
}

interface HitRow {
  report: string;
  para: number;
  source_id: string | null;
  title: string;
  published: number;
  codes: string;
  text: string;
  mentions: string;
  snippet: string;
  score: number;
}

async function search(readers: Readers, q: SearchQuery, places: PlaceMatcher | undefined): Promise<SearchResult> {
  const parsed = parseQuery(q.text, places);
  // A filter that is no token (say "--") is an empty phrase, which matches nothing.
  const filters = [
    ...(q.province ? [`province : ${quote(idToken(q.province))}`] : []),
    ...(q.source ? [`source : ${quote(idToken(q.source))}`] : []),
  ];
  const withFilters = (match: string) => [match, ...filters].join(" AND ");
  const where = ["paragraphs MATCH ?"];
  const bounds: unknown[] = [];
  if (q.from) {
    where.push("published >= ?");
    bounds.push(instant(q.from, "from"));
  }
  if (q.to) {
    where.push("published <= ?");
    bounds.push(instant(q.to, "to"));
  }
  const limit = clamp(q.limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
  const offset = clamp(q.offset, 0, 0, Number.MAX_SAFE_INTEGER);
  const filter = where.join(" AND ");
  const page = (match: string, pageLimit: number, pageOffset: number) =>
    readers.pages.query<HitRow>(
      `SELECT report, para, source_id, title, published, codes, text, mentions, ${SCORE} AS score,
              snippet(paragraphs, 0, ?, ?, '…', 32) AS snippet
       FROM paragraphs WHERE ${filter} ORDER BY score, rowid LIMIT ? OFFSET ?`,
      [MATCH_OPEN, MATCH_CLOSE, match, ...bounds, pageLimit, pageOffset],
    );
  const count = async (match: string) =>
    (await readers.counts.query<{ total: number }>(`SELECT count(*) AS total FROM paragraphs WHERE ${filter}`, [match, ...bounds]))[0].total;

  // The count runs alongside the page, on the other connection. Counting is cheaper than ranking (no
  // scores, no sort), so it adds little beyond the page's own time.
  const all = withFilters(parsed.match);
  // A province asked for: the paragraphs that name it come first, ranked, then those about it by context
  // (under its section header, in its running story), ranked after them. Ranking only the first is also
  // what keeps such a search fast: a province's name is in about one in eight of its paragraphs.
  const first = parsed.naming === undefined ? all : withFilters(parsed.naming);
  let [rows, total] = await Promise.all([page(first, limit, offset), count(all)]);
  if (first !== all && rows.length < limit && total > 0) {
    const firstTotal = rows.length > 0 ? offset + rows.length : await count(first);
    rows = [...rows, ...(await page(`(${all}) NOT (${first})`, limit - rows.length, Math.max(0, offset - firstTotal)))];
  }
  const hits = rows.map(
    (row): SearchHit => ({
      report: row.report,
      paragraph: row.para,
      source: row.source_id,
      title: row.title,
      publishedAt: new Date(row.published).toISOString(),
      provinces: row.codes === "" ? [] : row.codes.split(" "),
      snippet: snippetOf(row, parsed.marks),
      score: -row.score,
    }),
  );
  return { total, hits };
}

/** FTS5's snippet, unless it misses what matched through a place alias or a joiner-free spelling. */
function snippetOf(row: HitRow, marks: SnippetMarks): string {
  const marked = row.snippet.includes(MATCH_OPEN);
  if (marked && marks.placeIds.length === 0) return row.snippet;
  const mentions: [string, number, number][] = JSON.parse(row.mentions);
  const byAlias = mentions.some(([id]) => marks.placeIds.includes(id));
  if (marked && !byAlias) return row.snippet;
  return markedSnippet(row.text, mentions, marks) ?? row.snippet;
}

/** An integer paging parameter within [min, max], `fallback` when missing or not a number. */
function clamp(value: number | undefined, fallback: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(Math.trunc(value!), min), max) : fallback;
}

/** Epoch ms of an ISO bound; a UserError names the bad bound. */
function instant(iso: string, name: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new UserError(`The "${name}" date is not a valid date: ${iso}`);
  return t;
}
