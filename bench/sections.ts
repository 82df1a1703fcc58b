/**
 * The benchmark's sections, run in this order. This list is the extension point: a later feature adds its
 * measurement (Discord fan-out, feeds, LLM condensation…) as a `BenchSection` in its own file and appends it
 * here. Sections after `ingest` find the corpus stored and indexed in `env.ctx`.
 */
import { briefSection } from "./brief-section.ts";
import { digestSection } from "./digest-section.ts";
import { discordSection } from "./discord-section.ts";
import { feedsSection } from "./feeds-section.ts";
import { ingestSection } from "./ingest-section.ts";
import { llmSection } from "./llm-section.ts";
import { searchSection } from "./search-section.ts";
import type { BenchSection } from "./section.ts";
import { storageSection } from "./storage-section.ts";

export const sections: BenchSection[] = [ingestSection, searchSection, briefSection, storageSection, discordSection, llmSection, digestSection, feedsSection];
