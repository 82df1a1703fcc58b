/** A real context on a fresh temp directory (real SQLite files), with a clock the test controls. */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fixedClock } from "../../src/clock.ts";
import { testConfig } from "../../src/config.ts";
import { createContext, type Context } from "../../src/context.ts";

export const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");
export const FNA = path.join(FIXTURES, "fna-2016-12-22-syria-24h.txt");

export type TempContext = Awaited<ReturnType<typeof tempContext>>;

export async function tempContext(now = "2026-11-25T12:00:00Z", env: Record<string, string> = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "sitrep-test-"));
  const clock = fixedClock(now);
  const ctx: Context = await createContext(testConfig(dir, env), { clock });
  return {
    ctx,
    clock,
    dir,
    async cleanup() {
      await ctx.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
