/** The results table printed by `npm run bench`: name, value, target, pass/fail. */
import { meetsTarget, type Metric } from "./section.ts";

/** Renders metrics as a fixed-width text table. */
export function renderTable(metrics: Metric[]): string {
  const rows = metrics.map((m) => [
    m.name,
    `${formatValue(m.value)}${m.unit && m.unit !== "" ? ` ${m.unit}` : ""}`,
    m.target ? `${m.target.op} ${formatValue(m.target.value)}${m.unit ? ` ${m.unit}` : ""}` : "",
    m.target ? (meetsTarget(m) ? "pass" : "FAIL") : "",
    m.note ?? "",
  ]);
  const header = ["metric", "value", "target", "result", "note"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return "n/a";
  if (Number.isInteger(v)) return v.toLocaleString("en-US");
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString("en-US");
  return v.toFixed(Math.abs(v) >= 10 ? 1 : 2);
}
