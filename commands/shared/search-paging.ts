/**
 * Search paging state: a search with more than one page is kept under a random token in the keyv store
 * (`paging:<token>`), with the searcher's user id, for 15 minutes. Buttons and the console's `next`/`prev`
 * carry only the token and a page number.
 */
import { randomBytes } from "node:crypto";
import type { Context } from "../../src/context.ts";
import { UserError } from "../../src/errors.ts";
import type { SearchQuery } from "../../src/types.ts";

export const PAGING_TTL_MS = 15 * 60_000;
const PREFIX = "paging:";

interface PagingState {
  query: SearchQuery;
  userId: string;
  /** ISO; checked against ctx.clock (keyv's own TTL, on the wall clock, only cleans up). */
  expiresAt: string;
}

/** Stores a search for paging and returns its token (short enough for a button's custom id). */
export async function savePaging(ctx: Pick<Context, "store" | "clock">, query: SearchQuery, userId: string): Promise<string> {
  const token = randomBytes(9).toString("base64url");
  const state: PagingState = { query, userId, expiresAt: new Date(ctx.clock.now().getTime() + PAGING_TTL_MS).toISOString() };
  await ctx.store.kv.set(PREFIX + token, state, PAGING_TTL_MS);
  return token;
}

/**
 * The search behind a token, for the user who made it. Throws a UserError when the token is unknown or
 * expired ("search again") or when another user presses the buttons.
 */
export async function loadPaging(ctx: Pick<Context, "store" | "clock">, token: string, userId: string): Promise<SearchQuery> {
  const state = /^[\w-]{1,64}$/.test(token) ? await ctx.store.kv.get<PagingState>(PREFIX + token) : undefined;
  if (!state || Date.parse(state.expiresAt) <= ctx.clock.now().getTime()) {
    throw new UserError("These results expired — search again.", ["Search results can be paged for 15 minutes."]);
  }
  if (state.userId !== userId) throw new UserError("Only the person who searched can page these results.", ["Run /search yourself to page your own results."]);
  return state.query;
}
