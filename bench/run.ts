/**
 * `npm run bench`: runs the benchmark, prints the results table on stdout and saves the JSON to
 * bench/results/latest.json. Knobs (environment): BENCH_PARAGRAPHS (corpus size, default 100000),
 * BENCH_SEED, BENCH_REPEAT (repetitions per latency measurement, default 20), BENCH_SECTIONS (comma-separated
 * section names to run, e.g. "ingest,discord"; default all).
 */
import "../bin/heap-policy.js";
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { runBench } from "./bench.ts";
import { sections } from "./sections.ts";
import { renderTable } from "./table.ts";

const RESULTS = fileURLToPath(new URL("./results/latest.json", import.meta.url));

function positiveInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`error: ${name} must be a whole number ≥ 1 (got "${raw}")\n`);
    process.exit(2);
  }
  return n;
}

const only = process.env.BENCH_SECTIONS?.split(",").map((n) => n.trim()).filter(Boolean);
const unknown = only?.filter((n) => !sections.some((s) => s.name === n)) ?? [];
if (unknown.length) {
  process.stderr.write(`error: BENCH_SECTIONS names unknown sections: ${unknown.join(", ")} (known: ${sections.map((s) => s.name).join(", ")})\n`);
  process.exit(2);
}

const result = await runBench({
  sections: only ? sections.filter((s) => only.includes(s.name)) : undefined,
  paragraphs: positiveInt("BENCH_PARAGRAPHS"),
  seed: positiveInt("BENCH_SEED"),
  repeat: positiveInt("BENCH_REPEAT"),
  progress: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${renderTable(result.metrics)}\n`);
await mkdir(fileURLToPath(new URL("./results/", import.meta.url)), { recursive: true });
await writeFile(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
const failed = result.metrics.filter((m) => m.pass === false).map((m) => m.name);
process.stdout.write(
  `\n${failed.length ? `${failed.length} target(s) missed: ${failed.join("; ")}` : "All targets met."} Saved ${RESULTS} (${result.durationSeconds.toFixed(0)} s).\n`,
);
