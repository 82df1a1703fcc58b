/** Shared setup for the digest tests: a real context with reports, the fake Discord, subscriptions, passes. */
import type { APIMessage } from "discord-api-types/v10";
import type { Context } from "../../src/context.ts";
import type { DigestPoster } from "../../src/digest/poster.ts";
import { saveSubscription, subscriptionId, type Subscription } from "../../src/digest/subscriptions.ts";
import { restDigestPoster } from "../../src/discord/digest-poster.ts";
import { ingest } from "../../src/pipeline/ingest.ts";
import { storeLeases, type Leases } from "../../src/schedule/lease.ts";
import { runDue, type RunSummary } from "../../src/schedule/run-due.ts";
import { parseTimeOfDay } from "../../src/schedule/zoned-time.ts";
import { REST } from "discord.js";
import { FakeDiscord } from "../fakes/fake-discord.ts";
import { FNA } from "../helpers/context.ts";
import { sampleFile } from "../commands/sample-files.ts";

/** FNA (Aleppo, Homs, Deir ez-Zor… — government side) and SANA (Latakia, Homs…) published at these times. */
export async function ingestReports(ctx: Context, fnaAt: string, sanaAt: string): Promise<void> {
  await ingest(ctx, { kind: "file", path: FNA }, { published: fnaAt });
  await ingest(ctx, { kind: "file", path: sampleFile("sana") }, { published: sanaAt });
}

/** A REST client on the fake, as `sitrep digest run-due` builds it; short timeouts keep failure tests fast. */
export function restFor(fake: FakeDiscord, options: { timeout?: number; retries?: number } = {}): REST {
  return new REST({ api: fake.apiUrl, timeout: options.timeout ?? 5000, retries: options.retries ?? 3 }).setToken(fake.token);
}

export function posterFor(fake: FakeDiscord, options: { timeout?: number; retries?: number } = {}) {
  return restDigestPoster(restFor(fake, options));
}

export interface SubInput {
  guildId: string;
  channelId: string;
  time: string;
  timezone: string;
  provinces?: string[] | null;
  sources?: string[] | null;
  createdAt: string;
  noticeChannelId?: string;
  channelName?: string;
}

/** Stores a subscription as `/digest subscribe` would after its checks. */
export async function subscribe(ctx: Context, input: SubInput): Promise<Subscription> {
  const sub: Subscription = {
    id: subscriptionId(input.guildId, input.channelId),
    guildId: input.guildId,
    channelId: input.channelId,
    channelName: input.channelName,
    time: parseTimeOfDay(input.time),
    timezone: input.timezone,
    provinces: input.provinces ?? null,
    sources: input.sources ?? null,
    createdBy: "tester",
    createdAt: input.createdAt,
    ...(input.noticeChannelId ? { noticeChannelId: input.noticeChannelId } : {}),
  };
  await saveSubscription(ctx, sub);
  return sub;
}

/** One pass at `iso` with the given poster (as `digest run-due --at iso` does). */
export function passAt(ctx: Context, poster: DigestPoster, iso: string, extra: { graceHours?: number; leases?: Leases; leaseMs?: number; nonceTrustMs?: number } = {}): Promise<RunSummary> {
  return runDue(ctx, poster, {
    now: new Date(iso),
    graceMs: (extra.graceHours ?? 12) * 3_600_000,
    leaseMs: extra.leaseMs ?? 60_000,
    leases: extra.leases ?? storeLeases(ctx.store.kv),
    nonceTrustMs: extra.nonceTrustMs,
  });
}

/** Messages the bot posted in a channel (not counting interaction answers). */
export function posted(fake: FakeDiscord, channelId: string): APIMessage[] {
  return fake.channelMessages.get(channelId) ?? [];
}

/** POSTs the fake received for a channel's messages, whatever their answer. */
export function postAttempts(fake: FakeDiscord, channelId: string) {
  return fake.requests.filter((r) => r.method === "POST" && r.path === `/channels/${channelId}/messages`);
}

/** Waits until `check` holds (polling), or fails after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000, what = "condition"): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
