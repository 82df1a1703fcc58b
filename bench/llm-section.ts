/**
 * LLM cost and verifier speed, against the local fake OpenAI-compatible server (its usage counts are the
 * token figures; it answers faithfully: attributed first sentences, loaded terms quoted). Measures the
 * model calls and tokens of a day's briefs (cold, then again), of a day's digests to 1 and to 1,000
 * subscriptions (each from a cold cache: a fresh model name is a fresh cache key), what condensing every
 * report at ingest would have cost instead, and the verifier's time per item.
 */
import { buildBrief, labelOf } from "../src/brief/province-brief.ts";
import { fixedClock, DAY_MS } from "../src/clock.ts";
import { createLlmCondenser } from "../src/condense/llm.ts";
import { loadPrompts } from "../src/condense/llm-prompts.ts";
import { condenseRequest, type RequestDeps } from "../src/condense/llm-requests.ts";
import { verifyItem, type DraftItem } from "../src/condense/verify.ts";
import type { Context } from "../src/context.ts";
import type { Province, Report } from "../src/types.ts";
import { faithfulReply, FakeOpenAI } from "../test/fakes/fake-openai.ts";
import type { BenchSection, Metric } from "./section.ts";
import { percentile } from "./stats.ts";

const SUBSCRIPTIONS = 1_000;
const PROVINCES_PER_SUBSCRIPTION = 3;
/** Digests composed at the same time, as a scheduler would at a popular hour. */
const DIGEST_CONCURRENCY = 8;

interface Cost {
  calls: number;
  tokens: number;
  seconds: number;
}

export const llmSection: BenchSection = {
  name: "llm",
  async run(env) {
    const fake = new FakeOpenAI();
    await fake.start();
    try {
      const withModel = (model: string): Context => ({
        ...env.ctx,
        clock: fixedClock(day),
        llm: createLlmCondenser(
          { apiKey: fake.apiKey, baseUrl: fake.baseUrl, model, dailyTokenBudget: 1e12, maxConcurrency: 4, timeoutMs: 60_000, userCooldownS: 0 },
          { kv: env.ctx.store.kv, logger: env.ctx.logger, clock: env.ctx.clock, lexicon: env.ctx.lexicon, regions: env.ctx.regions, sources: env.ctx.sources },
        ),
      });
      const provinces = env.ctx.regions.provinces;
      // "A day" is the UTC day of the newest report, so even a small corpus has one.
      const day = await newestDay(env.ctx);
      const cost = async (work: () => Promise<unknown>): Promise<Cost> => {
        const calls = fake.requests.length;
        const tokens = fake.usage.total_tokens;
        const start = performance.now();
        await work();
        env.memory.sample();
        return { calls: fake.requests.length - calls, tokens: fake.usage.total_tokens - tokens, seconds: (performance.now() - start) / 1000 };
      };

      env.progress("llm: a day's briefs");
      const briefCtx = withModel("bench-briefs");
      const allBriefs = () => Promise.all(provinces.map((p) => buildBrief(briefCtx, { province: p.code, days: 1 })));
      const briefs = await cost(allBriefs);
      const briefsAgain = await cost(allBriefs);
      const items = (await allBriefs()).flatMap((b) => b.sources.flatMap((s) => s.items));
      const byModel = items.filter((i) => i.method === "llm").length;

      env.progress("llm: a day's digests to 1 and to 1,000 subscriptions");
      const one = await cost(() => digests(withModel("bench-digest-1"), [provinces]));
      const many = await cost(() => digests(withModel("bench-digest-1000"), subscriptions(provinces)));

      env.progress("llm: what condensing at ingest would cost; verifier timing");
      const atIngest = await ingestAlternative(env.ctx);
      const verifier = await verifierTimes({ ...env.ctx, clock: fixedClock(day) });

      const metrics: Metric[] = [
        { name: "llm: calls at ingest", value: 0, unit: "calls", note: `condensed lazily at brief time; at ingest it would be ${atIngest.calls} calls, ~${Math.round(atIngest.tokens / 1000)}k tokens` },
        { name: "llm: a day's briefs, cold: model calls", value: briefs.calls, unit: "calls", note: `${provinces.length} provinces, ${day.toISOString().slice(0, 10)}; ${byModel} of ${items.length} items by the model` },
        { name: "llm: a day's briefs, cold: tokens", value: briefs.tokens, unit: "tokens", note: `${briefs.seconds.toFixed(1)} s against the local fake` },
        { name: "llm: the same briefs again: model calls", value: briefsAgain.calls, unit: "calls", target: { op: "<=", value: 0 } },
        { name: "llm: a day's digests, 1 subscription: calls", value: one.calls, unit: "calls", note: `${one.tokens} tokens, all ${provinces.length} provinces` },
        {
          name: "llm: a day's digests, 1,000 subscriptions: calls",
          value: many.calls,
          unit: "calls",
          target: { op: "<=", value: one.calls },
          note: `${many.tokens} tokens; ${PROVINCES_PER_SUBSCRIPTION} provinces each, ${DIGEST_CONCURRENCY} at a time, ${many.seconds.toFixed(1)} s`,
        },
        { name: "llm: verifier per item: p95", value: verifier.p95, unit: "ms", target: { op: "<=", value: 1 }, note: `${verifier.n} items, passage facts included` },
        { name: "llm: faithful items kept", value: verifier.keptFaithful * 100, unit: "%", note: "the fake's attributed first sentences" },
        { name: "llm: altered items dropped", value: verifier.droppedAltered * 100, unit: "%", note: "the same with a number changed", target: { op: ">=", value: 100 } },
      ];
      return { metrics, details: { briefs, briefsAgain, digests: { one, thousand: many }, atIngest, verifier, items: { total: items.length, byModel } } };
    } finally {
      await fake.close();
    }
  },
};

