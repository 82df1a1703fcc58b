/**
 * A small promise wrapper over one `sqlite3` connection for the search index. The connection runs in
 * serialized mode, so `run`, `all` and `exec` execute in the order they were issued (BEGIN … COMMIT stays in
 * order); kept statements (`query`) do not wait their turn in that order, which suits reads.
 */
import sqlite3 from "sqlite3";

export interface Db {
  run(sql: string, params?: unknown[]): Promise<void>;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Like `all`, through a statement prepared on first use and kept: a repeated query skips parsing, planning
   * and the thread-pool round trip of preparing. For the few fixed SQL texts of hot reads.
   */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
  /** Finalizes the kept statements, then closes the connection. */
  close(): Promise<void>;
}

/** Opens (creating when missing) the SQLite file at `file`. */
export async function openDb(file: string): Promise<Db> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(opened)));
  });
  db.serialize();
  const settle =
    <T>(resolve: (value: T) => void, reject: (error: Error) => void) =>
    (error: Error | null, value?: T) =>
      error ? reject(error) : resolve(value as T);
  // SQLite prepares a kept statement again by itself when the schema changed (say, after `rebuild`). One that
  // failed to prepare (its table was missing) is dropped from the map, to be prepared anew next time.
  const statements = new Map<string, Promise<sqlite3.Statement>>();
  const prepared = (sql: string): Promise<sqlite3.Statement> => {
    let statement = statements.get(sql);
    if (!statement) {
      const preparing = new Promise<sqlite3.Statement>((resolve, reject) => {
        const made: sqlite3.Statement = db.prepare(sql, (error) => (error ? reject(error) : resolve(made)));
      });
      preparing.catch(() => statements.get(sql) === preparing && statements.delete(sql));
      statements.set(sql, preparing);
      statement = preparing;
    }
    return statement;
  };
  return {
    run: (sql, params = []) => new Promise((resolve, reject) => db.run(sql, params, settle(resolve, reject))),
    all: <T>(sql: string, params: unknown[] = []) =>
      new Promise<T[]>((resolve, reject) => db.all(sql, params, settle(resolve, reject))),
    query: async <T>(sql: string, params: unknown[] = []) => {
      const statement = await prepared(sql);
      return new Promise<T[]>((resolve, reject) => statement.all(params, settle(resolve, reject)));
    },
    exec: (sql) => new Promise((resolve, reject) => db.exec(sql, settle(resolve, reject))),
    close: async () => {
      const kept = await Promise.allSettled(statements.values());
      statements.clear();
      for (const k of kept) if (k.status === "fulfilled") await new Promise<void>((resolve) => k.value.finalize(() => resolve()));
      await new Promise<void>((resolve, reject) => db.close(settle(resolve, reject)));
    },
  };
}

/** Runs `work` inside BEGIN IMMEDIATE … COMMIT, rolling back when it throws. */
export async function transaction<T>(db: Db, work: () => Promise<T>): Promise<T> {
  await db.exec("BEGIN IMMEDIATE");
  try {
    const result = await work();
    await db.exec("COMMIT");
    return result;
  } catch (error) {
    await db.exec("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
