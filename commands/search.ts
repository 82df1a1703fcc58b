/**
 * `/search query:<text> [province] [source] [days:1-3650]` — ranked snippets, 5 per page. A search with more
 * pages is kept for 15 minutes under a token; its buttons (`search:<token>:<page>`) page it for the searcher.
 */
import { SlashCommandBuilder } from "discord.js";
import { requireProvince, requireSource } from "../src/registry/resolve.ts";
import type { Command, Reply } from "../src/command.ts";
import type { Context } from "../src/context.ts";
import { UserError } from "../src/errors.ts";
import type { SearchQuery } from "../src/types.ts";
import { placeOrSourceChoices } from "./shared/choices.ts";
import { integerOption, requiredString, stringOption } from "./shared/options.ts";
import { loadPaging, savePaging } from "./shared/search-paging.ts";
import { DAY_MS } from "../src/clock.ts";

export const PAGE_SIZE = 5;
const MAX_DAYS = 3650;
const MAX_QUERY = 200;

export const search: Command = {
  data: new SlashCommandBuilder()
    .setName("search")
    .setDescription('Search stored reports: words (all must match), "exact phrases", prefix*')
    .addStringOption((o) => o.setName("query").setDescription('What to look for, e.g. airbase, "T4", Palmyra').setRequired(true).setMaxLength(MAX_QUERY))
    .addStringOption((o) => o.setName("province").setDescription("Only paragraphs about this province").setAutocomplete(true))
    .addStringOption((o) => o.setName("source").setDescription("Only this source").setAutocomplete(true))
    .addIntegerOption((o) => o.setName("days").setDescription("Only reports from the last N days").setMinValue(1).setMaxValue(MAX_DAYS))
    .toJSON(),

  autocomplete: (ctx, focused) => placeOrSourceChoices(ctx, focused),

  async run(ctx, options, inv) {
    const text = requiredString(options, "query", "search");
    if (text.length > MAX_QUERY) throw new UserError(`The query is too long (${text.length} characters; at most ${MAX_QUERY}).`);
    const province = stringOption(options, "province");
    const source = stringOption(options, "source");
    const days = integerOption(options, "days", 1, MAX_DAYS);
    const query: SearchQuery = {
      text,
      ...(province ? { province: requireProvince(ctx, province).code } : {}),
      ...(source ? { source: requireSource(ctx, source) } : {}),
      ...(days ? { from: new Date(ctx.clock.now().getTime() - days * DAY_MS).toISOString() } : {}),
    };
    const reply = await searchPage(ctx, query, 0);
    return reply.result.total > PAGE_SIZE ? { ...reply, pagingToken: await savePaging(ctx, query, inv.userId) } : reply;
  },

  /** A paging button: `args` = [token, 0-based page]. */
  async component(ctx, args, inv) {
    const [token = "", pageArg = ""] = args;
    const query = await loadPaging(ctx, token, inv.userId);
    const page = /^\d{1,6}$/.test(pageArg) ? Number(pageArg) : 0;
    let reply = await searchPage(ctx, query, page);
    // New reports or a rebuilt index can shrink the result: show the last page rather than an empty one.
    const last = Math.max(0, Math.ceil(reply.result.total / PAGE_SIZE) - 1);
    if (page > last) reply = await searchPage(ctx, query, last);
    return { ...reply, pagingToken: token };
  },
};

async function searchPage(ctx: Context, query: SearchQuery, page: number): Promise<Extract<Reply, { kind: "search" }>> {
  const result = await ctx.search.search({ ...query, limit: PAGE_SIZE, offset: page * PAGE_SIZE });
  return { kind: "search", query, result, page, pageSize: PAGE_SIZE };
}
