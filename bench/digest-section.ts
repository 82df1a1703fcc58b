/**
 * Digest fan-out: 2,000 subscriptions due in the same minute (in four time zones, five distinct scopes), one
 * scheduler pass (`runDue`) over the stored bench corpus, posting through the real @discordjs/rest client to
 * the local fake Discord, which enforces a global limit of R requests/s with real 429s and X-RateLimit
 * headers. Measures the time until every digest is posted against the floor of 2000/R seconds, the share of
 * requests answered 429, and how many digests were composed (once per distinct scope and window, however
 * many channels share them). A small corpus (the test run of the bench) fans out to 200 subscriptions.
 */
import { REST } from "discord.js";
import { removeSubscription, saveSubscription, subscriptionId, type Subscription } from "../src/digest/subscriptions.ts";
import { restDigestPoster } from "../src/discord/digest-poster.ts";
import { storeLeases } from "../src/schedule/lease.ts";
import { runDue } from "../src/schedule/run-due.ts";
import { parseTimeOfDay } from "../src/schedule/zoned-time.ts";
import { FakeDiscord } from "../test/fakes/fake-discord.ts";
import type { BenchSection, Metric } from "./section.ts";

/** Requests per second the fake allows (Discord allows a bot 50; more keeps the bench short). */
const RATE = 100;
const CHANNELS_PER_GUILD = 100;
const ZONES = ["UTC", "Europe/Berlin", "Asia/Damascus", "America/New_York"];
const SCOPES: Pick<Subscription, "provinces" | "sources">[] = [
  { provinces: ["SY-HL"], sources: ["sana", "sohr"] },
  { provinces: ["SY-HI"], sources: ["sana", "sohr"] },
  { provinces: ["SY-DY"], sources: ["fna", "sohr"] },
  { provinces: ["SY-ID"], sources: ["reuters", "sohr"] },
  { provinces: ["SY-RA"], sources: ["hawar", "isw"] },
];

export const digestSection: BenchSection = {
  name: "digest",
  async run(env) {
    const { ctx } = env;
    const count = env.corpus.paragraphs >= 20_000 ? 2000 : 200;
    const due = new Date(Math.floor(Date.parse(env.corpus.now) / 60_000) * 60_000);
    const fake = new FakeDiscord({ rateLimit: { globalPerSecond: RATE } });
    await fake.start();
    const subs: Subscription[] = [];
    try {
      for (let g = 0; g * CHANNELS_PER_GUILD < count; g++) {
        const { guild, channels } = fake.createGuild(`Bench guild ${g}`, Array.from({ length: Math.min(CHANNELS_PER_GUILD, count - g * CHANNELS_PER_GUILD) }, (_, i) => `digest-${i}`));
        for (const channelId of channels) {
          const n = subs.length;
          const timezone = ZONES[n % ZONES.length];
          subs.push({
            id: subscriptionId(guild, channelId),
            guildId: guild,
            channelId,
            time: parseTimeOfDay(localTime(due, timezone)),
            timezone,
            ...SCOPES[n % SCOPES.length],
            createdBy: "bench",
            createdAt: new Date(due.getTime() - 7 * 86_400_000).toISOString(),
          });
        }
      }
      for (const sub of subs) await saveSubscription(ctx, sub);
      env.progress(`  ${subs.length} subscriptions due at ${due.toISOString()}, fake limit ${RATE} requests/s`);

      const rest = new REST({ api: fake.apiUrl, globalRequestsPerSecond: RATE }).setToken(fake.token);
      const poster = restDigestPoster(rest, { botUserId: fake.ids.bot });
      const before = fake.requests.length;
      const started = performance.now();
      const summary = await runDue(ctx, poster, { now: due, graceMs: 12 * 3_600_000, leaseMs: 10 * 60_000, leases: storeLeases(ctx.store.kv), concurrency: 64 });
      const seconds = (performance.now() - started) / 1000;
      env.memory.sample();

      const requests = fake.requests.slice(before);
      const refused = requests.filter((r) => r.status === 429).length;
      const messages = subs.reduce((n, s) => n + (fake.channelMessages.get(s.channelId)?.length ?? 0), 0);
      const channelsPosted = subs.filter((s) => (fake.channelMessages.get(s.channelId)?.length ?? 0) > 0).length;
      const floor = messages / RATE;
      const metrics: Metric[] = [
        { name: `digest fan-out: ${subs.length} posted in`, value: seconds, unit: "s", target: { op: "<=", value: 1.1 * (subs.length / RATE) }, note: `${messages} messages at ${RATE} req/s: floor ${floor.toFixed(1)} s` },
        { name: "digest fan-out: requests answered 429", value: (100 * refused) / Math.max(1, requests.length), unit: "%", target: { op: "<=", value: 0.99 }, note: `${refused} of ${requests.length}` },
        { name: "digest fan-out: channels without their digest", value: subs.length - channelsPosted, unit: "", target: { op: "<=", value: 0 } },
        { name: "digest fan-out: compositions", value: summary.compositions, unit: "", target: { op: "<=", value: SCOPES.length }, note: `${SCOPES.length} distinct scopes, one window` },
      ];
      return { metrics, details: { subscriptions: subs.length, rate: RATE, seconds, messages, requests: requests.length, refused, summary } };
    } finally {
      for (const sub of subs) await removeSubscription(ctx, sub.id);
      await fake.close();
    }
  },
};

/** "14:00": the wall-clock time of `instant` in `timeZone`. */
function localTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instant);
}
