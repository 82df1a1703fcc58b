/**
 * Opens the keyv store of record from `STORE_URL`: SQLite by default, Redis or PostgreSQL when their keyv
 * adapter package is installed (imported only then, so the default setup carries no extra drivers).
 */
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import Keyv from "keyv";
import { UserError } from "../errors.ts";
import { SqliteBackend } from "./sqlite-backend.ts";

/** The one keyv namespace; every record kind has its own key prefix inside it. */
export const NAMESPACE = "sitrep";

const ADAPTERS: Record<string, { pkg: string; options: (url: string) => unknown }> = {
  redis: { pkg: "@keyv/redis", options: (url) => url },
  rediss: { pkg: "@keyv/redis", options: (url) => url },
  postgres: { pkg: "@keyv/postgres", options: (uri) => ({ uri }) },
  postgresql: { pkg: "@keyv/postgres", options: (uri) => ({ uri }) },
};

/**
 * Opens the keyv store named by `storeUrl` (`sqlite://<file>`, `redis://…`, `postgresql://…`). Errors are
 * thrown, not only emitted, so a failed write is never mistaken for a stored one.
 */
export async function openKeyv(storeUrl: string): Promise<Keyv> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(storeUrl)?.[1].toLowerCase();
  const store = scheme === "sqlite" ? await openSqlite(storeUrl.slice("sqlite://".length)) : await openAdapter(scheme);
  // Plain JSON: every value is JSON data (no Buffers, BigInts or Dates), and @keyv/serialize's reviver-based
  // parse costs about three times JSON.parse on a stored report, which every brief and digest reads.
  return new Keyv({ store, namespace: NAMESPACE, throwOnErrors: true, serialize: JSON.stringify, deserialize: JSON.parse });

  async function openAdapter(name: string | undefined): Promise<unknown> {
    const adapter = name === undefined ? undefined : ADAPTERS[name];
    // Never echo the URL itself: it may carry a password.
    if (!adapter) throw new UserError(`STORE_URL must start with sqlite://, redis:// or postgresql:// (got ${name ? `${name}://` : "no scheme"})`);
    try {
      createRequire(import.meta.url).resolve(adapter.pkg);
    } catch {
      throw new UserError(`STORE_URL scheme ${name}:// needs the ${adapter.pkg} package: npm install ${adapter.pkg}`);
    }
    const mod: { default: new (options: unknown) => unknown } = await import(adapter.pkg);
    return new mod.default(adapter.options(storeUrl));
  }
}

async function openSqlite(file: string): Promise<SqliteBackend> {
  if (file === "") throw new UserError("STORE_URL sqlite:// needs a file path, e.g. sqlite://./data/sitrep.sqlite");
  if (file !== ":memory:") await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  return SqliteBackend.open(file);
}
