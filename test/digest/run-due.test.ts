/**
 * Scheduler passes (`runDue`, as `sitrep digest run-due` and the bot's cron job run them) against the fake
 * Discord over the real @discordjs/rest client, on a real SQLite store with reports in it. Assertions are
 * on what lands in the channels and what the ledger and subscriptions say afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ledgerEntries } from "../../src/digest/ledger.ts";
import { getSubscription, subscriptionStates } from "../../src/digest/subscriptions.ts";
import { FakeDiscord, ROUTES, type MessageBody } from "../fakes/fake-discord.ts";
import { expectWithinLimits } from "../discord/helpers.ts";
import { tempContext } from "../helpers/context.ts";
import { ingestReports, passAt, postAttempts, posted, posterFor, subscribe, type SubInput } from "./helpers.ts";

let t: Awaited<ReturnType<typeof tempContext>>;
let fake: FakeDiscord;
let poster: ReturnType<typeof posterFor>;

beforeEach(async () => {
  t = await tempContext("2026-11-25T12:00:00Z");
  fake = new FakeDiscord();
  await fake.start();
  poster = posterFor(fake);
});
afterEach(async () => {
  await fake.close();
  await t.cleanup();
});

/** 08:00 Europe/Berlin in #digests of the fake's guild, made on 20 Nov; 08:00 CET is 07:00 UTC. */
function berlin8(extra: Partial<SubInput> = {}): SubInput {
  return { guildId: fake.ids.guild, channelId: fake.ids.otherChannel, time: "08:00", timezone: "Europe/Berlin", createdAt: "2026-11-20T00:00:00Z", ...extra };
}

const ledgerOf = async (channelId: string, date: string) => (await ledgerEntries(t.ctx, [{ subId: `${fake.ids.guild}:${channelId}`, date }]))[0];

