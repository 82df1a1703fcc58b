/**
 * A small promise wrapper over one `sqlite3` connection for the search index. The connection runs in
 * serialized mode, so statements execute in the order they were issued (BEGIN … COMMIT stays in order).
 */
import sqlite3 from "sqlite3";

export interface Db {
  run(sql: string, params?: unknown[]): Promise<void>;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
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
  return {
    run: (sql, params = []) => new Promise((resolve, reject) => db.run(sql, params, settle(resolve, reject))),
    all: <T>(sql: string, params: unknown[] = []) =>
      new Promise<T[]>((resolve, reject) => db.all(sql, params, settle(resolve, reject))),
    exec: (sql) => new Promise((resolve, reject) => db.exec(sql, settle(resolve, reject))),
    close: () => new Promise((resolve, reject) => db.close(settle(resolve, reject))),
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
