/**
 * The bot end to end: the real discord.js client, the router and the renderer, against the local fake
 * Discord. Small test-only commands return fixed replies; assertions are on what Discord received and
 * what the user ends up seeing.
 */
import { ApplicationCommandOptionType, InteractionResponseType, MessageFlags, PermissionFlagsBits } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Command, Invocation, Options, Reply } from "../../src/command.ts";
import type { Context } from "../../src/context.ts";
import { startBot, type Bot } from "../../src/discord/bot.ts";
import { UserError } from "../../src/errors.ts";
import { MATCH_CLOSE, MATCH_OPEN, type SearchHit } from "../../src/types.ts";
import { FakeDiscord, ROUTES } from "../fakes/fake-discord.ts";
import { brief, briefItem, expectWithinLimits, sleep, sourceView, testContext, visibleText } from "./helpers.ts";

const ZW = "\u200b";
const fna = sourceView("fna", "Fars News Agency", "Iranian state news agency (IRGC-affiliated)", "government");

function command(name: string, run: Command["run"], extra: Partial<Command> = {}): Command {
  return { data: { name, description: `Test command ${name}` }, run, ...extra };
}

const calls: { name: string; ctx: Context; options: Options; inv: Invocation }[] = [];
const record = (name: string) => async (ctx: Context, options: Options, inv: Invocation) => void calls.push({ name, ctx, options, inv });

const hits: SearchHit[] = Array.from({ length: 12 }, (_, i) => ({ report: `r${i}`, paragraph: 1, source: "fna", title: `Report ${i}`, publishedAt: "2016-12-22T00:00:00Z", provinces: ["SY-HL"], snippet: `the ${MATCH_OPEN}army${MATCH_CLOSE} ${i}`, score: 1 }));
const searchPage = (page: number, owner: string): Reply => ({ kind: "search", query: { text: "army" }, result: { total: hits.length, hits: hits.slice(page * 5, page * 5 + 5) }, page, pageSize: 5, pagingToken: `t-${owner}` });

const commands: Command[] = [
  command("brief", async (ctx, options, inv) => {
    await record("brief")(ctx, options, inv);
    return {
      kind: "brief",
      brief: brief(
        [{ source: fna, items: [briefItem('The army purged the city of "terrorists". @everyone <@&123456789012345678>', ["purged", "terrorists"])] }],
        [{ type: "one-side-only", text: "Only pro-government sources reported on Aleppo in this window @everyone <@&123>" }],
      ),
    };
  }),
  command(
    "slow",
    async () => {
      await sleep(400);
      return { kind: "notice", text: "Done after a while." };
    },
    { slow: true },
  ),
  command(
    "slowfail",
    async () => {
      await sleep(100);
      throw new UserError("No reports for Raqqa yet.");
    },
    { slow: (options) => options.llm === true },
  ),
  command("sluggish", async () => {
    await sleep(500);
    return { kind: "notice", text: "Late but fine." };
  }),
  command("steady", async () => {
    await sleep(100);
    return { kind: "notice", text: "Steady answer." };
  }),
  command("usererr", async () => {
    throw new UserError("Unknown province “Alepo”.", ["Did you mean: Aleppo?"]);
  }),
  command("boom", async () => {
    throw new Error("database exploded");
  }),
  command("pick", async () => ({ kind: "notice", text: "picked" }), {
    autocomplete: async (_ctx, focused) => [
      { name: `${"Very long province name ".repeat(8)}end`, value: "long" },
      ...Array.from({ length: 39 }, (_, i) => ({ name: `${focused.value} ${i}`, value: `v${i}` })),
    ],
  }),
  command(
    "digest",
    async (ctx, options, inv) => {
      await record("digest")(ctx, options, inv);
      return { kind: "notice", text: `Subscribed <#${options.channel}>.` };
    },
    { guildOnly: true },
  ),
  command("search", async (_ctx, _options, inv) => searchPage(0, inv.userId), {
    component: async (_ctx, args, inv) => {
      const [token, page] = args;
      if (token !== `t-${inv.userId}`) return { kind: "notice", text: "These buttons belong to someone else's search. Run /search yourself.", ephemeral: true };
      return searchPage(Number(page), inv.userId);
    },
  }),
  command("long", async () => ({
    kind: "brief",
    brief: brief([{ source: fna, items: Array.from({ length: 60 }, (_, i) => briefItem(`Item ${i} ${"the army entered the district and ".repeat(8)}purged`, ["purged"])) }]),
  })),
];

