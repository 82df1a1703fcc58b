/**
 * One context object, built once by `createContext(config)` and handed to commands, jobs, the CLI and tests.
 * No module-level singletons: a test builds a context on a temp directory and closes it.
 */
import { mkdir } from "node:fs/promises";
import { loadLexicon, type Lexicon } from "./analyze/framing.ts";
import { systemClock, type Clock } from "./clock.ts";
import { createLlmCondenser, type LlmCondenser } from "./condense/llm.ts";
import type { Config } from "./config.ts";
import type { DigestPoster } from "./digest/poster.ts";
import { createLogger, type Logger } from "./logger.ts";
import { loadRegionPack, type RegionPack } from "./registry/regions.ts";
import { loadSourceRegistry, type SourceRegistry } from "./registry/sources.ts";
import { openSearchIndex, type SearchIndex } from "./search/search-index.ts";
import { openReportStore, type ReportStore } from "./store/report-store.ts";

export interface Context {
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Provinces, their aliases, and the gazetteer of places (geotagging, autocomplete, search aliases). */
  regions: RegionPack;
  sources: SourceRegistry;
  lexicon: Lexicon;
  store: ReportStore;
  search: SearchIndex;
  /** The LLM condenser when `OPENAI_API_KEY` is set; undefined means extractive only. */
  llm?: LlmCondenser;
  /** Posting to Discord channels (digests), set once the bot is connected; absent in the console and the CLI. */
  discord?: DigestPoster;
  close(): Promise<void>;
}

export interface ContextOverrides {
  clock?: Clock;
  logger?: Logger;
}

/** Wires everything once: registries, store, search index, logger, clock. Close it when done. */
export async function createContext(config: Config, overrides: ContextOverrides = {}): Promise<Context> {
  const logger = overrides.logger ?? createLogger(config.logLevel ?? "info");
  const regions = loadRegionPack();
  await mkdir(config.dataDir, { recursive: true });
  const store = await openReportStore(config.storeUrl);
  let search: SearchIndex;
  try {
    search = await openSearchIndex(config.searchDbPath, placeMatcher(regions));
  } catch (error) {
    await store.close();
    throw error;
  }
  const clock = overrides.clock ?? systemClock;
  const sources = loadSourceRegistry();
  const lexicon = loadLexicon();
  const { apiKey } = config.llm;
  return {
    config,
    logger,
    clock,
    regions,
    sources,
    lexicon,
    store,
    search,
    llm: apiKey ? createLlmCondenser({ ...config.llm, apiKey }, { kv: store.kv, logger, clock, lexicon, regions, sources }) : undefined,
    async close() {
      await Promise.allSettled([search.close(), store.close()]);
    },
  };
}

/** The region pack as the search index sees it: in-region place spans with their gazetteer ids. */
function placeMatcher(regions: RegionPack) {
  return {
    match: (text: string) =>
      regions
        .match(text)
        .matches.flatMap((m) => {
          const entry = m.entries.find((e) => e.code !== null);
          return entry ? [{ start: m.start, end: m.end, id: entry.id, province: entry.kind === "province" }] : [];
        }),
  };
}
