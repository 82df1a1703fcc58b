import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../src/search/sqlite-db.ts";

let dir: string;
let db: Db;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "sitrep-sqlite-db-"));
  db = await openDb(path.join(dir, "db.sqlite"));
});

afterEach(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe("kept statements (query)", () => {
  it("answers each call with its own parameters, also when calls overlap", async () => {
    await db.exec("CREATE TABLE t(n INTEGER); INSERT INTO t VALUES (1), (2), (3), (4);");
    const sql = "SELECT n FROM t WHERE n >= ? ORDER BY n";
    const answers = await Promise.all([4, 1, 3, 2].map((min) => db.query<{ n: number }>(sql, [min])));
    expect(answers.map((rows) => rows.map((r) => r.n))).toEqual([[4], [1, 2, 3, 4], [3, 4], [2, 3, 4]]);
  });

  it("prepares a failed statement again, so it works once the table exists", async () => {
    await expect(db.query("SELECT n FROM later")).rejects.toThrow(/no such table/);
    await db.exec("CREATE TABLE later(n INTEGER); INSERT INTO later VALUES (7);");
    expect(await db.query("SELECT n FROM later")).toEqual([{ n: 7 }]);
  });

  it("follows a table dropped and created again", async () => {
    await db.exec("CREATE TABLE t(n INTEGER); INSERT INTO t VALUES (1);");
    expect(await db.query("SELECT * FROM t")).toEqual([{ n: 1 }]);
    await db.exec("DROP TABLE t; CREATE TABLE t(n INTEGER, m TEXT); INSERT INTO t VALUES (2, 'two');");
    expect(await db.query("SELECT * FROM t")).toEqual([{ n: 2, m: "two" }]);
  });

  it("closes with statements kept (they are finalized first)", async () => {
    await db.query("SELECT 1 AS one");
    await db.close();
    db = await openDb(path.join(dir, "db.sqlite")); // afterEach closes this one
  });
});
