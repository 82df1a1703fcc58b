/**
 * The benchmark's sections, run in this order. This list is the extension point: a later feature adds its
 * measurement (Discord fan-out, feeds, LLM condensation…) as a `BenchSection` in its own file and appends it
 * here. Sections after `ingest` find the corpus stored and indexed in `env.ctx`.
 *
 * Each section's module is imported when it runs, so the core sections' memory is measured without the
 * Discord client, the fake servers and the feed parser loaded.
 */
import type { BenchSection } from "./section.ts";

function lazy(name: string, load: () => Promise<BenchSection>): BenchSection {
  return { name, run: async (env) => (await load()).run(env) };
}

export const sections: BenchSection[] = [
  lazy("ingest", async () => (await import("./ingest-section.ts")).ingestSection),
  lazy("search", async () => (await import("./search-section.ts")).searchSection),
  lazy("brief", async () => (await import("./brief-section.ts")).briefSection),
  lazy("storage", async () => (await import("./storage-section.ts")).storageSection),
  lazy("discord", async () => (await import("./discord-section.ts")).discordSection),
  lazy("llm", async () => (await import("./llm-section.ts")).llmSection),
  lazy("digest", async () => (await import("./digest-section.ts")).digestSection),
  lazy("feeds", async () => (await import("./feeds-section.ts")).feedsSection),
];

/** The sections of the digest core (issue 2), whose peak memory has the 200 MB target. */
export const CORE_SECTIONS = ["ingest", "search", "brief", "storage"];
