/**
 * The default keyv backend: @keyv/sqlite, tuned. The stock adapter runs every `set` as its own autocommit
 * INSERT (slow, and a multi-key write can be half-done), has no `setMany`, and pages its iterator with
 * LIMIT/OFFSET (which skips live keys when rows are deleted mid-iteration). This subclass adds WAL, a busy
 * timeout, an atomic one-statement `setMany`, a keyset-paged iterator, and prefix scans/counts.
 */
import { KeyvSqlite } from "@keyv/sqlite";

/** A raw stored row: the prefixed key and keyv's serialised value. */
export type RawEntry = [key: string, value: string];

const PAGE_SIZE = 1000;

export class SqliteBackend extends KeyvSqlite {
  private constructor(file: string) {
    super({ uri: `sqlite://${file}`, busyTimeout: 10_000, iterationLimit: PAGE_SIZE });
  }

  /** Opens (creating when missing) the SQLite file at `file` in WAL mode, ready for keyv. */
  static async open(file: string): Promise<SqliteBackend> {
    const backend = new SqliteBackend(file);
    // WAL lets the bot read while the CLI ingests; NORMAL sync is durable at checkpoints and much faster under WAL.
    await backend.query("PRAGMA journal_mode=WAL");
    await backend.query("PRAGMA synchronous=NORMAL");
    return backend;
  }

  /**
   * Writes all entries in ONE SQL statement, so a batch is stored entirely or not at all, and fast.
   * Keyv calls this (with serialised values) from `keyv.setMany` when the adapter has it.
   */
  async setMany(entries: { key: string; value: string }[]): Promise<boolean[]> {
    if (entries.length === 0) return [];
    const rows = JSON.stringify(entries.map((e) => [e.key, e.value]));
    // `WHERE true` is required: without it SQLite parses ON CONFLICT as part of the SELECT's join.
    await this.query(
      `INSERT INTO ${this.opts.table}(key, value)
       SELECT json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]') FROM json_each(?) AS j WHERE true
       ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      rows,
    );
    return entries.map(() => true);
  }

  /** Keyv's iterator over a namespace, paged by key instead of OFFSET so concurrent deletes cannot skip rows. */
  override async *iterator(namespace?: string): AsyncGenerator<RawEntry, void> {
    yield* this.scanPrefix(namespace ? `${namespace}:` : "");
  }

  /** Every raw row whose (prefixed) key starts with `prefix`, in key order, a page at a time. */
  async *scanPrefix(prefix: string): AsyncGenerator<RawEntry, void> {
    const [low, high] = prefixRange(prefix);
    let after = "";
    for (;;) {
      const rows: { key: string; value: string }[] = await this.query(
        `SELECT key, value FROM ${this.opts.table} WHERE key >= ? AND key < ? AND key > ? ORDER BY key LIMIT ?`,
        low,
        high,
        after,
        PAGE_SIZE,
      );
      for (const row of rows) yield [row.key, row.value];
      if (rows.length < PAGE_SIZE) return;
      after = rows[rows.length - 1].key;
    }
  }

  /** How many (prefixed) keys start with `prefix`; an index range count, not a scan of values. */
  async countPrefix(prefix: string): Promise<number> {
    const [low, high] = prefixRange(prefix);
    const rows: { n: number }[] = await this.query(
      `SELECT count(*) AS n FROM ${this.opts.table} WHERE key >= ? AND key < ?`,
      low,
      high,
    );
    return rows[0].n;
  }
}

/** [low, high) bounds of all strings starting with `prefix` (keys are ASCII-prefixed, compared bytewise). */
function prefixRange(prefix: string): [string, string] {
  if (prefix === "") return ["", "\u{10FFFF}"];
  const last = prefix.charCodeAt(prefix.length - 1);
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(last + 1)];
}
