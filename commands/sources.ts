/**
 * `/sources` — the source registry: who runs each source, where it stands, and the references for that; with
 * each source's feeds and their state (last success, items ingested, last error, next poll, disabled and why).
 */
import { SlashCommandBuilder } from "discord.js";
import { labelOf } from "../src/brief/province-brief.ts";
import type { Command } from "../src/command.ts";
import { feedViews } from "../src/feeds/feed-view.ts";

export const sources: Command = {
  data: new SlashCommandBuilder().setName("sources").setDescription("The sources Sitrep knows: ownership, state ties, alignment, references").toJSON(),

  async run(ctx) {
    const now = ctx.clock.now().toISOString();
    const feeds = await feedViews(ctx);
    return {
      kind: "sources",
      // Reference material for the asker: kept out of the channel.
      ephemeral: true,
      sources: ctx.sources.all().map((s) => {
        const own = feeds.filter((f) => f.sourceId === s.id);
        return { view: labelOf(ctx, { sourceId: s.id, publishedAt: now }), domains: s.domains, ...(own.length ? { feeds: own } : {}) };
      }),
    };
  },
};
