/**
 * `/digest` end to end: registered with the real builders, run through the real discord.js client and router
 * against the fake Discord, on a real context with reports; `ctx.discord` wired as `sitrep start` wires it.
 * Assertions are on what the user sees (ephemeral answers) and what the store then holds.
 */
import { InteractionResponseType, MessageFlags, PermissionFlagsBits, type APIMessage } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { getSubscription, guildSubscriptions } from "../../src/digest/subscriptions.ts";
import { startBot, type Bot } from "../../src/discord/bot.ts";
import { connectDigests } from "../../src/discord/digest-poster.ts";
import { deployCommands } from "../../src/discord/deploy.ts";
import { FakeDiscord, MEMBER_PERMISSIONS, type Exchange } from "../fakes/fake-discord.ts";
import { tempContext } from "../helpers/context.ts";
import { eventually, ingestReports, passAt, posted, subscribe } from "./helpers.ts";

const ADMIN = MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild;
let t: Awaited<ReturnType<typeof tempContext>>;
let fake: FakeDiscord;
let bot: Bot;
let second: { guild: string; channels: string[] };

beforeAll(async () => {
  t = await tempContext("2026-11-25T12:00:00Z");
  await ingestReports(t.ctx, "2026-11-24T20:00:00Z", "2026-11-24T21:00:00Z");
  fake = new FakeDiscord();
  await fake.start();
  second = fake.createGuild("Second guild", ["general-2", "locked", "news", "scratch"]);
  await deployCommands(commands, { token: fake.token, appId: fake.ids.app, apiUrl: fake.apiUrl });
  bot = await startBot(t.ctx, commands, { token: fake.token, apiUrl: fake.apiUrl });
  connectDigests(t.ctx, bot.client);
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await t?.cleanup();
});

