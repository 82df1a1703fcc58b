/**
 * Exactly once, the hard way: real `sitrep digest run-due` processes (REST only, no gateway) against the
 * fake Discord on one SQLite store — run twice, run twice at the same time, killed between Discord creating
 * the message and the ledger recording it — and two node-cron schedulers sharing a store.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { testConfig } from "../../src/config.ts";
import { createContext, type Context } from "../../src/context.ts";
import { ledgerEntries } from "../../src/digest/ledger.ts";
import { startDigestScheduler } from "../../src/schedule/scheduler.ts";
import { FakeDiscord, ROUTES } from "../fakes/fake-discord.ts";
import { tempContext } from "../helpers/context.ts";
import { eventually, passAt, postAttempts, posted, posterFor, subscribe } from "./helpers.ts";

const BIN = path.resolve(import.meta.dirname, "../../bin/sitrep.js");
const DUE = "2026-11-25T07:00:30Z";

let t: Awaited<ReturnType<typeof tempContext>>;
let fake: FakeDiscord;

async function start(options: ConstructorParameters<typeof FakeDiscord>[0] = {}) {
  t = await tempContext("2026-11-25T12:00:00Z");
  fake = new FakeDiscord(options);
  await fake.start();
}
afterEach(async () => {
  await fake?.close();
  await t?.cleanup();
});

/** `sitrep digest run-due --at … --json` as its own process; `child` lets a test kill it. */
function runDue(at: string, leaseSeconds = 1) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: t.dir, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: "silent", DIGEST_LEASE_SECONDS: String(leaseSeconds) };
  const child = spawn("node", [BIN, "digest", "run-due", "--at", at, "--json"], { env, cwd: t.dir, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; summary: any; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, summary: code === 0 ? JSON.parse(stdout) : undefined, stderr })),
  );
  return { child, done };
}

/** Quiet digests (nothing on As-Suwayda): one message each, so counting messages counts posts. */
async function subscribeChannels(channels: string[], guildId = fake.ids.guild) {
  for (const channelId of channels) await subscribe(t.ctx, { guildId, channelId, time: "08:00", timezone: "Europe/Berlin", provinces: ["SY-SU"], createdAt: "2026-11-20T00:00:00Z" });
}

const ledgerOf = async (channelId: string) => (await ledgerEntries(t.ctx, [{ subId: `${fake.ids.guild}:${channelId}`, date: "2026-11-25" }]))[0];

