/**
 * Every real command (commands/index.ts) end to end: the real discord.js client against the local fake
 * Discord, on a real context (SQLite in a temp dir) holding the FNA fixture, a SANA sample and a report
 * written to ping everyone. Assertions are on the callback bodies and messages a user would see.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { ButtonStyle, ComponentType, InteractionResponseType, MessageFlags, type APIButtonComponentWithCustomId, type APIMessage } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { labelOf } from "../../src/brief/province-brief.ts";
import { startBot, type Bot } from "../../src/discord/bot.ts";
import { deployCommands } from "../../src/discord/deploy.ts";
import { escapeText } from "../../src/discord/escape.ts";
import { ingest } from "../../src/pipeline/ingest.ts";
import { FakeDiscord, ROUTES, type Exchange, type MessageBody } from "../fakes/fake-discord.ts";
import { FNA, tempContext } from "../helpers/context.ts";
import { sampleFile } from "../commands/sample-files.ts";
import { expectWithinLimits, visibleText } from "./helpers.ts";

const ZW = "\u200b";
const ROLE = "<@&123456789012345678>";
/** A short report by SOHR about Raqqa that tries to ping everyone and a role, with markdown in it. */
const HOSTILE = [
  "Title: Checkpoint attack in Raqqa @everyone (sample)",
  "Source: sohr",
  "Date: 2026-11-24",
  "-----",
  "Checkpoint attack in Raqqa",
  "",
  "Raqqa Province:",
  `SOHR activists reported that gunmen attacked a checkpoint in Raqqa city @everyone ${ROLE}, killing two civilians and wounding **three** others near the clock tower.`,
].join("\n");

let t: Awaited<ReturnType<typeof tempContext>>;
let fake: FakeDiscord;
let bot: Bot;
let fnaId: string;
let hostileId: string;

beforeAll(async () => {
  t = await tempContext("2026-11-25T12:00:00Z");
  fnaId = (await ingest(t.ctx, { kind: "file", path: FNA }, { published: "2026-11-24" })).id;
  await ingest(t.ctx, { kind: "file", path: sampleFile("sana") }, { published: "2026-11-23" });
  const hostileFile = path.join(t.dir, "sohr-raqqa-hostile.txt");
  await writeFile(hostileFile, HOSTILE);
  hostileId = (await ingest(t.ctx, { kind: "file", path: hostileFile })).id;

  fake = new FakeDiscord();
  await fake.start();
  // Registered as `deploy-commands` would, so the fake types options (days: integer) from the real builders.
  await deployCommands(commands, { token: fake.token, appId: fake.ids.app, apiUrl: fake.apiUrl });
  bot = await startBot(t.ctx, commands, { token: fake.token, apiUrl: fake.apiUrl });
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await t?.cleanup();
});

/** Every body the bot sent for an exchange: the callback's data, edits and follow-ups. */
function bodiesOf(ex: Exchange): MessageBody[] {
  return [...(ex.callback?.data ? [ex.callback.data] : []), ...ex.edits, ...ex.followups];
}

/** Checks what every message of an answer must be: within Discord's limits, sent without pings. */
function expectSafe(ex: Exchange): void {
  const bodies = bodiesOf(ex);
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) {
    expectWithinLimits(body);
    expect(body.allowed_mentions).toEqual({ parse: [] });
  }
  for (const m of ex.messages) {
    expect(m.mention_everyone).toBe(false);
    expect(m.mention_roles).toEqual([]);
  }
}

