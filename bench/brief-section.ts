/**
 * Brief latency: `buildBrief` for every province of the region pack over 7 and 30 days, repeated, with
 * the clock fixed at the corpus's "now" so the windows hold the same reports on every run.
 */
import { buildBrief } from "../src/brief/province-brief.ts";
import type { BenchSection, Metric } from "./section.ts";
import { latency, timed } from "./stats.ts";

const WINDOWS = [7, 30];

export const briefSection: BenchSection = {
  name: "brief",
  async run(env) {
    const { ctx } = env;
    const metrics: Metric[] = [];
    const details: Record<string, unknown> = {};
    for (const days of WINDOWS) {
      const samples: number[] = [];
      let items = 0;
      let briefs = 0;
      for (let round = 0; round < env.repeat; round++) {
        for (const province of ctx.regions.provinces) {
          const { value, ms } = await timed(() => buildBrief(ctx, { province: province.code, days }));
          samples.push(ms);
          if (round === 0) {
            briefs++;
            items += value.sources.reduce((n, s) => n + s.items.length, 0);
          }
        }
        env.memory.sample();
      }
      const stats = latency(samples);
      metrics.push(
        { name: `brief ${days}d: p50`, value: stats.p50, unit: "ms", note: `${ctx.regions.provinces.length} provinces × ${env.repeat}, avg ${(items / briefs).toFixed(0)} items` },
        { name: `brief ${days}d: p95`, value: stats.p95, unit: "ms", ...(days === 7 ? { target: { op: "<=" as const, value: 100 } } : {}) },
      );
      details[`${days}d`] = { ...stats, avgItems: items / briefs };
    }
    return { metrics, details };
  },
};