describe("a due digest", () => {
  it("is posted once at its local time: per province, each source's label and quoted loaded terms, coverage, /report ids", async () => {
    await ingestReports(t.ctx, "2026-11-24T20:00:00Z", "2026-11-24T21:00:00Z");
    await subscribe(t.ctx, berlin8());

    expect((await passAt(t.ctx, poster, "2026-11-25T06:59:00Z")).due).toBe(0);
    expect(posted(fake, fake.ids.otherChannel)).toHaveLength(0);

    const summary = await passAt(t.ctx, poster, "2026-11-25T07:00:20Z");
    expect(summary).toMatchObject({ due: 1, outcomes: { posted: 1 }, compositions: 1 });
    const messages = posted(fake, fake.ids.otherChannel);
    expect(messages.length).toBeGreaterThanOrEqual(1);
    const [first] = messages;
    const lines = first.content.split("\n");
    expect(lines[0]).toBe("**Daily digest · Wed, 25 Nov 2026, 08:00 (Europe/Berlin)**");
    expect(lines[1]).toMatch(/^Reports from 24 Nov 07:00 to 25 Nov 07:00 UTC · \d+ provinces · 2 sources/);
    expect(lines[2]).toMatch(/^Coverage: FNA → Aleppo, .*Homs.* · SANA → Aleppo, Homs, Latakia — one side only: Latakia \(government\)$/);
    const aleppo = messages.flatMap((m) => m.embeds).find((e) => e.title === "Aleppo (SY-HL)");
    expect(aleppo?.description).toMatch(/^\*\*Syrian Arab News Agency\*\* — \*state media · /);
    expect(aleppo?.description).toMatch(/• Fars News Agency: [^\n]*\*\*“terrorists”\*\*/);
    expect(aleppo?.description).toMatch(/Reports: `\/report id:[0-9a-f]{12}` · `\/report id:[0-9a-f]{12}`$/);
    for (const m of messages) {
      expectWithinLimits(m);
      expect(m.mention_everyone).toBe(false);
    }
    // Every part went out with a nonce Discord enforces, and without pings.
    for (const request of postAttempts(fake, fake.ids.otherChannel)) {
      const body = request.body as MessageBody;
      expect(body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
      expect(String(body.nonce)).toMatch(/^[\w-]{25}$/);
    }
    expect(await ledgerOf(fake.ids.otherChannel, "2026-11-25")).toMatchObject({ state: "posted", parts: messages.map((m) => m.id) });

    // Later passes the same day post nothing more.
    const attempts = postAttempts(fake, fake.ids.otherChannel).length;
    for (const at of ["2026-11-25T07:01:00Z", "2026-11-25T12:00:00Z", "2026-11-25T22:59:00Z"]) expect((await passAt(t.ctx, poster, at)).due).toBe(0);
    expect(postAttempts(fake, fake.ids.otherChannel)).toHaveLength(attempts);
  });

  it("covers the reports since the last digest: the next day, with nothing new, is one short line", async () => {
    await ingestReports(t.ctx, "2026-11-24T20:00:00Z", "2026-11-24T21:00:00Z");
    await subscribe(t.ctx, berlin8());
    await passAt(t.ctx, poster, "2026-11-25T07:00:00Z");
    const before = posted(fake, fake.ids.otherChannel).length;
    await passAt(t.ctx, poster, "2026-11-26T07:00:00Z");
    const next = posted(fake, fake.ids.otherChannel).slice(before);
    expect(next).toHaveLength(1);
    expect(next[0].content).toBe("**Daily digest · Thu, 26 Nov 2026, 08:00 (Europe/Berlin)** — nothing new on any province since 25 Nov 07:00 UTC.");
    expect(next[0].embeds).toEqual([]);
  });

  it("is composed once per distinct (provinces, sources, window), however many channels share it", async () => {
    await ingestReports(t.ctx, "2026-11-24T20:00:00Z", "2026-11-24T21:00:00Z");
    const other = fake.createGuild("Second guild", ["a", "b", "c", "d"]);
    const at = { createdAt: "2026-11-20T00:00:00Z", time: "08:00", timezone: "Europe/Berlin", guildId: other.guild };
    await subscribe(t.ctx, { ...at, channelId: other.channels[0], provinces: ["SY-HL", "SY-HI"] });
    await subscribe(t.ctx, { ...at, channelId: other.channels[1], provinces: ["SY-HI", "SY-HL"] });
    await subscribe(t.ctx, { ...at, channelId: other.channels[2], provinces: ["SY-HL", "SY-HI"] });
    // 10:00 in Istanbul (UTC+3) is the same instant, so the same window: it shares the composition too.
    await subscribe(t.ctx, { ...at, channelId: other.channels[3], time: "10:00", timezone: "Europe/Istanbul", provinces: ["SY-HL", "SY-HI"] });
    await subscribe(t.ctx, berlin8({ provinces: ["SY-LA"] }));

    const summary = await passAt(t.ctx, poster, "2026-11-25T07:00:00Z");
    expect(summary).toMatchObject({ subscriptions: 5, due: 5, outcomes: { posted: 5 }, compositions: 2 });
    for (const channel of other.channels) expect(posted(fake, channel)[0].content).toContain("Coverage: FNA → Aleppo, Homs · SANA → Aleppo, Homs");
    expect(posted(fake, other.channels[3])[0].content).toMatch(/^\*\*Daily digest · Wed, 25 Nov 2026, 10:00 \(Europe\/Istanbul\)\*\*/);
    expect(posted(fake, fake.ids.otherChannel)[0].content).toContain("Coverage: SANA → Latakia — one side only: Latakia (government)");
  });
});

describe("when Discord refuses", () => {
  it("403: pauses the subscription with the reason and tells the channel it was made in, once", async () => {
    await subscribe(t.ctx, berlin8({ noticeChannelId: fake.ids.channel, channelName: "digests" }));
    fake.revokeSend(fake.ids.otherChannel);
    expect(await passAt(t.ctx, poster, "2026-11-25T07:00:00Z")).toMatchObject({ outcomes: { paused: 1 } });
    expect(posted(fake, fake.ids.otherChannel)).toHaveLength(0);
    const notices = posted(fake, fake.ids.channel);
    expect(notices).toHaveLength(1);
    expect(notices[0].content).toMatch(/^Sitrep could not post the 08:00 \(Europe\/Berlin\) daily digest in \\#digests: Missing Permissions \(403\)\. The digest is paused\./);
    const [state] = await subscriptionStates(t.ctx, [`${fake.ids.guild}:${fake.ids.otherChannel}`]);
    expect(state.paused).toMatchObject({ reason: "cannot post in the channel: Missing Permissions (403)", noticeSent: true });

    // Paused: later passes neither post nor notify again.
    const requests = fake.requests.length;
    await passAt(t.ctx, poster, "2026-11-25T07:05:00Z");
    await passAt(t.ctx, poster, "2026-11-26T07:00:00Z");
    expect(fake.requests.length).toBe(requests);
    expect(posted(fake, fake.ids.channel)).toHaveLength(1);
  });

  it("404: removes the subscription of a deleted channel", async () => {
    await subscribe(t.ctx, berlin8());
    fake.deleteChannel(fake.ids.otherChannel);
    expect(await passAt(t.ctx, poster, "2026-11-25T07:00:00Z")).toMatchObject({ outcomes: { removed: 1 } });
    expect(await getSubscription(t.ctx, fake.ids.guild, fake.ids.otherChannel)).toBeUndefined();
    expect(await passAt(t.ctx, poster, "2026-11-26T07:00:00Z")).toMatchObject({ subscriptions: 0, due: 0 });
  });

  it("429: waits the Retry-After out, then posts once", async () => {
    await subscribe(t.ctx, berlin8());
    fake.failNext(ROUTES.channelMessage, { status: 429, body: { message: "You are being rate limited.", retry_after: 0.8, global: false }, headers: { "retry-after": "0.8", "x-ratelimit-scope": "user" } });
    const started = Date.now();
    expect(await passAt(t.ctx, poster, "2026-11-25T07:00:00Z")).toMatchObject({ outcomes: { posted: 1 } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(750);
    expect(postAttempts(fake, fake.ids.otherChannel).map((r) => r.status)).toEqual([429, 200]);
    expect(posted(fake, fake.ids.otherChannel)).toHaveLength(1);
  });

  it("5xx: retried with back-off, then posted once", async () => {
    await subscribe(t.ctx, berlin8());
    // The REST client retries a 500 three times by itself; the fourth failure reaches the scheduler.
    fake.failNext(ROUTES.channelMessage, { status: 500, body: { message: "Internal Server Error", code: 0 } }, 4);
    expect(await passAt(t.ctx, poster, "2026-11-25T07:00:00Z")).toMatchObject({ outcomes: { retrying: 1 } });
    expect(await ledgerOf(fake.ids.otherChannel, "2026-11-25")).toMatchObject({ state: "pending", attempts: 1, retryAt: "2026-11-25T07:01:00.000Z" });
    expect(await passAt(t.ctx, poster, "2026-11-25T07:00:40Z")).toMatchObject({ outcomes: { waiting: 1 } });
    expect(postAttempts(fake, fake.ids.otherChannel)).toHaveLength(4);
    expect(await passAt(t.ctx, poster, "2026-11-25T07:01:00Z")).toMatchObject({ outcomes: { posted: 1 } });
    expect(posted(fake, fake.ids.otherChannel)).toHaveLength(1);
    expect(await ledgerOf(fake.ids.otherChannel, "2026-11-25")).toMatchObject({ state: "posted", attempts: 2 });
  });

  it("a timeout after Discord created the message: the retry's nonce returns that message, not a second one", async () => {
    await subscribe(t.ctx, berlin8());
    const impatient = posterFor(fake, { timeout: 300, retries: 0 });
    fake.holdNext(ROUTES.channelMessage, 1500);
    expect(await passAt(t.ctx, impatient, "2026-11-25T07:00:00Z")).toMatchObject({ outcomes: { retrying: 1 } });
    expect(posted(fake, fake.ids.otherChannel)).toHaveLength(1);
    expect(await passAt(t.ctx, impatient, "2026-11-25T07:01:00Z")).toMatchObject({ outcomes: { posted: 1 } });
    const messages = posted(fake, fake.ids.otherChannel);
    expect(messages).toHaveLength(1);
    expect(await ledgerOf(fake.ids.otherChannel, "2026-11-25")).toMatchObject({ state: "posted", parts: [messages[0].id] });
  });

  it("one slow channel does not hold up the others", async () => {
    const other = fake.createGuild("Busy guild", ["slow", "fast-1", "fast-2"]);
    for (const channelId of other.channels) await subscribe(t.ctx, { ...berlin8(), guildId: other.guild, channelId, provinces: ["SY-SU"] });
    fake.holdNext({ method: "POST", path: `/channels/${other.channels[0]}/messages` }, 2000);
    const started = Date.now();
    const pass = passAt(t.ctx, poster, "2026-11-25T07:00:00Z");
    await expect.poll(() => other.channels.slice(1).every((c) => posted(fake, c).length === 1), { timeout: 1500, interval: 20 }).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await pass).toMatchObject({ outcomes: { posted: 3 } });
  });
});

describe("catch-up after downtime", () => {
  it("posts a missed digest once when back within the grace window", async () => {
    await ingestReports(t.ctx, "2026-11-24T20:00:00Z", "2026-11-24T21:00:00Z");
    await subscribe(t.ctx, berlin8());
    // Down from before 08:00 until 16:00 local (8 h late; grace 12 h).
    expect(await passAt(t.ctx, poster, "2026-11-25T15:00:00Z")).toMatchObject({ outcomes: { posted: 1 } });
    const messages = posted(fake, fake.ids.otherChannel);
    expect(messages[0].content).toMatch(/^\*\*Daily digest · Wed, 25 Nov 2026, 08:00 \(Europe\/Berlin\)\*\*\nReports from 24 Nov 07:00 to 25 Nov 07:00 UTC/);
    await passAt(t.ctx, poster, "2026-11-25T15:01:00Z");
    expect(posted(fake, fake.ids.otherChannel)).toHaveLength(messages.length);
  });

  it("skips one missed beyond the grace window, says why in the ledger, and the next digest covers its reports", async () => {
    await subscribe(t.ctx, berlin8({ createdAt: "2026-11-23T00:00:00Z" }));
    await passAt(t.ctx, poster, "2026-11-24T07:00:00Z");
    expect(posted(fake, fake.ids.otherChannel)[0].content).toContain("nothing new");
    await ingestReports(t.ctx, "2026-11-24T20:00:00Z", "2026-11-24T21:00:00Z");
    // Down from 24 Nov evening until 25 Nov 21:30 local: 13.5 h after the 08:00 digest.
    expect(await passAt(t.ctx, poster, "2026-11-25T20:30:00Z", { graceHours: 12 })).toMatchObject({ due: 0, outcomes: { skipped: 1 } });
    expect(posted(fake, fake.ids.otherChannel)).toHaveLength(1);
    expect(await ledgerOf(fake.ids.otherChannel, "2026-11-25")).toMatchObject({ state: "skipped", reason: "missed by 14 h (grace 12 h)" });
    await passAt(t.ctx, poster, "2026-11-25T20:31:00Z");
    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(1);

    await passAt(t.ctx, poster, "2026-11-26T07:00:00Z");
    const next = posted(fake, fake.ids.otherChannel).slice(1);
    expect(next[0].content).toMatch(/^\*\*Daily digest · Thu, 26 Nov 2026, 08:00 \(Europe\/Berlin\)\*\*\nReports from 24 Nov 07:00 to 26 Nov 07:00 UTC/);
  });
});

describe("daylight saving", () => {
  /** Runs a pass every minute from `from` to `to` (as the cron job would) and returns the minutes that posted. */
  async function tickEveryMinute(from: string, to: string): Promise<string[]> {
    const postedAt: string[] = [];
    for (let at = Date.parse(from); at <= Date.parse(to); at += 60_000) {
      const iso = new Date(at).toISOString();
      const summary = await passAt(t.ctx, poster, iso);
      if (summary.outcomes.posted) postedAt.push(iso);
    }
    return postedAt;
  }

  it("02:30 Europe/Berlin on the spring-forward day (02:00 → 03:00) posts once, at 03:30 CEST", async () => {
    await subscribe(t.ctx, berlin8({ time: "02:30", createdAt: "2027-03-01T00:00:00Z" }));
    const postedAt = await tickEveryMinute("2027-03-27T23:30:00Z", "2027-03-28T03:30:00Z");
    expect(postedAt).toEqual(["2027-03-28T01:30:00.000Z"]);
    const messages = posted(fake, fake.ids.otherChannel);
    expect(messages).toHaveLength(1);
    expect(messages[0].content).toMatch(/^\*\*Daily digest · Sun, 28 Mar 2027, 03:30 \(Europe\/Berlin\)\*\*/);
    // The days around it keep 02:30 (CET before, CEST after).
    expect(await tickEveryMinute("2027-03-27T01:29:00Z", "2027-03-27T01:31:00Z")).toEqual([]);
    expect((await passAt(t.ctx, poster, "2027-03-29T00:30:00Z")).outcomes).toEqual({ posted: 1 });
  });

  it("01:30 America/New_York on the fall-back day (the hour 01:00–02:00 happens twice) posts once, the first time", async () => {
    await subscribe(t.ctx, berlin8({ time: "01:30", timezone: "America/New_York", createdAt: "2026-10-01T00:00:00Z" }));
    const postedAt = await tickEveryMinute("2026-11-01T04:00:00Z", "2026-11-01T07:30:00Z");
    expect(postedAt).toEqual(["2026-11-01T05:30:00.000Z"]);
    expect(posted(fake, fake.ids.otherChannel)).toHaveLength(1);
    expect((await passAt(t.ctx, poster, "2026-11-02T06:30:00Z")).outcomes).toEqual({ posted: 1 });
  });
});