/** The one ephemeral message an exchange ends with, as the user reads it. */
function answer(ex: Exchange): APIMessage {
  expect(ex.messages).toHaveLength(1);
  const [m] = ex.messages;
  expect((m.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  return m;
}
const text = (ex: Exchange) => answer(ex).content;
const inSecond = (channel = 0, permissions = ADMIN) => ({ guildId: second.guild, channelId: second.channels[channel], permissions });

describe("/digest", () => {
  it("is registered for servers only, for Manage Server by default", () => {
    const registered = fake.commands.global.find((c) => c.name === "digest");
    expect(registered).toMatchObject({ default_member_permissions: String(PermissionFlagsBits.ManageGuild), contexts: [0] });
    expect(registered?.options?.map((o) => o.name)).toEqual(["subscribe", "list", "unsubscribe", "preview"]);
  });

  it("subscribe and unsubscribe need Manage Server at run time; list and preview do not", async () => {
    const options = { channel: fake.ids.otherChannel, time: "08:00", timezone: "Europe/Berlin" };
    expect(text(await fake.slash("digest subscribe", options, { permissions: MEMBER_PERMISSIONS }))).toMatch(/^You need the Manage Server permission to subscribe digests\./);
    expect(await getSubscription(t.ctx, fake.ids.guild, fake.ids.otherChannel)).toBeUndefined();
    expect(text(await fake.slash("digest unsubscribe", { channel: fake.ids.otherChannel }, { permissions: MEMBER_PERMISSIONS }))).toMatch(/^You need the Manage Server permission to unsubscribe digests\./);
    expect(text(await fake.slash("digest list", {}, { permissions: MEMBER_PERMISSIONS }))).toMatch(/This server has no digests/);
    expect(text(await fake.slash("digest preview", { provinces: "Latakia" }, { permissions: MEMBER_PERMISSIONS }))).toMatch(/^\*\*Preview — what a digest would post now\*\*/);
  });

  it("subscribe checks the channel, says when the next digest comes, and list shows it; unsubscribe removes it", async () => {
    const ex = await fake.slash("digest subscribe", { channel: fake.ids.otherChannel, time: "8:00", timezone: "europe/berlin", provinces: "Aleppo, homs" }, { permissions: ADMIN });
    expect(ex.callback?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(text(ex)).toBe(
      [
        "**Digest subscribed**",
        "\\#digests gets a digest every day at 08:00 (Europe/Berlin).",
        "• Provinces: Aleppo, Homs",
        "• Sources: all",
        "• Next: Thu, 26 Nov 2026, 08:00 (2026-11-26 07:00 UTC)",
      ].join("\n"),
    );
    // The check went through REST: the channel, the guild's roles, the bot's member record.
    expect(fake.requests.some((r) => r.method === "GET" && r.path === `/channels/${fake.ids.otherChannel}`)).toBe(true);
    expect(await getSubscription(t.ctx, fake.ids.guild, fake.ids.otherChannel)).toMatchObject({ provinces: ["SY-HL", "SY-HI"], sources: null, timezone: "Europe/Berlin", time: { hour: 8, minute: 0 } });

    const list = text(await fake.slash("digest list", {}, { permissions: MEMBER_PERMISSIONS }));
    expect(list).toContain("**Digests (1)**");
    expect(list).toContain("• \\#digests — 08:00 Europe/Berlin · provinces: Aleppo, Homs · sources: all\n  next Thu, 26 Nov 2026, 08:00");

    expect(text(await fake.slash("digest unsubscribe", { channel: fake.ids.otherChannel }, { permissions: ADMIN }))).toBe("**Digest removed**\n\\#digests no longer gets the 08:00 (Europe/Berlin) digest.");
    expect(await getSubscription(t.ctx, fake.ids.guild, fake.ids.otherChannel)).toBeUndefined();
    expect(text(await fake.slash("digest unsubscribe", { channel: fake.ids.otherChannel }, { permissions: ADMIN }))).toMatch(/^That channel has no digest in this server\./);
  });

  it.each([
    [{ time: "25:00", timezone: "UTC" }, '"25:00" is not a time of day. Use 24-hour HH:MM, e.g. 08:00 or 18:30.'],
    [{ time: "noon", timezone: "UTC" }, '"noon" is not a time of day. Use 24-hour HH:MM, e.g. 08:00 or 18:30.'],
    [{ time: "08:00", timezone: "Mars/Olympus" }, '"Mars/Olympus" is not a time zone.\n• Use an IANA name such as Asia/Damascus, Europe/Berlin or UTC (the list offers them as you type).'],
    [{ time: "08:00", timezone: "+03:00" }, '"+03:00" is not a time zone.'],
    [{ time: "08:00", timezone: "UTC", provinces: "Alepo city" }, 'Unknown province "Alepo city".'],
  ])("refuses %j with a clear error", async (options, expected) => {
    const message = text(await fake.slash("digest subscribe", { channel: fake.ids.otherChannel, ...options }, { permissions: ADMIN }));
    expect(message.startsWith(expected)).toBe(true);
    expect(await getSubscription(t.ctx, fake.ids.guild, fake.ids.otherChannel)).toBeUndefined();
  });

  it("refuses a channel of another server, and one the bot cannot post in", async () => {
    expect(text(await fake.slash("digest subscribe", { channel: second.channels[0], time: "08:00", timezone: "UTC" }, { permissions: ADMIN }))).toBe("That channel belongs to another server. Pick a channel of this server.");
    fake.revokeSend(second.channels[1]);
    expect(text(await fake.slash("digest subscribe", { channel: second.channels[1], time: "08:00", timezone: "UTC" }, inSecond()))).toBe(
      "Sitrep cannot post in \\#locked: Sitrep lacks Send Messages there.\n• Give Sitrep View Channel, Send Messages and Embed Links in that channel, then subscribe again.",
    );
    expect(await guildSubscriptions(t.ctx, fake.ids.guild)).toEqual([]);
    expect(await guildSubscriptions(t.ctx, second.guild)).toEqual([]);
  });

  it("keeps guilds apart: one server neither sees nor removes another's digest", async () => {
    expect(text(await fake.slash("digest subscribe", { channel: second.channels[0], time: "09:30", timezone: "Asia/Damascus" }, inSecond()))).toMatch(/^\*\*Digest subscribed\*\*/);
    expect(text(await fake.slash("digest list", {}, { permissions: ADMIN }))).toMatch(/This server has no digests/);
    expect(text(await fake.slash("digest unsubscribe", { channel: second.channels[0] }, { permissions: ADMIN }))).toMatch(/^That channel has no digest in this server\./);
    expect(text(await fake.slash("digest list", {}, inSecond()))).toContain("\\#general-2 — 09:30 Asia/Damascus");
  });

  it("preview shows privately what a digest would post now, with the sources' labels and quoted terms", async () => {
    const ex = await fake.slash("digest preview", { provinces: "Aleppo" }, { permissions: ADMIN });
    const m = answer(ex);
    expect(m.content).toMatch(/^\*\*Preview — what a digest would post now\*\*\nReports from 24 Nov 12:00 to 25 Nov 12:00 UTC · 1 province · 2 sources\nCoverage: /);
    expect(m.embeds[0].title).toBe("Aleppo (SY-HL)");
    expect(m.embeds[0].description).toMatch(/\*\*Fars News Agency\*\* — \*state-affiliated/);
    expect(m.embeds[0].description).toContain("**“terrorists”**");
    expect(posted(fake, fake.ids.channel)).toHaveLength(0);
  });

  it("offers time zones, and completes the last item of a province list", async () => {
    const zones = await fake.autocomplete("digest subscribe", { channel: fake.ids.otherChannel, time: "08:00", timezone: "new york" }, "timezone", { permissions: ADMIN });
    expect(zones.callback?.data?.choices?.[0]).toEqual({ name: "America/New York", value: "America/New_York" });
    const provinces = await fake.autocomplete("digest subscribe", { channel: fake.ids.otherChannel, time: "08:00", timezone: "UTC", provinces: "Aleppo, idl" }, "provinces", { permissions: ADMIN });
    expect(provinces.callback?.data?.choices?.[0]).toEqual({ name: "Aleppo, Idlib (SY-ID)", value: "Aleppo, SY-ID" });
  });

  it("a digest the channel refuses (403) is paused, and /digest list says why and what to do", async () => {
    expect(text(await fake.slash("digest subscribe", { channel: second.channels[2], time: "08:00", timezone: "Europe/Berlin" }, inSecond()))).toMatch(/^\*\*Digest subscribed\*\*/);
    fake.revokeSend(second.channels[2]);
    const summary = await passAt(t.ctx, t.ctx.discord!, "2026-11-26T07:00:00Z");
    expect(summary.outcomes.paused).toBe(1);
    // The one-time notice went to the channel /digest subscribe was run in (#general-2, which has its own digest too).
    const notices = posted(fake, second.channels[0]).filter((m) => m.content.startsWith("Sitrep could not post"));
    expect(notices.map((m) => m.content)).toEqual([expect.stringMatching(/^Sitrep could not post the 08:00 \(Europe\/Berlin\) daily digest in \\#news: Missing Permissions \(403\)\. The digest is paused\./)]);
    const list = text(await fake.slash("digest list", {}, inSecond()));
    expect(list).toContain("• \\#news — 08:00 Europe/Berlin · provinces: all · sources: all\n  paused: cannot post in the channel: Missing Permissions (403) — fix it, then run /digest subscribe again");
  });

  it("a digest skipped after downtime beyond the grace window shows in /digest list", async () => {
    // #general-2 (09:30 Damascus, UTC+3 = 06:30 UTC) posted on 26 Nov; back only at 22:30 local on 27 Nov.
    const summary = await passAt(t.ctx, t.ctx.discord!, "2026-11-27T19:30:00Z");
    expect(summary.outcomes).toEqual({ skipped: 1 });
    t.clock.set("2026-11-27T19:30:00Z");
    const list = text(await fake.slash("digest list", {}, inSecond()));
    expect(list).toContain("• \\#general-2 — 09:30 Asia/Damascus · provinces: all · sources: all\n  next Sat, 28 Nov 2026, 09:30 · last: skipped 2026-11-27: missed by 13 h (grace 12 h)");
  });

  it("removes subscriptions when Discord says the channel (CHANNEL_DELETE) or the guild (GUILD_DELETE) is gone", async () => {
    await subscribe(t.ctx, { guildId: second.guild, channelId: second.channels[3], time: "07:00", timezone: "UTC", createdAt: "2026-11-25T00:00:00Z" });
    fake.deleteChannel(second.channels[3]);
    await eventually(async () => (await getSubscription(t.ctx, second.guild, second.channels[3])) === undefined, 5000, "CHANNEL_DELETE to remove the subscription");
    expect((await guildSubscriptions(t.ctx, second.guild)).length).toBeGreaterThan(0);
    fake.removeGuild(second.guild);
    await eventually(async () => (await guildSubscriptions(t.ctx, second.guild)).length === 0, 5000, "GUILD_DELETE to remove the guild's subscriptions");
  });
});
