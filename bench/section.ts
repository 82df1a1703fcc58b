/**
 * What a benchmark section is: a name and a `run` that measures something against the shared context and
 * returns metrics (with optional targets) plus free-form details for the JSON. Sections run in order, so a
 * later one can rely on what an earlier one stored (search and brief need the ingested corpus).
 */
import type { CorpusOptions } from "./corpus.ts";
import type { MemorySampler } from "./memory.ts";
import type { Context } from "../src/context.ts";

export interface Target {
  op: "<=" | ">=";
  value: number;
}

export interface Metric {
  name: string;
  value: number;
  unit: string;
  target?: Target;
  /** Shown after the value in the table ("paragraphs/s ÷ 54"). */
  note?: string;
}

export interface SectionResult {
  metrics: Metric[];
  details?: unknown;
}

export interface BenchEnv {
  ctx: Context;
  /** The corpus the ingest section generates (seed, size, now). */
  corpus: Required<Pick<CorpusOptions, "seed" | "paragraphs" | "now">>;
  /** How many times latency sections repeat each measurement. */
  repeat: number;
  memory: MemorySampler;
  /** Progress lines for the console (stderr). */
  progress(line: string): void;
}

export interface BenchSection {
  name: string;
  run(env: BenchEnv): Promise<SectionResult>;
}

/** True when the metric meets its target (or has none). */
export function meetsTarget(metric: Metric): boolean {
  if (!metric.target || Number.isNaN(metric.value)) return !metric.target;
  return metric.target.op === "<=" ? metric.value <= metric.target.value : metric.value >= metric.target.value;
}
