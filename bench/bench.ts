/**
 * Runs the benchmark: a fresh context on a temporary data directory with the clock fixed at the corpus's
 * "now", every section in order, then peak memory. The temporary directory is removed afterwards.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fixedClock } from "../src/clock.ts";
import { testConfig } from "../src/config.ts";
import { createContext } from "../src/context.ts";
import { CORPUS_NOW, DEFAULT_PARAGRAPHS, DEFAULT_SEED } from "./corpus.ts";
import { startMemorySampler } from "./memory.ts";
import { meetsTarget, type BenchSection, type Metric } from "./section.ts";
import { CORE_SECTIONS, sections as defaultSections } from "./sections.ts";

export interface BenchOptions {
  paragraphs?: number;
  seed?: number;
  /** Repetitions of each latency measurement (default 20). */
  repeat?: number;
  sections?: BenchSection[];
  progress?: (line: string) => void;
}

export interface BenchResult {
  startedAt: string;
  durationSeconds: number;
  environment: { node: string; platform: string; cpus: number; cpuModel: string };
  corpus: { seed: number; paragraphs: number; now: string };
  metrics: (Metric & { section: string; pass: boolean | null })[];
  sections: Record<string, unknown>;
}

const MB = 1024 * 1024;

/** Runs every section on a fresh temporary data directory and returns the metrics and details. */
export async function runBench(options: BenchOptions = {}): Promise<BenchResult> {
  const startedAt = new Date();
  const memory = startMemorySampler();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "sitrep-bench-"));
  const corpus = { seed: options.seed ?? DEFAULT_SEED, paragraphs: options.paragraphs ?? DEFAULT_PARAGRAPHS, now: CORPUS_NOW };
  const metrics: BenchResult["metrics"] = [];
  const details: Record<string, unknown> = {};
  let startupRss = Number.NaN;
  // The kernel's peak once the last core section has run (they run first): the digest core's own footprint.
  let corePeak = Number.NaN;
  try {
    const ctx = await createContext(testConfig(dataDir), { clock: fixedClock(CORPUS_NOW) });
    startupRss = process.memoryUsage.rss();
    try {
      const env = { ctx, corpus, repeat: options.repeat ?? 20, memory, progress: options.progress ?? (() => undefined) };
      for (const section of options.sections ?? defaultSections) {
        env.progress(`${section.name}…`);
        memory.mark();
        const result = await section.run(env);
        const sectionMetrics: Metric[] = [...result.metrics, { name: `${section.name}: peak RSS`, value: memory.windowPeak() / MB, unit: "MB" }];
        for (const m of sectionMetrics) metrics.push({ ...m, section: section.name, pass: m.target ? meetsTarget(m) : null });
        details[section.name] = result.details;
        if (CORE_SECTIONS.includes(section.name)) corePeak = memory.maxRss();
      }
    } finally {
      await ctx.close();
    }
  } finally {
    memory.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  const memoryMetrics: Metric[] = [
    { name: "memory: RSS with the context open", value: startupRss / MB, unit: "MB", note: "before any section: registries, gazetteer, SQLite" },
    // Only when a core section ran: a bench of, say, the feeds alone says nothing about the digest core.
    ...(Number.isNaN(corePeak)
      ? []
      : [
          {
            name: "memory: peak RSS, digest core",
            value: corePeak / MB,
            unit: "MB",
            target: { op: "<=" as const, value: 200 },
            note: `kernel maxrss after ${CORE_SECTIONS.join(", ")}`,
          },
        ]),
    { name: "memory: peak RSS (sampled)", value: memory.peak() / MB, unit: "MB" },
    { name: "memory: peak RSS, whole bench (kernel maxrss)", value: memory.maxRss() / MB, unit: "MB", note: "with the Discord, LLM, digest and feeds sections" },
  ];
  for (const m of memoryMetrics) metrics.push({ ...m, section: "memory", pass: m.target ? meetsTarget(m) : null });
  const cpus = os.cpus();
  return {
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    environment: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus.length, cpuModel: cpus[0]?.model ?? "unknown" },
    corpus,
    metrics,
    sections: details,
  };
}
