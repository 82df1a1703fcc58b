/** `/brief province:<autocomplete> [days:1-30] [source:<autocomplete>]` — each source's account of a province. */
import { SlashCommandBuilder } from "discord.js";
import { buildBrief } from "../src/brief/province-brief.ts";
import type { Command } from "../src/command.ts";
import { placeOrSourceChoices } from "./shared/choices.ts";
import { integerOption, requiredString, stringOption } from "./shared/options.ts";

const MAX_DAYS = 30;
const DEFAULT_DAYS = 7;

export const brief: Command = {
  data: new SlashCommandBuilder()
    .setName("brief")
    .setDescription("Each source's account of a province, with its label and its loaded words quoted")
    .addStringOption((o) => o.setName("province").setDescription("Province name or code, e.g. Aleppo, Deir ez-Zor, SY-RD").setRequired(true).setAutocomplete(true))
    .addIntegerOption((o) => o.setName("days").setDescription(`How many days back (default ${DEFAULT_DAYS})`).setMinValue(1).setMaxValue(MAX_DAYS))
    .addStringOption((o) => o.setName("source").setDescription("Only this source").setAutocomplete(true))
    .toJSON(),

  autocomplete: (ctx, focused) => placeOrSourceChoices(ctx, focused),

  // A model may take up to LLM_TIMEOUT_MS: answer Discord at once, then edit in the brief.
  slow: (_options, ctx) => ctx.llm !== undefined,

  async run(ctx, options, inv) {
    const province = requiredString(options, "province", "brief");
    const days = integerOption(options, "days", 1, MAX_DAYS) ?? DEFAULT_DAYS;
    // The per-user LLM cooldown is for chat users; the console's operator is not held to it.
    const requester = inv.transport === "discord" ? inv.userId : undefined;
    const result = await buildBrief(ctx, { province, days, source: stringOption(options, "source"), maxDays: MAX_DAYS, requester });
    return { kind: "brief", brief: result };
  },
};
