/**
 * Digests over Discord's REST API (@discordjs/rest, which waits out 429s and retries 5xx): channel checks
 * from the channel, the guild's roles and the bot's member record; posts with `nonce` + `enforce_nonce` so
 * re-sending a part returns the message Discord already has; failures mapped to what the scheduler does
 * (403 pause, 404 remove, other 4xx fail, 5xx/timeouts retry). Works with the bot's own client (`client.rest`)
 * or a bare REST client (`sitrep digest run-due`, no gateway). `connectDigests` also removes subscriptions
 * when the gateway says a channel or guild is gone.
 */
import {
  ChannelType,
  DiscordAPIError,
  Events,
  PermissionFlagsBits,
  Routes,
  type APIChannel,
  type APIGuildMember,
  type APIMessage,
  type APIOverwrite,
  type APIRole,
  type APIUser,
  REST,
  type Client,
} from "discord.js";
import type { Context } from "../context.ts";
import { DeliveryError, type ChannelCheck, type DigestPoster } from "../digest/poster.ts";
import { removeChannelSubscriptions, removeGuildSubscriptions } from "../digest/subscriptions.ts";
import { escapeText } from "./escape.ts";
import type { RenderedMessage } from "./layout.ts";
import { renderDigest } from "./render-digest.ts";

/** What the bot needs in a digest channel, by the names Discord's settings show. */
const REQUIRED: [string, bigint][] = [
  ["View Channel", PermissionFlagsBits.ViewChannel],
  ["Send Messages", PermissionFlagsBits.SendMessages],
  ["Embed Links", PermissionFlagsBits.EmbedLinks],
];
const TEXT_CHANNELS = new Set<ChannelType>([ChannelType.GuildText, ChannelType.GuildAnnouncement]);
const DISCORD_EPOCH = 1_420_070_400_000n;

