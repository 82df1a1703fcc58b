/**
 * Leases: "this process works on X until T" records in the store, taken with compare-and-set so that of
 * two schedulers sharing a store exactly one wins. keyv has no compare-and-set, so on the SQLite backend a
 * lease is claimed with one conditional upsert on keyv's own table (`INSERT … ON CONFLICT DO UPDATE … WHERE
 * expired or mine RETURNING`), which SQLite runs atomically across processes. The record is an ordinary
 * keyv value under `lease:…` (readable with `kv.get`), but is only ever written through this module.
 *
 * Leases are about live processes, so they expire in real time (`Date.now()`), not on ctx.clock: a process
 * that dies holding one blocks the work for at most `ttlMs`. Other backends (Redis, PostgreSQL) get an
 * in-process lease, which coordinates one process only; the scheduler logs that at start.
 */
import { randomBytes } from "node:crypto";
import type Keyv from "keyv";
import { NAMESPACE } from "../store/open-keyv.ts";
import { SqliteBackend } from "../store/sqlite-backend.ts";

export interface Leases {
  /** Who this process is in lease records. */
  readonly owner: string;
  /** True when leases are shared by every process on the store (false: this process only). */
  readonly shared: boolean;
  /** Takes `key` for `ttlMs`, or extends it when this owner holds it; false while another owner holds it. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives `key` up if this owner holds it. */
  release(key: string): Promise<void>;
  /** Deletes leases under `prefix` that expired (ticks leave one per minute). */
  sweep(prefix: string): Promise<void>;
}

interface LeaseRecord {
  owner: string;
  /** Epoch ms (real time). */
  until: number;
}

const PREFIX = "lease:";

/** Leases on the store behind `kv`, for one owner (a random id per process unless given). */
export function storeLeases(kv: Keyv, owner = `${process.pid}-${randomBytes(4).toString("hex")}`): Leases {
  return kv.store instanceof SqliteBackend ? sqliteLeases(kv, kv.store, owner) : localLeases(owner);
}

function sqliteLeases(kv: Keyv, backend: SqliteBackend, owner: string): Leases {
  const table = backend.opts.table ?? "keyv";
  const rowKey = (key: string) => `${NAMESPACE}:${PREFIX}${key}`;
  return {
    owner,
    shared: true,
    async claim(key, ttlMs) {
      const now = Date.now();
      const record: LeaseRecord = { owner, until: now + ttlMs };
      // Same serialisation as keyv's own writes, so `kv.get("lease:…")` reads it back.
      const value = await kv.serialize!({ value: record });
      const rows: unknown[] = await backend.query(
        `INSERT INTO ${table}(key, value) VALUES (?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value
         WHERE json_extract(${table}.value, '$.value.until') <= ? OR json_extract(${table}.value, '$.value.owner') = ?
         RETURNING key`,
        rowKey(key),
        value,
        now,
        owner,
      );
      return rows.length === 1;
    },
    async release(key) {
      await backend.query(`DELETE FROM ${table} WHERE key = ? AND json_extract(value, '$.value.owner') = ?`, rowKey(key), owner);
    },
    async sweep(prefix) {
      const low = rowKey(prefix);
      await backend.query(`DELETE FROM ${table} WHERE key >= ? AND key < ? AND json_extract(value, '$.value.until') <= ?`, low, `${low}\u{10FFFF}`, Date.now());
    },
  };
}

/** Leases held in this process's memory: correct for one process, blind to others. */
function localLeases(owner: string): Leases {
  const held = new Map<string, LeaseRecord>();
  return {
    owner,
    shared: false,
    async claim(key, ttlMs) {
      const now = Date.now();
      const current = held.get(key);
      if (current && current.until > now && current.owner !== owner) return false;
      held.set(key, { owner, until: now + ttlMs });
      return true;
    },
    async release(key) {
      if (held.get(key)?.owner === owner) held.delete(key);
    },
    async sweep() {
      const now = Date.now();
      for (const [key, record] of held) if (record.until <= now) held.delete(key);
    },
  };
}
