/** `/report id:<id>` — one stored report: title, source and label, date, link, provinces, condensation. */
import { SlashCommandBuilder } from "discord.js";
import { labelOf } from "../src/brief/province-brief.ts";
import type { Command } from "../src/command.ts";
import { UserError } from "../src/errors.ts";
import { requiredString } from "./shared/options.ts";

const ID_HINT = "Report ids are the 12-character codes shown in /brief and /search results, e.g. 28ce121802df.";

export const report: Command = {
  data: new SlashCommandBuilder()
    .setName("report")
    .setDescription("Show one stored report: its source and label, date, link, provinces and condensation")
    .addStringOption((o) => o.setName("id").setDescription("The report id shown in /brief and /search results").setRequired(true).setMaxLength(64))
    .toJSON(),

  async run(ctx, options) {
    const id = requiredString(options, "id", "report").toLowerCase();
    const found = /^[0-9a-f]{1,64}$/.test(id) ? await ctx.store.get(id) : undefined;
    if (!found) throw new UserError(`No report with id "${id}".`, [ID_HINT]);
    return { kind: "report", report: found, source: labelOf(ctx, found) };
  },
};
