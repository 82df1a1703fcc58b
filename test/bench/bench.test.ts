import { describe, expect, it } from "vitest";
import { runBench } from "../../bench/bench.ts";
import { renderTable } from "../../bench/table.ts";

describe("npm run bench on a small corpus", () => {
  it("measures ingest, search, brief and memory and reports each target as pass or fail", async () => {
    const result = await runBench({ paragraphs: 300, repeat: 2 });
    const byName = new Map(result.metrics.map((m) => [m.name, m]));
    expect(byName.get("ingest: paragraphs")!.value).toBeGreaterThanOrEqual(300);
    for (const name of ["ingest: example-sized reports/s", "search: p95", "search: ours/raw p50", "brief 7d: p95", "memory: peak RSS, digest core", "memory: peak RSS, whole bench (kernel maxrss)"]) {
      expect(byName.get(name)?.value, name).toBeGreaterThan(0);
    }
    for (const m of result.metrics) expect(m.pass, m.name).toEqual(m.target ? expect.any(Boolean) : null);

    const table = renderTable(result.metrics);
    expect(table.split("\n")[0]).toMatch(/^metric\s+value\s+target\s+result/);
    expect(table).toMatch(/brief 7d: p95 .*<= 100 ms {2}(?:pass|FAIL)/);
  });
});