describe("sitrep digest run-due", () => {
  it("run twice posts one message", async () => {
    await start();
    await subscribeChannels([fake.ids.otherChannel]);
    const first = await runDue(DUE).done;
    expect(first).toMatchObject({ code: 0, summary: { due: 1, outcomes: { posted: 1 }, compositions: 1 } });
    const second = await runDue("2026-11-25T07:05:00Z").done;
    expect(second).toMatchObject({ code: 0, summary: { due: 0, outcomes: {} } });
    expect(posted(fake, fake.ids.otherChannel)).toHaveLength(1);
    expect(postAttempts(fake, fake.ids.otherChannel)).toHaveLength(1);
  }, 30_000);

  it("two processes at the same time on one store post each digest once", async () => {
    await start();
    const other = fake.createGuild("Many channels", Array.from({ length: 8 }, (_, i) => `c${i}`));
    await subscribeChannels(other.channels, other.guild);
    // Discord answers slowly, so both processes are surely mid-pass together.
    fake.holdNext(ROUTES.channelMessage, 3000, 16);
    const [a, b] = await Promise.all([runDue(DUE, 30).done, runDue(DUE, 30).done]);
    expect([a.code, b.code]).toEqual([0, 0]);
    for (const channel of other.channels) expect(posted(fake, channel)).toHaveLength(1);
    // Not even a second attempt that Discord's nonce would have absorbed: each subscription was one process's.
    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(8);
    const postedBy = (r: typeof a) => r.summary.outcomes.posted ?? 0;
    expect(postedBy(a) + postedBy(b)).toBe(8);
  }, 30_000);

  it("killed after Discord created the message but before the ledger said so: the restart still leaves one message", async () => {
    await start();
    await subscribeChannels([fake.ids.otherChannel]);
    fake.holdNext(ROUTES.channelMessage, 10_000);
    const crashed = runDue(DUE);
    await eventually(() => posted(fake, fake.ids.otherChannel).length === 1, 15_000, "the message to be created");
    crashed.child.kill("SIGKILL");
    expect(await crashed.done).toMatchObject({ signal: "SIGKILL" });
    expect(await ledgerOf(fake.ids.otherChannel)).toMatchObject({ state: "pending", parts: [null] });

    // The dead process's lease (DIGEST_LEASE_SECONDS=1) runs out; the next run re-sends with the same nonce.
    await new Promise((r) => setTimeout(r, 1100));
    const restarted = await runDue("2026-11-25T07:01:00Z").done;
    expect(restarted).toMatchObject({ code: 0, summary: { outcomes: { posted: 1 } } });
    const messages = posted(fake, fake.ids.otherChannel);
    expect(messages).toHaveLength(1);
    expect(postAttempts(fake, fake.ids.otherChannel)).toHaveLength(2);
    expect(await ledgerOf(fake.ids.otherChannel)).toMatchObject({ state: "posted", parts: [messages[0].id] });
  }, 30_000);

  it("restarted after Discord forgot the nonce: finds the message in the channel instead of posting again", async () => {
    await start({ nonceWindowMs: 500 });
    await subscribeChannels([fake.ids.otherChannel]);
    fake.holdNext(ROUTES.channelMessage, 10_000);
    const crashed = runDue(DUE);
    await eventually(() => posted(fake, fake.ids.otherChannel).length === 1, 15_000, "the message to be created");
    crashed.child.kill("SIGKILL");
    await crashed.done;
    await new Promise((r) => setTimeout(r, 1100));
    // Trusting nonces for less long than this Discord keeps them, as in production (2 min vs "a few minutes").
    const summary = await passAt(t.ctx, posterFor(fake), "2026-11-25T07:30:00Z", { nonceTrustMs: 300 });
    expect(summary.outcomes).toEqual({ posted: 1 });
    const messages = posted(fake, fake.ids.otherChannel);
    expect(messages).toHaveLength(1);
    expect(postAttempts(fake, fake.ids.otherChannel)).toHaveLength(1);
    expect(fake.requests.some((r) => r.method === "GET" && r.path === `/channels/${fake.ids.otherChannel}/messages`)).toBe(true);
    expect(await ledgerOf(fake.ids.otherChannel)).toMatchObject({ state: "posted", parts: [messages[0].id] });
  }, 30_000);
});

describe("two schedulers on one store", () => {
  let second: Context | undefined;
  beforeEach(() => {
    second = undefined;
  });
  afterEach(async () => {
    await second?.close();
  });

  it("tick every second for 3 s: each digest is posted once", async () => {
    await start();
    const other = fake.createGuild("Shared", Array.from({ length: 6 }, (_, i) => `s${i}`));
    await subscribeChannels(other.channels, other.guild);
    t.clock.set(DUE);
    second = await createContext(testConfig(t.dir), { clock: fixedClock(DUE) });
    const passes = [0, 0];
    const schedulers = [t.ctx, second].map((ctx, i) => startDigestScheduler(ctx, posterFor(fake), { cron: "* * * * * *", onPass: () => passes[i]++ }));
    await new Promise((r) => setTimeout(r, 3000));
    await Promise.all(schedulers.map((s) => s.stop()));
    for (const channel of other.channels) expect(posted(fake, channel)).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(6);
    // Each started with a pass of its own; the ticks after that were shared out, one process per tick.
    expect(passes[0]).toBeGreaterThanOrEqual(1);
    expect(passes[1]).toBeGreaterThanOrEqual(1);
    expect(passes[0] + passes[1]).toBeLessThanOrEqual(2 + 4);
  }, 30_000);
});