let fake: FakeDiscord;
let bot: Bot;
let logs: Record<string, unknown>[];
let ctx: Context;

beforeAll(async () => {
  fake = new FakeDiscord();
  await fake.start();
  ({ ctx, logs } = testContext());
  bot = await startBot(ctx, commands, { token: fake.token, apiUrl: fake.apiUrl, autoDeferMs: 250, deferWhenBusy: 8 });
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
});

describe("slash commands", () => {
  it("answers a brief at once, with options and invocation passed through and ctx untouched", async () => {
    const ex = await fake.slash("brief", { province: "aleppo", days: 7 });
    expect(ex.callback?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const call = calls.find((c) => c.name === "brief")!;
    expect(call.ctx).toBe(ctx);
    expect(call.options).toEqual({ province: "aleppo", days: 7 });
    expect(call.inv).toEqual({ userId: fake.ids.user, guildId: fake.ids.guild, channelId: fake.ids.channel, memberPermissions: expect.any(BigInt), transport: "discord" });
    const [message] = ex.messages;
    expect(message.embeds[0].title).toBe("Fars News Agency");
    expect(message.embeds[0].description).toContain("Fars News Agency: The army **“purged”** the city of **“terrorists”**.");
    expect((message.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
    expect(ex.timings.acknowledgedAt! - ex.timings.dispatchedAt).toBeLessThan(3000);
  });

  it("never pings from report text: allowed_mentions is empty and the mentions are broken", async () => {
    const ex = await fake.slash("brief", { province: "aleppo" });
    expect(ex.callback?.data?.allowed_mentions).toEqual({ parse: [] });
    const [message] = ex.messages;
    expect(message.mention_everyone).toBe(false);
    expect(message.mention_roles).toEqual([]);
    expect(message.content).toContain(`@${ZW}everyone <${ZW}@&123\\>`);
    expect(visibleText(message)).not.toMatch(/@everyone|<@&/);
  });

  it("defers a slow command, then edits the answer in", async () => {
    const ex = await fake.slash("slow");
    expect(ex.callback).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: 0 } });
    expect(ex.edits).toHaveLength(1);
    expect(ex.edits[0].allowed_mentions).toEqual({ parse: [] });
    expect(ex.messages.map((m) => m.content)).toEqual(["Done after a while."]);
  });

  it("defers a command that turns out slow even when it is not marked slow", async () => {
    const ex = await fake.slash("sluggish");
    expect(ex.callback?.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(ex.messages.map((m) => m.content)).toEqual(["Late but fine."]);
  });

  it("defers at once what arrives while many commands are already running, and answers all", async () => {
    const exchanges = await Promise.all(Array.from({ length: 12 }, () => fake.slash("steady")));
    const types = exchanges.map((ex) => ex.callback?.type);
    expect(types.filter((t) => t === InteractionResponseType.ChannelMessageWithSource).length).toBeGreaterThan(0);
    expect(types.filter((t) => t === InteractionResponseType.DeferredChannelMessageWithSource).length).toBeGreaterThanOrEqual(4);
    for (const ex of exchanges) expect(ex.messages.map((m) => m.content)).toEqual(["Steady answer."]);
  });

  it("shows a UserError's text and hints to the user only", async () => {
    const ex = await fake.slash("usererr", { province: "alepo" });
    expect(ex.callback?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(ex.callback?.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(ex.messages[0].content).toBe("Unknown province “Alepo”.\n• Did you mean: Aleppo?");
  });

  it("replaces a public 'thinking…' with an ephemeral message when a deferred command fails", async () => {
    const ex = await fake.slash("slowfail", { llm: true });
    expect(ex.callback?.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(ex.deletedOriginal).toBe(true);
    expect(ex.messages).toHaveLength(1);
    expect(ex.messages[0].content).toBe("No reports for Raqqa yet.");
    expect(ex.messages[0].flags).toBe(MessageFlags.Ephemeral);
  });

  it("gives an error id for an unexpected error and logs it with guild, user and command", async () => {
    const ex = await fake.slash("boom");
    expect(ex.callback?.data?.flags).toBe(MessageFlags.Ephemeral);
    const id = /error id ([0-9A-F]{6})/.exec(ex.messages[0].content)?.[1];
    expect(id).toBeDefined();
    expect(ex.messages[0].content).not.toContain("database exploded");
    const entry = logs.find((l) => l.errorId === id);
    expect(entry).toMatchObject({ level: 50, command: "boom", guildId: fake.ids.guild, userId: fake.ids.user, channelId: fake.ids.channel, err: { message: "database exploded" } });
  });

  it("waits out a 429 on the callback, then answers", async () => {
    fake.failNext(ROUTES.callback, {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: 0.3, global: false },
      headers: { "retry-after": "0.3", "x-ratelimit-limit": "1", "x-ratelimit-remaining": "0", "x-ratelimit-reset-after": "0.3", "x-ratelimit-scope": "shared" },
    });
    const started = Date.now();
    const ex = await fake.slash("brief", { province: "aleppo" });
    expect(ex.requests.map((r) => r.status)).toEqual([429, 204]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(ex.messages[0].embeds[0].title).toBe("Fars News Agency");
  });

  it("splits a very long brief into a reply and follow-ups, each within Discord's limits", async () => {
    const ex = await fake.slash("long", {}, {}, { until: (e) => e.messages.length >= 3 });
    expect(ex.followups.length).toBeGreaterThan(0);
    const bodies = [ex.callback!.data!, ...ex.followups];
    for (const body of bodies) {
      expectWithinLimits(body);
      expect(body.allowed_mentions).toEqual({ parse: [] });
    }
    expect(ex.messages.length).toBe(bodies.length);
    const items = ex.messages.flatMap((m) => visibleText(m).match(/Item \d+ /g) ?? []);
    expect(items).toEqual(Array.from({ length: 60 }, (_, i) => `Item ${i} `));
  });
});

describe("guild-only commands and DMs", () => {
  it("runs a subcommand with a channel option in a guild", async () => {
    const ex = await fake.slash("digest subscribe", { channel: { type: ApplicationCommandOptionType.Channel, value: fake.ids.otherChannel }, time: "08:00" });
    expect(calls.find((c) => c.name === "digest")?.options).toEqual({ subcommand: "subscribe", channel: fake.ids.otherChannel, time: "08:00" });
    expect(ex.messages[0].content).toBe(`Subscribed <${ZW}\\#${fake.ids.otherChannel}\\>.`);
  });

  it("refuses a guild-only command in a DM with a clear ephemeral notice", async () => {
    const before = calls.length;
    const ex = await fake.slash("digest subscribe", { time: "08:00" }, { dm: true });
    expect(calls.length).toBe(before);
    expect(ex.callback?.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(ex.messages[0].content).toBe("/digest only works in a server channel, not in direct messages.");
  });

  it("runs other commands in a DM with no guild and no member permissions", async () => {
    const ex = await fake.slash("brief", { province: "idlib" }, { dm: true });
    expect(ex.messages[0].embeds[0].title).toBe("Fars News Agency");
    expect(calls.filter((c) => c.name === "brief").pop()?.inv).toMatchObject({ guildId: null, channelId: fake.ids.dmChannel, memberPermissions: null });
  });

  it("passes the member's permissions as a bigint", async () => {
    await fake.slash("digest subscribe", { time: "09:00" }, { permissions: PermissionFlagsBits.ManageGuild });
    expect(calls.filter((c) => c.name === "digest").pop()?.inv.memberPermissions).toBe(PermissionFlagsBits.ManageGuild);
  });
});

describe("autocomplete", () => {
  it("sends at most 25 choices with names of at most 100 characters", async () => {
    const ex = await fake.autocomplete("pick", { province: "deir ez" }, "province");
    expect(ex.callback?.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = ex.callback!.data!.choices!;
    expect(choices).toHaveLength(25);
    expect(choices[0].name.length).toBeLessThanOrEqual(100);
    expect(choices[0].name.endsWith("…")).toBe(true);
    expect(choices[1]).toEqual({ name: "deir ez 0", value: "v0" });
  });

  it("answers no choices for a command without autocomplete", async () => {
    const ex = await fake.autocomplete("brief", { province: "x" }, "province");
    expect(ex.callback?.data?.choices).toEqual([]);
  });
});

describe("buttons", () => {
  it("pages a search with Previous/Next, updating the message, disabled at the ends", async () => {
    const first = await fake.slash("search", { query: "army" });
    const message = first.messages[0];
    expect(message.embeds[0].footer?.text).toBe("Page 1 of 3 (12 hits)");
    expect(() => fake.click(message, `search:t-${fake.ids.user}:-1`)).toThrow(/disabled/);

    const second = await fake.click(message, `search:t-${fake.ids.user}:1`);
    expect(second.callback?.type).toBe(InteractionResponseType.UpdateMessage);
    expect(second.messages[0].id).toBe(message.id);
    expect(second.messages[0].embeds[0].footer?.text).toBe("Page 2 of 3 (12 hits)");
    expect(second.messages[0].embeds[0].description).toContain("**6. Report 5**");

    const third = await fake.click(second.messages[0], `search:t-${fake.ids.user}:2`);
    expect(third.messages[0].embeds[0].footer?.text).toBe("Page 3 of 3 (12 hits)");
    expect(() => fake.click(third.messages[0], `search:t-${fake.ids.user}:3`)).toThrow(/disabled/);
  });

  it("answers someone else's click with an ephemeral notice and leaves the message alone", async () => {
    const first = await fake.slash("search", { query: "army" });
    const ex = await fake.click(first.messages[0], `search:t-${fake.ids.user}:1`, { userId: fake.ids.otherUser });
    expect(ex.callback?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(ex.callback?.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(ex.messages.map((m) => m.content)).toEqual(["These buttons belong to someone else's search. Run /search yourself."]);
  });

  it("says a button of an unknown command no longer works", async () => {
    const ex = await fake.button("gone:1");
    expect(ex.callback?.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(ex.messages[0].content).toBe("This button no longer works. Run the command again.");
  });
});

describe("stopping", () => {
  it("finishes interactions in flight, turns new ones away, then disconnects", async () => {
    const other = new FakeDiscord();
    await other.start();
    const { ctx: ctx2 } = testContext();
    const bot2 = await startBot(ctx2, commands, { token: other.token, apiUrl: other.apiUrl });
    try {
      const inFlight = other.slash("slow");
      await sleep(100);
      const stopped = bot2.stop();
      const late = await other.slash("brief", { province: "aleppo" });
      expect(late.messages[0].content).toBe("Sitrep is restarting. Please try again in a minute.");
      expect(late.callback?.data?.flags).toBe(MessageFlags.Ephemeral);
      const done = await inFlight;
      expect(done.messages.map((m) => m.content)).toEqual(["Done after a while."]);
      await stopped;
      expect(bot2.client.isReady()).toBe(false);
    } finally {
      await bot2.stop();
      await other.close();
    }
  });

  it("refuses to start with a wrong token", async () => {
    const { ctx: ctx3 } = testContext();
    await expect(startBot(ctx3, commands, { token: "wrong", apiUrl: fake.apiUrl })).rejects.toThrow(/token/i);
  });
});
