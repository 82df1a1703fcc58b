/**
 * Digest subscriptions in the store: one record per channel (`sub:<guild>:<channel>`), so a guild's
 * subscriptions are one key range and a guild can only ever address its own. Runtime state written by the
 * scheduler (a pause after a 403) lives apart under `substate:…`, so a scheduler writing it can never bring
 * back a subscription that was just removed.
 */
import type Keyv from "keyv";
import type { Context } from "../context.ts";
import { NAMESPACE } from "../store/open-keyv.ts";
import { SqliteBackend } from "../store/sqlite-backend.ts";
import type { TimeOfDay } from "../schedule/zoned-time.ts";

export interface Subscription {
  /** `<guildId>:<channelId>`; also the key suffix. */
  id: string;
  guildId: string;
  channelId: string;
  /** The channel's name when it was checked, for `/digest list` ("digests"); may go stale. */
  channelName?: string;
  time: TimeOfDay;
  /** Canonical IANA name. */
  timezone: string;
  /** Province codes, or null for every province of the region pack. */
  provinces: string[] | null;
  /** Source registry ids, or null for every source. */
  sources: string[] | null;
  createdBy: string;
  /** ISO, from ctx.clock: no digest is due for a time before the subscription existed. */
  createdAt: string;
  /** Where `/digest subscribe` was run: a notice goes there when the digest channel stops accepting posts. */
  noticeChannelId?: string;
}

/** What the scheduler learnt about a subscription that the user must act on. */
export interface SubscriptionState {
  paused?: { reason: string; at: string; noticeSent: boolean };
}

const SUB = "sub:";
const STATE = "substate:";

export const subscriptionId = (guildId: string, channelId: string) => `${guildId}:${channelId}`;

/** Stores (creates or replaces) a subscription and clears any pause: subscribing again is how a paused digest resumes. */
export async function saveSubscription(ctx: Pick<Context, "store">, sub: Subscription): Promise<void> {
  await ctx.store.kv.set(SUB + sub.id, sub);
  await ctx.store.kv.delete(STATE + sub.id);
}

/** The subscription of one channel in one guild (never another guild's). */
export async function getSubscription(ctx: Pick<Context, "store">, guildId: string, channelId: string): Promise<Subscription | undefined> {
  return ctx.store.kv.get<Subscription>(SUB + subscriptionId(guildId, channelId));
}

/** Removes a subscription and its state; true when there was one. */
export async function removeSubscription(ctx: Pick<Context, "store">, id: string): Promise<boolean> {
  const existed = await ctx.store.kv.delete(SUB + id);
  await ctx.store.kv.delete(STATE + id);
  return existed;
}

/** A guild's subscriptions, by channel. */
export async function guildSubscriptions(ctx: Pick<Context, "store">, guildId: string): Promise<Subscription[]> {
  return scanValues<Subscription>(ctx.store.kv, `${SUB}${guildId}:`);
}

/** Every subscription (the scheduler's view). */
export async function allSubscriptions(ctx: Pick<Context, "store">): Promise<Subscription[]> {
  return scanValues<Subscription>(ctx.store.kv, SUB);
}

/** Removes every subscription of a channel (CHANNEL_DELETE); returns how many. */
export async function removeChannelSubscriptions(ctx: Pick<Context, "store">, guildId: string, channelId: string): Promise<number> {
  return (await removeSubscription(ctx, subscriptionId(guildId, channelId))) ? 1 : 0;
}

/** Removes every subscription of a guild (the bot left or was removed: GUILD_DELETE); returns how many. */
export async function removeGuildSubscriptions(ctx: Pick<Context, "store">, guildId: string): Promise<number> {
  const subs = await guildSubscriptions(ctx, guildId);
  for (const sub of subs) await removeSubscription(ctx, sub.id);
  return subs.length;
}

/** States of the given subscriptions, in order. */
export async function subscriptionStates(ctx: Pick<Context, "store">, ids: string[]): Promise<SubscriptionState[]> {
  if (ids.length === 0) return [];
  const states = await ctx.store.kv.getMany<SubscriptionState>(ids.map((id) => STATE + id));
  return states.map((s) => s ?? {});
}

/** Pauses a subscription with the reason users see in `/digest list`. */
export async function pauseSubscription(ctx: Pick<Context, "store">, id: string, paused: NonNullable<SubscriptionState["paused"]>): Promise<void> {
  await ctx.store.kv.set(STATE + id, { paused } satisfies SubscriptionState);
}

/**
 * Values of every key starting with `prefix`: one index range read on the SQLite backend (the key is the
 * primary key), a filtered iteration on other backends.
 */
async function scanValues<T>(kv: Keyv, prefix: string): Promise<T[]> {
  const out: T[] = [];
  if (kv.store instanceof SqliteBackend) {
    for await (const [, raw] of kv.store.scanPrefix(`${NAMESPACE}:${prefix}`)) {
      const data = (await kv.deserialize!(raw)) as { value: T } | undefined;
      if (data) out.push(data.value);
    }
    return out;
  }
  if (!kv.iterator) throw new Error("This keyv backend cannot list its keys, so subscriptions cannot be listed");
  for await (const [key, value] of kv.iterator(undefined)) if ((key as string).startsWith(prefix)) out.push(value as T);
  return out;
}