/** The end of the UTC day of the newest stored report (within the last year). */
async function newestDay(ctx: Context): Promise<Date> {
  const to = ctx.clock.now();
  const [newest] = await ctx.store.getMany((await ctx.store.idsInWindow("*", new Date(to.getTime() - 365 * DAY_MS), to)).slice(0, 1));
  const at = newest ? new Date(newest.publishedAt) : to;
  return new Date(Math.min(to.getTime(), Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()) + DAY_MS - 1));
}

/** 1,000 subscriptions of a few provinces each, together covering every province (deterministic). */
function subscriptions(provinces: Province[]): Province[][] {
  return Array.from({ length: SUBSCRIPTIONS }, (_, i) =>
    [...new Set(Array.from({ length: PROVINCES_PER_SUBSCRIPTION }, (_, k) => provinces[(i * (k * 2 + 1) + k * 5) % provinces.length]))],
  );
}

/** Each subscription's digest: the 1-day brief of each of its provinces, a few subscriptions at a time. */
async function digests(ctx: Context, subs: Province[][]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < subs.length) {
      const sub = subs[next++];
      for (const p of sub) await buildBrief(ctx, { province: p.code, days: 1, overview: true });
    }
  };
  await Promise.all(Array.from({ length: DIGEST_CONCURRENCY }, worker));
}

function requestDeps(ctx: Context): RequestDeps {
  return { model: "bench", tools: { lexicon: ctx.lexicon, regions: ctx.regions }, sources: ctx.sources };
}

/** One condensation request per stored (report, province): what condensing every report at ingest would ask. */
async function ingestAlternative(ctx: Context): Promise<{ calls: number; tokens: number }> {
  const prompt = loadPrompts().condense;
  const deps = requestDeps(ctx);
  let calls = 0;
  let tokens = 0;
  for await (const report of ctx.store.all()) {
    for (const code of report.provinces) {
      const province = ctx.regions.province(code);
      const request = province && condenseRequest({ report, province, source: labelOf(ctx, report) }, prompt, deps);
      if (!request) continue;
      calls++;
      tokens += Math.ceil(request.messages.reduce((n, m) => n + m.content.length, 0) / 4) + 150;
    }
  }
  return { calls, tokens };
}

/**
 * Times `verifyItem` on the last 30 days' reports (at most 400): the fake's faithful answer for each (report, province),
 * and the same items with a number changed. Fresh passages per report, so their facts are computed in the
 * timed calls as they are in a brief.
 */
async function verifierTimes(ctx: Context): Promise<{ n: number; p95: number; p50: number; keptFaithful: number; droppedAltered: number }> {
  const to = ctx.clock.now();
  const from = new Date(to.getTime() - 30 * DAY_MS);
  const reports = (await ctx.store.getMany(await ctx.store.idsInWindow("*", from, to))).filter((r): r is Report => r !== undefined).slice(0, 400);
  const prompt = loadPrompts().condense;
  const deps = requestDeps(ctx);
  const times: number[] = [];
  let faithful = 0;
  let kept = 0;
  let altered = 0;
  let dropped = 0;
  for (const report of reports) {
    for (const code of report.provinces) {
      const province = ctx.regions.province(code);
      const request = province && condenseRequest({ report, province, source: labelOf(ctx, report) }, prompt, deps);
      if (!request) continue;
      const reply = faithfulReply({ model: "bench", system: "", user: request.messages[1].content, data: JSON.parse(request.messages[1].content), responseFormat: undefined });
      const drafts = "json" in reply ? (reply.json as { items: DraftItem[] }).items : [];
      for (const draft of drafts) {
        const start = performance.now();
        const ok = verifyItem(draft, request.passages, request.rules, deps.tools).ok;
        times.push(performance.now() - start);
        faithful++;
        if (ok) kept++;
        const changed = draft.text.replace(/(?<![\p{L}\d-])\d+(?![\d,])/u, (n) => `${n}7`);
        if (changed === draft.text) continue;
        const t0 = performance.now();
        const altOk = verifyItem({ ...draft, text: changed }, request.passages, request.rules, deps.tools).ok;
        times.push(performance.now() - t0);
        altered++;
        if (!altOk) dropped++;
      }
    }
  }
  return { n: times.length, p95: percentile(times, 95), p50: percentile(times, 50), keptFaithful: kept / Math.max(1, faithful), droppedAltered: dropped / Math.max(1, altered) };
}