/** A poster on `rest`. `botUserId` saves a request when known (the gateway client knows it). */
export function restDigestPoster(rest: REST, options: { botUserId?: string } = {}): DigestPoster<RenderedMessage> {
  let botId = options.botUserId;
  const me = async () => (botId ??= ((await rest.get(Routes.user("@me"))) as APIUser).id);

  return {
    async checkChannel(channelId): Promise<ChannelCheck> {
      let channel: APIChannel;
      try {
        channel = (await rest.get(Routes.channel(channelId))) as APIChannel;
      } catch (error) {
        if (error instanceof DiscordAPIError && (error.status === 404 || error.status === 403)) return { exists: false, problem: "Sitrep cannot see that channel" };
        throw error;
      }
      const name = "name" in channel && channel.name ? channel.name : undefined;
      const guildId = "guild_id" in channel ? (channel.guild_id ?? null) : null;
      if (!guildId) return { exists: true, guildId: null, name, problem: "it is not a server channel" };
      if (!TEXT_CHANNELS.has(channel.type)) return { exists: true, guildId, name, problem: "it is not a text or announcement channel" };
      const userId = await me();
      const [roles, member] = await Promise.all([rest.get(Routes.guildRoles(guildId)) as Promise<APIRole[]>, rest.get(Routes.guildMember(guildId, userId)) as Promise<APIGuildMember>]);
      const overwrites = "permission_overwrites" in channel ? (channel.permission_overwrites ?? []) : [];
      const perms = channelPermissions(guildId, userId, roles, member.roles, overwrites);
      const missing = REQUIRED.filter(([, bit]) => (perms & bit) === 0n).map(([label]) => label);
      return { exists: true, guildId, name, problem: missing.length > 0 ? `Sitrep lacks ${missing.join(", ")} there` : undefined };
    },

    render: (edition) => renderDigest(edition),

    async post(channelId, message, nonce) {
      try {
        const posted = (await rest.post(Routes.channelMessages(channelId), { body: { ...bodyOf(message), nonce, enforce_nonce: true } })) as APIMessage;
        return posted.id;
      } catch (error) {
        throw deliveryError(error);
      }
    },

    async findPosted(channelId, message, since) {
      try {
        const query = new URLSearchParams({ after: snowflakeAt(since), limit: "100" });
        const recent = (await rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
        const userId = await me();
        return recent.find((m) => m.author.id === userId && Date.parse(m.timestamp) >= since.getTime() && sameMessage(m, message))?.id;
      } catch (error) {
        throw deliveryError(error);
      }
    },

    async notice(channelId, text, nonce) {
      try {
        await rest.post(Routes.channelMessages(channelId), { body: { content: escapeText(text), allowed_mentions: { parse: [] }, nonce, enforce_nonce: true } });
      } catch (error) {
        throw deliveryError(error);
      }
    },
  };
}

/** A poster with its own REST client, for one pass without the gateway (`sitrep digest run-due`). */
export function tokenDigestPoster(token: string, apiUrl?: string): DigestPoster<RenderedMessage> {
  return restDigestPoster(new REST(apiUrl ? { api: apiUrl } : {}).setToken(token));
}

/**
 * Hooks digests to a running bot: `ctx.discord` posts through the bot's REST client (sharing its rate
 * limits), and subscriptions go away with their channel (CHANNEL_DELETE) or guild (GUILD_DELETE).
 */
export function connectDigests(ctx: Context, client: Client<true>): DigestPoster<RenderedMessage> {
  const poster = restDigestPoster(client.rest, { botUserId: client.user.id });
  ctx.discord = poster;
  const removed = (what: Record<string, string>) => (n: number) => {
    if (n > 0) ctx.logger.info({ ...what, removed: n }, "digest subscriptions removed");
  };
  const failed = (err: unknown) => ctx.logger.error({ err }, "could not remove digest subscriptions");
  client.on(Events.ChannelDelete, (channel) => {
    if ("guildId" in channel && channel.guildId) void removeChannelSubscriptions(ctx, channel.guildId, channel.id).then(removed({ channelId: channel.id }), failed);
  });
  // discord.js reports an outage as GuildUnavailable; GuildDelete means the bot left or was removed.
  client.on(Events.GuildDelete, (guild) => void removeGuildSubscriptions(ctx, guild.id).then(removed({ guildId: guild.id }), failed));
  return poster;
}

/** The API body of a rendered message (snake_case, mentions off). */
function bodyOf(m: RenderedMessage) {
  return { content: m.content ?? "", embeds: m.embeds, components: m.components, allowed_mentions: { parse: [] } };
}

/** True when a posted message shows what `m` would: same content and the same embed titles and texts. */
function sameMessage(posted: APIMessage, m: RenderedMessage): boolean {
  const text = (embeds: { title?: string; description?: string }[]) => JSON.stringify(embeds.map((e) => [e.title ?? "", e.description ?? ""]));
  return posted.content === (m.content ?? "") && text(posted.embeds) === text(m.embeds);
}

/** The smallest snowflake of a time, for `after=` queries. */
function snowflakeAt(time: Date): string {
  return ((BigInt(Math.max(0, time.getTime())) - DISCORD_EPOCH) << 22n).toString();
}

/**
 * The bot's permissions in a channel, the way Discord computes them: @everyone and the member's roles, then
 * the channel's overwrites for @everyone, for the roles, and for the member.
 */
export function channelPermissions(guildId: string, userId: string, roles: APIRole[], memberRoles: string[], overwrites: APIOverwrite[]): bigint {
  const mine = new Set(memberRoles);
  let perms = 0n;
  for (const role of roles) if (role.id === guildId || mine.has(role.id)) perms |= BigInt(role.permissions);
  if (perms & PermissionFlagsBits.Administrator) return ~0n;
  const apply = (allow: bigint, deny: bigint) => {
    perms = (perms & ~deny) | allow;
  };
  const everyone = overwrites.find((o) => o.id === guildId);
  if (everyone) apply(BigInt(everyone.allow), BigInt(everyone.deny));
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.id !== guildId && mine.has(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  apply(allow, deny);
  const member = overwrites.find((o) => o.id === userId);
  if (member) apply(BigInt(member.allow), BigInt(member.deny));
  return perms;
}

/** Maps a REST failure to what the scheduler does about it. */
function deliveryError(error: unknown): DeliveryError {
  if (error instanceof DiscordAPIError) {
    const failure = error.status === 403 ? "forbidden" : error.status === 404 ? "gone" : error.status === 429 || error.status >= 500 ? "transient" : "rejected";
    return new DeliveryError(failure, `${error.message} (${error.status})`, error.status);
  }
  const status = (error as { status?: unknown })?.status;
  // HTTPError (5xx after the client's own retries), aborts (timeouts), network errors.
  return new DeliveryError("transient", error instanceof Error ? error.message : String(error), typeof status === "number" ? status : undefined);
}
