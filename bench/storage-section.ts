/** Storage footprint after ingest: the size on disk of every file in the data directory (store and index). */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { BenchSection } from "./section.ts";

export const storageSection: BenchSection = {
  name: "storage",
  async run(env) {
    const dir = env.ctx.config.dataDir;
    const files: Record<string, number> = {};
    for (const name of await readdir(dir)) files[name] = (await stat(path.join(dir, name))).size;
    const mb = (bytes: number) => bytes / 1024 / 1024;
    const sum = (re: RegExp) => Object.entries(files).reduce((n, [name, size]) => (re.test(name) ? n + size : n), 0);
    return {
      metrics: [
        { name: "storage: store (keyv sqlite)", value: mb(sum(/^sitrep\.sqlite/)), unit: "MB" },
        { name: "storage: search index (FTS5)", value: mb(sum(/^search\.sqlite/)), unit: "MB" },
      ],
      details: { files },
    };
  },
};
