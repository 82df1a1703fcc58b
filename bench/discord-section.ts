/**
 * Discord fan-out: the real bot (discord.js client, router, renderer, the real /brief) against the local
 * fake Discord, answering 50 concurrent `/brief days:7` interactions for different provinces over the
 * stored bench corpus. Per interaction it measures when Discord got the acknowledgement (the callback) and
 * when the whole answer had arrived (the callback with content, or the last edit/follow-up of a deferred
 * or split answer). The fake and the bot share this process, so the times include the fake's own work.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { MessageFlags } from "discord-api-types/v10";
import { commands } from "../commands/index.ts";
import { startBot } from "../src/discord/bot.ts";
import { deployCommands } from "../src/discord/deploy.ts";
import { renderReply } from "../src/discord/render.ts";
import type { Context } from "../src/context.ts";
import { FakeDiscord, type Exchange } from "../test/fakes/fake-discord.ts";
import type { BenchSection, Metric } from "./section.ts";
import { latency } from "./stats.ts";

const CONCURRENT = 50;
const MAX_ROUNDS = 5;
const DAYS = 7;
/**
 * Idle time before each round, so each one is "50 concurrent" rather than a sustained 50 every few hundred
 * ms: discord.js keeps a client-side global limit of 50 requests/s that it also applies to interaction
 * edits and follow-ups (Discord exempts interaction endpoints), which would carry one round's follow-ups into the next.
 */
const IDLE_BETWEEN_ROUNDS_MS = 1100;

interface Round {
  ack: number[];
  full: number[];
  deferred: number;
  followups: number;
  /** Brief items (bullets) the users were shown, over all answers. */
  items: number;
  failures: string[];
}

export const discordSection: BenchSection = {
  name: "discord",
  async run(env) {
    const { ctx } = env;
    const fake = new FakeDiscord();
    await fake.start();
    try {
      await deployCommands(commands, { token: fake.token, appId: fake.ids.app, apiUrl: fake.apiUrl });
      const bot = await startBot(ctx, commands, { token: fake.token, apiUrl: fake.apiUrl });
      try {
        const provinces = await expectedMessages(ctx, fake);
        const fire = () => fireRound(fake, provinces);
        // The first round warms the client, the REST queues and SQLite's cache; it is reported apart.
        const warmup = await fire();
        const rounds: Round[] = [];
        for (let i = 0; i < Math.min(env.repeat, MAX_ROUNDS); i++) {
          await sleep(IDLE_BETWEEN_ROUNDS_MS);
          rounds.push(await fire());
          env.memory.sample();
        }
        const ack = latency(rounds.flatMap((r) => r.ack));
        const full = latency(rounds.flatMap((r) => r.full));
        const failures = rounds.flatMap((r) => r.failures);
        const deferred = rounds.reduce((n, r) => n + r.deferred, 0);
        const items = rounds.reduce((n, r) => n + r.items, 0);
        const note = `${CONCURRENT} concurrent × ${rounds.length} rounds, ${provinces.length} provinces, avg ${(items / Math.max(1, ack.n)).toFixed(0)} items`;
        const metrics: Metric[] = [
          { name: "discord /brief: ack p50", value: ack.p50, unit: "ms", note },
          { name: "discord /brief: ack p99", value: ack.p99, unit: "ms", target: { op: "<=", value: 300 } },
          { name: "discord /brief: full answer p50", value: full.p50, unit: "ms", note: `${deferred} of ${ack.n} deferred` },
          { name: "discord /brief: full answer p95", value: full.p95, unit: "ms", target: { op: "<=", value: 500 } },
          { name: "discord /brief: failed interactions", value: failures.length, unit: "", target: { op: "<=", value: 0 } },
        ];
        const summary = (r: Round) => ({ ack: latency(r.ack), full: latency(r.full), deferred: r.deferred, followups: r.followups, items: r.items, failures: r.failures });
        return {
          metrics,
          details: { concurrent: CONCURRENT, days: DAYS, ack, full, deferred, failures: failures.slice(0, 10), warmup: summary(warmup), rounds: rounds.map(summary) },
        };
      } finally {
        await bot.stop();
      }
    } finally {
      await fake.close();
    }
  },
};

/**
 * Each province with the number of messages its brief renders to (a long brief is a reply and follow-ups),
 * so an exchange counts as answered only once all of them arrived, however long the follow-ups queue.
 */
async function expectedMessages(ctx: Context, fake: FakeDiscord): Promise<{ code: string; messages: number }[]> {
  const brief = commands.find((c) => c.data.name === "brief")!;
  const inv = { userId: fake.ids.user, guildId: fake.ids.guild, channelId: fake.ids.channel, memberPermissions: null, transport: "discord" as const };
  const out = [];
  for (const { code } of ctx.regions.provinces) out.push({ code, messages: renderReply(await brief.run(ctx, { province: code, days: DAYS }, inv)).length });
  return out;
}

/** Fires `CONCURRENT` /brief interactions at once (provinces in turn) and waits for every answer, follow-ups included. */
async function fireRound(fake: FakeDiscord, provinces: { code: string; messages: number }[]): Promise<Round> {
  const round: Round = { ack: [], full: [], deferred: 0, followups: 0, items: 0, failures: [] };
  const settled = await Promise.allSettled(
    Array.from({ length: CONCURRENT }, (_, i) => {
      const { code, messages } = provinces[i % provinces.length];
      return fake.slash("brief", { province: code, days: DAYS }, {}, { timeoutMs: 15_000, until: (ex) => ex.messages.length >= messages });
    }),
  );
  for (const outcome of settled) {
    if (outcome.status === "rejected") {
      round.failures.push(String(outcome.reason));
      continue;
    }
    const problem = problemWith(outcome.value);
    if (problem) {
      round.failures.push(problem);
      continue;
    }
    const { dispatchedAt, acknowledgedAt, answeredAt } = outcome.value.timings;
    round.ack.push(acknowledgedAt! - dispatchedAt);
    round.full.push(answeredAt! - dispatchedAt);
    if (outcome.value.edits.length > 0) round.deferred++;
    round.followups += outcome.value.followups.length;
    round.items += outcome.value.messages.flatMap((m) => m.embeds).reduce((n, e) => n + (e.description?.match(/^• /gm)?.length ?? 0), 0);
  }
  return round;
}

/** Why an exchange is not a delivered brief (errors reach the user as an ephemeral notice), or undefined. */
function problemWith(ex: Exchange): string | undefined {
  const [first] = ex.messages;
  if (!first || ex.timings.acknowledgedAt === undefined || ex.timings.answeredAt === undefined) return "no answer";
  if (((first.flags ?? 0) & MessageFlags.Ephemeral) !== 0) return `answered with a notice: ${first.content}`;
  return undefined;
}