const allText = (ex: Exchange) => ex.messages.map(visibleText).join("\n");
const isEphemeral = (m: APIMessage) => ((m.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

function buttons(message: APIMessage): APIButtonComponentWithCustomId[] {
  return (message.components ?? []).flatMap((row) => ("components" in row ? (row.components as APIButtonComponentWithCustomId[]) : [])).filter((c) => c.type === ComponentType.Button);
}

function nextButton(message: APIMessage): APIButtonComponentWithCustomId {
  const next = buttons(message).find((b) => b.label?.startsWith("Next"));
  if (!next) throw new Error(`no Next button on message ${message.id}`);
  return next;
}

describe("/brief", () => {
  it("shows each source's account of the province with its label, quoted loaded terms and the method", async () => {
    const ex = await fake.slash("brief", { province: "SY-HL", days: 7 });
    expect(ex.callback?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expectSafe(ex);
    const [message] = ex.messages;
    expect(isEphemeral(message)).toBe(false);
    expect(message.content).toMatch(/^\*\*Aleppo\*\* · 2026-11-18 → 2026-11-25 · /);
    const fna = message.embeds.find((e) => e.title === "Fars News Agency");
    expect(fna).toBeDefined();
    const label = labelOf(t.ctx, { sourceId: "fna", publishedAt: "2026-11-24T00:00:00Z" }).label;
    expect(label).toMatch(/IRGC/);
    expect(fna!.description).toContain(`*${escapeText(label)}*`);
    // Each bullet is attributed to its source, and the source's loaded words are quoted in bold.
    const bullets = fna!.description!.split("\n").filter((l) => l.startsWith("• "));
    expect(bullets.length).toBeGreaterThan(0);
    expect(bullets.every((b) => b.startsWith("• Fars News Agency: "))).toBe(true);
    expect(fna!.description).toContain("**“terrorists”**");
    expect(fna!.description).toMatch(/• Fars News Agency: [^\n]*\*\*“terrorists”\*\*/);
    expect(allText(ex)).toContain("Condensed: extractive");
  });

  it("lists both sides for Homs and keeps to one source when asked", async () => {
    const both = await fake.slash("brief", { province: "Homs", days: 7 });
    expectSafe(both);
    const titles = both.messages.flatMap((m) => m.embeds.map((e) => e.title));
    expect(titles).toEqual(expect.arrayContaining(["Fars News Agency", "Syrian Arab News Agency"]));
    const sanaOnly = await fake.slash("brief", { province: "Homs", days: 7, source: "sana" });
    expect(sanaOnly.messages.flatMap((m) => m.embeds.map((e) => e.title))).toEqual(["Syrian Arab News Agency"]);
    expect(sanaOnly.messages[0].content).toContain("⚠ Only");
  });

  it("answers an unknown province privately with the closest names", async () => {
    const ex = await fake.slash("brief", { province: "Alepo city", days: 7 });
    expect(ex.callback?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(ex.callback?.data?.flags).toBe(MessageFlags.Ephemeral);
    expectSafe(ex);
    expect(ex.messages).toHaveLength(1);
    expect(ex.messages[0].content).toMatch(/^Unknown province "Alepo city"/);
    expect(ex.messages[0].content).toMatch(/Did you mean: .*Aleppo/);
    expect(ex.messages[0].embeds).toEqual([]);
  });

  it("never pings from a report that says @everyone and mentions a role", async () => {
    const ex = await fake.slash("brief", { province: "Raqqa", days: 7 });
    expectSafe(ex);
    const text = allText(ex);
    expect(text).toContain("• SOHR activists reported");
    expect(text).toContain(`@${ZW}everyone`);
    expect(text).toContain(`<${ZW}@&123456789012345678\\>`);
    // The report's markdown is shown literally, not as bold.
    expect(text).toContain("\\*\\*three\\*\\*");
    expect(text).not.toMatch(/@everyone|<@&/);
  });
});

describe("autocomplete", () => {
  it.each([
    ["deir ez", { name: "Deir ez-Zor (SY-DY)", value: "SY-DY" }],
    ["damascus countr", { name: "Rif Dimashq (SY-RD)", value: "SY-RD" }],
    ["sy-dy", { name: "Deir ez-Zor (SY-DY)", value: "SY-DY" }],
  ])("offers provinces for %j, the best match first", async (typed, first) => {
    const ex = await fake.autocomplete("brief", { province: typed }, "province");
    expect(ex.callback?.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = ex.callback!.data!.choices!;
    expect(choices[0]).toEqual(first);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.every((c) => c.name.length <= 100)).toBe(true);
  });

  it("offers sources by alias in /brief and /search, and at most 25 when nothing is typed", async () => {
    const enab = await fake.autocomplete("brief", { province: "SY-HL", source: "enab" }, "source");
    expect(enab.callback!.data!.choices![0]).toEqual({ name: "Enab Baladi (enab-baladi)", value: "enab-baladi" });
    const inSearch = await fake.autocomplete("search", { query: "army", province: "deir ez" }, "province");
    expect(inSearch.callback!.data!.choices![0]?.value).toBe("SY-DY");
    const all = await fake.autocomplete("search", { query: "army", source: "" }, "source");
    expect(all.callback!.data!.choices!.length).toBe(25);
  });
});

describe("/search", () => {
  it("shows 5 hits with a Next button that pages for the searcher only, until the results expire", async () => {
    const first = await fake.slash("search", { query: "terrorists" });
    expectSafe(first);
    const page1 = first.messages[0];
    const embed = page1.embeds[0];
    expect(embed.title).toBe("Search: “terrorists”");
    const footer = /^Page 1 of (\d+) \((\d+) hits\)$/.exec(embed.footer?.text ?? "");
    expect(footer).not.toBeNull();
    expect(Number(footer![1])).toBeGreaterThan(2);
    expect(embed.description!.match(/^\*\*\d+\. /gm)).toEqual(["**1. ", "**2. ", "**3. ", "**4. ", "**5. "]);
    expect(embed.description).toContain("**terrorists**");
    expect(embed.description).toContain(`\`/report id:${fnaId}\``);
    const [previous, next] = buttons(page1);
    expect(previous).toMatchObject({ label: "◀ Previous", disabled: true, style: ButtonStyle.Secondary });
    expect(next).toMatchObject({ label: "Next ▶", disabled: false });

    const second = await fake.click(page1, next.custom_id);
    expect(second.callback?.type).toBe(InteractionResponseType.UpdateMessage);
    expectSafe(second);
    const page2 = second.messages[0];
    expect(page2.id).toBe(page1.id);
    expect(page2.embeds[0].footer?.text).toBe(`Page 2 of ${footer![1]} (${footer![2]} hits)`);
    expect(page2.embeds[0].description!.match(/^\*\*\d+\. /gm)).toEqual(["**6. ", "**7. ", "**8. ", "**9. ", "**10. "]);
    expect(buttons(page2)[0].disabled).toBe(false);

    const stranger = await fake.click(page2, nextButton(page2).custom_id, { userId: fake.ids.otherUser });
    expect(stranger.callback?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(stranger.callback?.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(stranger.messages.map((m) => m.content)).toEqual(["Only the person who searched can page these results.\n• Run /search yourself to page your own results."]);

    t.clock.advance(16 * 60_000);
    try {
      const expired = await fake.click(page2, nextButton(page2).custom_id);
      expect(expired.callback?.data?.flags).toBe(MessageFlags.Ephemeral);
      expect(expired.messages).toHaveLength(1);
      expect(expired.messages[0].content).toMatch(/^These results expired — search again\./);
    } finally {
      t.clock.advance(-16 * 60_000);
    }
  });

  it("says so when nothing matches, without buttons", async () => {
    const ex = await fake.slash("search", { query: "zeppelin" });
    expectSafe(ex);
    expect(ex.messages[0].embeds[0].description).toContain("No reports match “zeppelin”");
    expect(ex.messages[0].components ?? []).toEqual([]);
  });
});

describe("/report, /sources, /help", () => {
  it("/report shows the report's title, source and label, date, provinces and condensation", async () => {
    const ex = await fake.slash("report", { id: fnaId }, {}, { until: (e) => e.messages.length > 0 });
    expectSafe(ex);
    const [about, ...rest] = ex.messages[0].embeds;
    expect(about.title).toMatch(/Syria in Last 24 Hours/);
    const label = labelOf(t.ctx, { sourceId: "fna", publishedAt: "2026-11-24T00:00:00Z" }).label;
    expect(about.description).toContain(`**Fars News Agency** — *${escapeText(label)}*`);
    expect(about.description).toContain("Published 2026-11-24");
    expect(about.description).toMatch(/Provinces: .*SY-HL/);
    expect(about.description).toContain(`Report \`${fnaId}\``);
    expect(rest.map((e) => e.title)).toContain("SY-HL — condensed");
    expect(allText(ex)).toContain("Condensed: extractive");
  });

  it("/report of the hostile report shows its title without pinging", async () => {
    const ex = await fake.slash("report", { id: hostileId });
    expectSafe(ex);
    expect(ex.messages[0].embeds[0].title).toBe(`Checkpoint attack in Raqqa @${ZW}everyone (sample)`);
    expect(allText(ex)).not.toMatch(/@everyone|<@&/);
  });

  it("/report with an unknown id explains what ids look like, privately", async () => {
    const ex = await fake.slash("report", { id: "0123456789ab" });
    expect(ex.callback?.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(ex.messages[0].content).toMatch(/^No report with id "0123456789ab"\.\n• Report ids are the 12-character codes/);
  });

  it("/sources lists the registry privately with labels", async () => {
    const ex = await fake.slash("sources");
    expectSafe(ex);
    expect(ex.messages.every(isEphemeral)).toBe(true);
    expect(ex.messages[0].embeds[0].title).toBe(`Sources (${t.ctx.sources.all().length})`);
    const text = allText(ex);
    for (const source of t.ctx.sources.all()) expect(text).toContain(`**${escapeText(source.name)}** \`${source.id}\``);
    expect(text).toMatch(/\*\*Fars News Agency\*\* `fna` — \*[^*]*IRGC/);
  });

  it("/help lists every command with its usage, privately", async () => {
    const ex = await fake.slash("help");
    expectSafe(ex);
    expect(isEphemeral(ex.messages[0])).toBe(true);
    const embed = ex.messages[0].embeds[0];
    expect(embed.title).toBe("Sitrep commands");
    for (const c of commands) expect(embed.description).toContain(`**/${c.data.name}** — ${escapeText(c.data.description)}`);
    expect(embed.description).toContain("`/brief province:<province> [days:<1-30>] [source:<source>]`");
  });
});

describe("in a DM", () => {
  it("/brief and /search (with paging) work without a guild", async () => {
    const briefEx = await fake.slash("brief", { province: "SY-HL", days: 7 }, { dm: true });
    expectSafe(briefEx);
    expect(briefEx.messages[0].channel_id).toBe(fake.ids.dmChannel);
    expect(briefEx.messages[0].embeds.map((e) => e.title)).toContain("Fars News Agency");

    const searchEx = await fake.slash("search", { query: "terrorists" }, { dm: true });
    expectSafe(searchEx);
    const page1 = searchEx.messages[0];
    expect(page1.embeds[0].footer?.text).toMatch(/^Page 1 of \d+/);
    const page2 = await fake.click(page1, nextButton(page1).custom_id, { dm: true });
    expect(page2.messages[0].embeds[0].footer?.text).toMatch(/^Page 2 of \d+/);
  });
});

describe("rate limits", () => {
  it("waits out a 429 with Retry-After on the callback, and the brief still arrives", async () => {
    fake.failNext(ROUTES.callback, {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: 0.4, global: false },
      headers: { "retry-after": "0.4", "x-ratelimit-limit": "1", "x-ratelimit-remaining": "0", "x-ratelimit-reset-after": "0.4", "x-ratelimit-scope": "user" },
    });
    const ex = await fake.slash("brief", { province: "SY-HL", days: 7 });
    const callbacks = ex.requests.filter((r) => r.path.endsWith("/callback"));
    expect(callbacks.map((r) => r.status)).toEqual([429, 204]);
    expect(callbacks[1].at - callbacks[0].at).toBeGreaterThanOrEqual(400);
    expectSafe(ex);
    expect(ex.messages[0].embeds.map((e) => e.title)).toContain("Fars News Agency");
  });
});
