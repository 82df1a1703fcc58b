import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord-api-types/v10";
import { SlashCommandBuilder } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Command } from "../../src/command.ts";
import { commandProblems, deployCommands, validateCommand } from "../../src/discord/deploy.ts";
import { FakeDiscord } from "../fakes/fake-discord.ts";

const briefData = new SlashCommandBuilder()
  .setName("brief")
  .setDescription("Per-source accounts of a province")
  .addStringOption((o) => o.setName("province").setDescription("Province").setRequired(true).setAutocomplete(true))
  .addIntegerOption((o) => o.setName("days").setDescription("Days back (1-30)").setMinValue(1).setMaxValue(30))
  .toJSON();
const digestData = new SlashCommandBuilder()
  .setName("digest")
  .setDescription("Daily digests in a channel")
  .addSubcommand((s) => s.setName("subscribe").setDescription("Post a digest every day").addChannelOption((o) => o.setName("channel").setDescription("Where").setRequired(true)))
  .addSubcommand((s) => s.setName("list").setDescription("This server's subscriptions"))
  .toJSON();
const commands: Command[] = [briefData, digestData].map((data) => ({ data, run: async () => ({ kind: "notice", text: "" }) }));

let fake: FakeDiscord;
beforeAll(async () => {
  fake = new FakeDiscord();
  await fake.start();
});
afterAll(() => fake.close());

/** What Discord stored, without the fields it adds (ids, versions). */
function asSent(registered: readonly object[]): unknown[] {
  return registered.map((command) => {
    const { id: _id, application_id: _app, version: _v, guild_id: _g, default_member_permissions: _p, ...rest } = command as Record<string, unknown>;
    return rest;
  });
}

function asGiven(data: RESTPostAPIChatInputApplicationCommandsJSONBody[]): unknown[] {
  return data.map(({ default_member_permissions: _p, ...rest }) => ({ type: 1, ...rest }));
}

describe("deployCommands", () => {
  it("registers exactly the given commands in a guild with one PUT", async () => {
    const count = await deployCommands(commands, { token: fake.token, appId: fake.ids.app, guildId: fake.ids.guild, apiUrl: fake.apiUrl });
    expect(count).toBe(2);
    const puts = fake.requests.filter((r) => r.method === "PUT");
    expect(puts.map((r) => r.path)).toEqual([`/applications/${fake.ids.app}/guilds/${fake.ids.guild}/commands`]);
    expect(puts[0].body).toEqual([briefData, digestData]);
    expect(asSent(fake.commands.guilds.get(fake.ids.guild)!)).toEqual(asGiven([briefData, digestData]));
  });

  it("registers globally, replacing what was there", async () => {
    await deployCommands(commands, { token: fake.token, appId: fake.ids.app, apiUrl: fake.apiUrl });
    expect(await deployCommands(commands.slice(0, 1), { token: fake.token, appId: fake.ids.app, apiUrl: fake.apiUrl })).toBe(1);
    expect(fake.commands.global.map((c) => c.name)).toEqual(["brief"]);
  });

  it("makes the fake type interaction options from the registered definitions", async () => {
    await deployCommands(commands, { token: fake.token, appId: fake.ids.app, apiUrl: fake.apiUrl });
    const interaction = fake.buildSlash("brief", { province: "aleppo", days: 3 }) as { data: { options: { type: number }[] } };
    expect(interaction.data.options.map((o) => o.type)).toEqual([ApplicationCommandOptionType.String, ApplicationCommandOptionType.Integer]);
  });

  it("fails with Discord's 401 on a bad token, and sends nothing for an invalid command", async () => {
    await expect(deployCommands(commands, { token: "nope", appId: fake.ids.app, apiUrl: fake.apiUrl })).rejects.toThrow(/401|Unauthorized/);
    const before = fake.requests.length;
    const bad: Command = { data: { name: "Bad", description: "x" }, run: async () => ({ kind: "notice", text: "" }) };
    await expect(deployCommands([bad], { token: fake.token, appId: fake.ids.app, apiUrl: fake.apiUrl })).rejects.toThrow(/\/Bad: name "Bad" must be lowercase/);
    expect(fake.requests.length).toBe(before);
  });

  it("refuses two commands with one name", async () => {
    await expect(deployCommands([commands[0], commands[0]], { token: fake.token, appId: fake.ids.app, apiUrl: fake.apiUrl })).rejects.toThrow(/\/brief: two commands have this name/);
  });
});

describe("validateCommand", () => {
  const ok = (extra: Partial<RESTPostAPIChatInputApplicationCommandsJSONBody> = {}): RESTPostAPIChatInputApplicationCommandsJSONBody => ({ name: "brief", description: "A brief", ...extra });
  const str = (name: string, extra: Record<string, unknown> = {}) => ({ type: ApplicationCommandOptionType.String, name, description: `The ${name}`, ...extra }) as never;

  it("accepts real builders", () => {
    expect(() => validateCommand(briefData)).not.toThrow();
    expect(() => validateCommand(digestData)).not.toThrow();
    expect(commandProblems(ok({ name: "état-ساحة_2" }))).toEqual([]);
  });

  it.each([
    ["an uppercase name", ok({ name: "Brief" }), '/Brief: name "Brief" must be lowercase'],
    ["a name with spaces", ok({ name: "my brief" }), '/my brief: name "my brief" must be 1-32 letters'],
    ["a name over 32 characters", ok({ name: "b".repeat(33) }), "must be 1-32 letters"],
    ["an empty description", ok({ description: "" }), "/brief: description must be 1-100 characters (has 0)"],
    ["a description over 100", ok({ description: "d".repeat(101) }), "(has 101)"],
    ["26 options", ok({ options: Array.from({ length: 26 }, (_, i) => str(`o${i}`)) }), "/brief: 26 options (at most 25)"],
    ["a bad option name", ok({ options: [str("Province")] }), '/brief option "Province": name "Province" must be lowercase'],
    ["an option without description", ok({ options: [str("province", { description: "" })] }), '/brief option "province": description must be 1-100'],
    ["required after optional", ok({ options: [str("days"), str("province", { required: true })] }), '/brief option "province": required options must come before optional ones'],
    ["26 choices", ok({ options: [str("p", { choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` })) })] }), '/brief option "p": 26 choices (at most 25)'],
    ["choices with autocomplete", ok({ options: [str("p", { choices: [{ name: "a", value: "a" }], autocomplete: true })] }), "cannot have both choices and autocomplete"],
    ["a duplicate option", ok({ options: [str("p"), str("p")] }), '/brief option "p": the name is used twice'],
    ["subcommands mixed with options", ok({ options: [{ type: 1, name: "list", description: "List" } as never, str("p")] }), "subcommands cannot be mixed with other options"],
    ["min above max", ok({ options: [{ type: 4, name: "days", description: "Days", min_value: 30, max_value: 1 } as never] }), "min_value 30 is above max_value 1"],
    ["over 4000 characters", ok({ options: Array.from({ length: 25 }, (_, i) => str(`o${i}`, { description: "d".repeat(100), choices: Array.from({ length: 25 }, (_, j) => ({ name: `choice${j}`, value: `v${j}` })) })) }), "add up to"],
  ])("rejects %s, naming it", (_what, data, message) => {
    expect(() => validateCommand(data)).toThrow(message);
  });

  it("lists every problem at once", () => {
    expect(commandProblems(ok({ name: "Bad", description: "", options: [str("X")] }))).toHaveLength(3);
  });
});
