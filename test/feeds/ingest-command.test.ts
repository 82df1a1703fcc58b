/**
 * `/ingest`: owners only, URLs through the SSRF guard, attachments downloaded from their URL. The command runs
 * on a real context; the last test goes through the real bot and router against the local fake Discord.
 */
import { ApplicationCommandOptionType, type CommandInteractionOption } from "discord.js";
import { MessageFlags } from "discord-api-types/v10";
import { afterEach, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { ingestCommand } from "../../commands/ingest.ts";
import { startBot } from "../../src/discord/bot.ts";
import { deployCommands } from "../../src/discord/deploy.ts";
import { toOptions } from "../../src/discord/router.ts";
import { asUser, userErrorOf } from "../commands/invocation.ts";
import { FakeDiscord } from "../fakes/fake-discord.ts";
import { articleHtml, FakeFeeds } from "../fakes/fake-feeds.ts";
import type { TempContext } from "../helpers/context.ts";
import { closeFeedRig, openFeedRig } from "../helpers/feed-rig.ts";
import { visibleText } from "../discord/helpers.ts";
import { story } from "./stories.ts";

const OWNER = "123456789012345678";
let t: TempContext;
let fake: FakeFeeds;

async function setUp(env: Record<string, string> = {}) {
  ({ t, fake } = await openFeedRig({ OWNER_IDS: `${OWNER}, 222222222222222222`, ...env }));
  fake.page("/news/7", articleHtml("Incident 7 in Latakia", story(7).paragraphs));
}
afterEach(() => closeFeedRig(t, fake));

describe("/ingest", () => {
  it("refuses anyone who is not an owner, before fetching anything", async () => {
    await setUp({ ALLOW_PRIVATE_URLS: "true" });
    const error = await userErrorOf(ingestCommand.run(t.ctx, { url: fake.url("/news/7") }, asUser("999999999999999999")));
    expect(error.message).toBe("Only the bot's owners can ingest reports.");
    expect(fake.requests).toHaveLength(0);
    expect(await t.ctx.store.count()).toBe(0);
  });

  it("refuses non-http(s) schemes and private, loopback and link-local addresses unless the config allows them", async () => {
    await setUp();
    const port = new URL(fake.url("/")).port;
    const cases: [string, RegExp][] = [
      ["file:///etc/passwd", /uses file; only http and https URLs are supported/],
      ["gopher://example.org/", /uses gopher; only http and https/],
      [fake.url("/news/7"), /refused: 127\.0\.0\.1 is a private, loopback or link-local address.*ALLOW_PRIVATE_URLS=true/],
      [`http://localhost:${port}/news/7`, /refused: localhost \((?:127\.0\.0\.1|::1)\) is a private/],
      [`http://[::1]:${port}/news/7`, /refused: ::1 is a private/],
      ["http://10.20.30.40/", /refused: 10\.20\.30\.40 is a private/],
      ["http://192.168.1.1/admin", /refused: 192\.168\.1\.1 is a private/],
      ["http://169.254.169.254/latest/meta-data/", /refused: 169\.254\.169\.254 is a private/],
      [`http://0.0.0.0:${port}/`, /refused: 0\.0\.0\.0 is a private/],
    ];
    for (const [url, reason] of cases) {
      const error = await userErrorOf(ingestCommand.run(t.ctx, { url }, asUser(OWNER)));
      expect(error.message, url).toMatch(reason);
    }
    expect(fake.requests).toHaveLength(0);
    expect(await t.ctx.store.count()).toBe(0);
  });

  it("ingests an owner's URL (private addresses allowed by the config) and says when it is already stored", async () => {
    await setUp({ ALLOW_PRIVATE_URLS: "true" });
    const reply = await ingestCommand.run(t.ctx, { url: fake.url("/news/7"), source: "sana" }, asUser(OWNER));
    expect(reply).toMatchObject({ kind: "notice", title: "Ingested", text: "Incident 7 in Latakia", ephemeral: true });
    expect(reply.kind === "notice" && reply.lines![0]).toMatch(/^Report [0-9a-f]{12} · Syrian Arab News Agency · Latakia$/);
    expect(await t.ctx.store.count()).toBe(1);
    const again = await ingestCommand.run(t.ctx, { url: fake.url("/news/7"), source: "sana" }, asUser(OWNER));
    expect(again).toMatchObject({ kind: "notice", title: "Already stored" });
    expect(await t.ctx.store.count()).toBe(1);
  });

  it("ingests an attached file from its URL, named by its file name, and refuses a binary one", async () => {
    await setUp({ ALLOW_PRIVATE_URLS: "true" });
    const text = ["Title: Notes from Daraa", "Source: enab-baladi", "Date: 2026-11-23", "---", ...story(6).paragraphs].join("\n");
    fake.answer("/attachments/1/2/notes%20daraa.txt", { body: text, headers: { "content-type": "application/octet-stream" } });
    fake.answer("/attachments/1/3/scan.pdf", { body: Buffer.from("%PDF-1.7 …"), headers: { "content-type": "application/pdf" } });
    const reply = await ingestCommand.run(t.ctx, { file: fake.url("/attachments/1/2/notes%20daraa.txt") }, asUser(OWNER));
    expect(reply).toMatchObject({ kind: "notice", title: "Ingested", text: "Notes from Daraa" });
    const [id] = await t.ctx.store.idsInWindow("*", new Date("2026-11-01"), new Date("2026-11-30"));
    expect(await t.ctx.store.get(id)).toMatchObject({ origin: "notes daraa.txt", sourceId: "enab-baladi", publishedAt: "2026-11-23T00:00:00.000Z" });
    expect((await t.ctx.store.get(id))!.url).toBeUndefined();

    const error = await userErrorOf(ingestCommand.run(t.ctx, { file: fake.url("/attachments/1/3/scan.pdf") }, asUser(OWNER)));
    expect(error.message).toBe("scan.pdf: input looks like a PDF document, not text");
    expect(await t.ctx.store.count()).toBe(1);
  });

  it("asks for exactly one of url: and file:", async () => {
    await setUp();
    expect((await userErrorOf(ingestCommand.run(t.ctx, {}, asUser(OWNER)))).message).toMatch(/^Give url:/);
    expect((await userErrorOf(ingestCommand.run(t.ctx, { url: "https://a.example/", file: "https://b.example/x.txt" }, asUser(OWNER)))).message).toBe("Give either url: or file:, not both.");
  });

  it("gets an attachment option from the router as the attachment's URL", () => {
    // What discord.js resolves an attachment option to (an Attachment; only its url matters here).
    const attachment = { id: "1", name: "r.txt", url: "https://cdn.discordapp.com/attachments/1/2/r.txt" };
    const data = [{ name: "file", type: ApplicationCommandOptionType.Attachment, value: "1", attachment }] as unknown as CommandInteractionOption[];
    expect(toOptions(data)).toEqual({ file: "https://cdn.discordapp.com/attachments/1/2/r.txt" });
  });

  it("answers through the bot: an owner ingests, another user is refused, both privately", async () => {
    const discord = new FakeDiscord();
    await discord.start();
    try {
      await setUp({ ALLOW_PRIVATE_URLS: "true", OWNER_IDS: discord.ids.user });
      await deployCommands(commands, { token: discord.token, appId: discord.ids.app, apiUrl: discord.apiUrl });
      const bot = await startBot(t.ctx, commands, { token: discord.token, apiUrl: discord.apiUrl });
      try {
        const refused = await discord.slash("ingest", { url: fake.url("/news/7") }, { userId: discord.ids.otherUser });
        expect(visibleText(refused.messages[0])).toContain("Only the bot's owners can ingest reports.");
        expect(refused.messages[0].flags! & MessageFlags.Ephemeral).toBeTruthy();
        const done = await discord.slash("ingest", { url: fake.url("/news/7") });
        expect(visibleText(done.messages[0])).toContain("Incident 7 in Latakia");
        expect(done.messages[0].flags! & MessageFlags.Ephemeral).toBeTruthy();
        expect(await t.ctx.store.count()).toBe(1);
      } finally {
        await bot.stop();
      }
    } finally {
      await discord.close();
    }
  });
});
