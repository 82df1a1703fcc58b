/**
 * `/digest subscribe|list|unsubscribe|preview` — a channel's daily digest. Changing subscriptions needs
 * Manage Server: it is the command's default member permission and is checked again here, since server
 * admins can open the command to others (who may then list and preview). Every subcommand sees only the
 * guild it is run in; a channel of another guild is refused.
 */
import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from "discord.js";
import type { Choice, Command, Invocation, Options, Reply } from "../src/command.ts";
import type { Context } from "../src/context.ts";
import { composeDigest, type DigestScope } from "../src/digest/compose.ts";
import { recentLedger, type LedgerEntry } from "../src/digest/ledger.ts";
import {
  getSubscription,
  guildSubscriptions,
  removeSubscription,
  saveSubscription,
  subscriptionId,
  subscriptionStates,
  type Subscription,
} from "../src/digest/subscriptions.ts";
import { UserError } from "../src/errors.ts";
import { requireProvince, requireSource } from "../src/registry/resolve.ts";
import { nextSlot } from "../src/schedule/due.ts";
import { allTimeZones, canonicalTimeZone, formatLocal, formatTimeOfDay, localDate, parseTimeOfDay } from "../src/schedule/zoned-time.ts";
import { MAX_CHOICES, provinceChoices, sourceChoices } from "./shared/choices.ts";
import { requiredString, stringOption } from "./shared/options.ts";
import { DAY_MS } from "../src/clock.ts";

/** A server's digests; each is a post a day, so a handful is plenty. */
export const MAX_SUBSCRIPTIONS_PER_GUILD = 25;
const COMMON_ZONES = ["UTC", "Asia/Damascus", "Asia/Beirut", "Asia/Tehran", "Asia/Baghdad", "Europe/Istanbul", "Europe/London", "Europe/Berlin", "Europe/Paris", "America/New_York", "America/Los_Angeles", "Asia/Dubai"];
const CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

export const digest: Command = {
  data: new SlashCommandBuilder()
    .setName("digest")
    .setDescription("Daily digests of the reports, posted in a channel at its own time")
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName("subscribe")
        .setDescription("Post a digest in a channel every day (needs Manage Server)")
        .addChannelOption((o) => o.setName("channel").setDescription("Where to post").setRequired(true).addChannelTypes(...CHANNEL_TYPES))
        .addStringOption((o) => o.setName("time").setDescription("Local time of day, 24-hour HH:MM, e.g. 08:00").setRequired(true).setMaxLength(5))
        .addStringOption((o) => o.setName("timezone").setDescription("IANA time zone, e.g. Asia/Damascus, Europe/Berlin").setRequired(true).setAutocomplete(true))
        .addStringOption((o) => o.setName("provinces").setDescription('Provinces, comma-separated, or "all" (default)').setAutocomplete(true).setMaxLength(300))
        .addStringOption((o) => o.setName("sources").setDescription('Sources, comma-separated, or "all" (default)').setAutocomplete(true).setMaxLength(300)),
    )
    .addSubcommand((s) => s.setName("list").setDescription("This server's digests: time, next run, status"))
    .addSubcommand((s) =>
      s
        .setName("unsubscribe")
        .setDescription("Stop a channel's digest (needs Manage Server)")
        .addChannelOption((o) => o.setName("channel").setDescription("The channel").setRequired(true).addChannelTypes(...CHANNEL_TYPES)),
    )
    .addSubcommand((s) =>
      s
        .setName("preview")
        .setDescription("Show (only to you) what a digest would post now, for the last 24 hours")
        .addStringOption((o) => o.setName("provinces").setDescription('Provinces, comma-separated, or "all"').setAutocomplete(true).setMaxLength(300))
        .addStringOption((o) => o.setName("sources").setDescription('Sources, comma-separated, or "all"').setAutocomplete(true).setMaxLength(300)),
    )
    .toJSON(),

  guildOnly: true,

  async autocomplete(ctx, focused) {
    if (focused.name === "timezone") return timeZoneChoices(focused.value);
    if (focused.name === "provinces") return listChoices(focused.value, (typed) => provinceChoices(ctx, typed));
    if (focused.name === "sources") return listChoices(focused.value, (typed) => sourceChoices(ctx, typed));
    return [];
  },

  async run(ctx, options, inv) {
    const guildId = inv.guildId;
    if (!guildId) throw new UserError("/digest only works in a server channel, not in direct messages.");
    switch (options.subcommand) {
      case "subscribe":
        requireManageGuild(inv, "subscribe");
        return subscribe(ctx, options, inv, guildId);
      case "unsubscribe":
        requireManageGuild(inv, "unsubscribe");
        return unsubscribe(ctx, options, guildId);
      case "list":
        return list(ctx, guildId);
      case "preview":
        return preview(ctx, options, inv, guildId);
      default:
        throw new UserError("Use /digest subscribe, /digest list, /digest unsubscribe or /digest preview.");
    }
  },
};

function requireManageGuild(inv: Invocation, what: string): void {
  const perms = inv.memberPermissions ?? 0n;
  if ((perms & (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator)) === 0n) {
    throw new UserError(`You need the Manage Server permission to ${what} digests.`, ["Anyone allowed to use /digest can still run /digest list and /digest preview."]);
  }
}

async function subscribe(ctx: Context, options: Options, inv: Invocation, guildId: string): Promise<Reply> {
  const channelId = requiredString(options, "channel", "digest subscribe");
  const time = parseTimeOfDay(requiredString(options, "time", "digest subscribe"));
  const typedZone = requiredString(options, "timezone", "digest subscribe");
  const timezone = canonicalTimeZone(typedZone);
  if (!timezone) throw new UserError(`"${typedZone}" is not a time zone.`, ["Use an IANA name such as Asia/Damascus, Europe/Berlin or UTC (the list offers them as you type)."]);
  const scope = scopeOf(ctx, options);

  let channelName: string | undefined;
  const notes: string[] = [];
  if (ctx.discord) {
    const check = await ctx.discord.checkChannel(channelId);
    if (!check.exists) throw new UserError("Sitrep cannot see that channel.", ["Give Sitrep View Channel there, or pick another channel."]);
    if (check.guildId !== guildId) throw new UserError("That channel belongs to another server. Pick a channel of this server.");
    if (check.problem) throw new UserError(`Sitrep cannot post in #${check.name ?? channelId}: ${check.problem}.`, ["Give Sitrep View Channel, Send Messages and Embed Links in that channel, then subscribe again."]);
    channelName = check.name;
  } else {
    notes.push("Not connected to Discord: could not check that Sitrep can post in that channel.");
  }

  const existing = await getSubscription(ctx, guildId, channelId);
  if (!existing && (await guildSubscriptions(ctx, guildId)).length >= MAX_SUBSCRIPTIONS_PER_GUILD) {
    throw new UserError(`This server already has ${MAX_SUBSCRIPTIONS_PER_GUILD} digests, the most it can have.`, ["Remove one with /digest unsubscribe first."]);
  }
  const now = ctx.clock.now();
  const sameTime = existing && existing.timezone === timezone && formatTimeOfDay(existing.time) === formatTimeOfDay(time);
  const sub: Subscription = {
    id: subscriptionId(guildId, channelId),
    guildId,
    channelId,
    channelName,
    time,
    timezone,
    provinces: scope.provinces,
    sources: scope.sources,
    createdBy: inv.userId,
    // Re-subscribing at the same time (e.g. to resume a paused digest) keeps today's digest due.
    createdAt: sameTime ? existing.createdAt : now.toISOString(),
    ...(inv.channelId ? { noticeChannelId: inv.channelId } : {}),
  };
  await saveSubscription(ctx, sub);
  const next = nextSlot(sub, now, false);
  return {
    kind: "notice",
    title: existing ? "Digest updated" : "Digest subscribed",
    text: `${channelLabel(sub)} gets a digest every day at ${formatTimeOfDay(time)} (${timezone}).`,
    lines: [`Provinces: ${provincesLabel(ctx, sub.provinces)}`, `Sources: ${sourcesLabel(ctx, sub.sources)}`, `Next: ${formatLocal(next.at, timezone)} (${next.at.toISOString().slice(0, 16).replace("T", " ")} UTC)`, ...notes],
    ephemeral: true,
  };
}

async function unsubscribe(ctx: Context, options: Options, guildId: string): Promise<Reply> {
  const channelId = requiredString(options, "channel", "digest unsubscribe");
  const sub = await getSubscription(ctx, guildId, channelId);
  if (!sub) throw new UserError("That channel has no digest in this server.", ["/digest list shows this server's digests."]);
  await removeSubscription(ctx, sub.id);
  return { kind: "notice", title: "Digest removed", text: `${channelLabel(sub)} no longer gets the ${formatTimeOfDay(sub.time)} (${sub.timezone}) digest.`, ephemeral: true };
}

async function list(ctx: Context, guildId: string): Promise<Reply> {
  const subs = (await guildSubscriptions(ctx, guildId)).sort((a, b) => channelLabel(a).localeCompare(channelLabel(b)));
  if (subs.length === 0) return { kind: "notice", title: "Digests", text: "This server has no digests. Add one with /digest subscribe.", ephemeral: true };
  const states = await subscriptionStates(ctx, subs.map((s) => s.id));
  const now = ctx.clock.now();
  const lines = await Promise.all(
    subs.map(async (sub, i) => {
      const today = localDate(now, sub.timezone);
      const recent = await recentLedger(ctx, sub.id, today);
      const todaySettled = recent.some((e) => e.date === today && e.state !== "pending");
      const paused = states[i].paused;
      const status = paused ? `paused: ${paused.reason} — fix it, then run /digest subscribe again` : `next ${formatLocal(nextSlot(sub, now, todaySettled).at, sub.timezone)}`;
      return [
        `${channelLabel(sub)} — ${formatTimeOfDay(sub.time)} ${sub.timezone} · provinces: ${provincesLabel(ctx, sub.provinces)} · sources: ${sourcesLabel(ctx, sub.sources)}`,
        `${status}${historyText(recent)}`,
      ].join("\n  ");
    }),
  );
  return { kind: "notice", title: `Digests (${subs.length})`, text: "This server's daily digests:", lines, ephemeral: true };
}

async function preview(ctx: Context, options: Options, inv: Invocation, guildId: string): Promise<Reply> {
  // Without options, a channel that has a digest previews that digest.
  const own = inv.channelId && !stringOption(options, "provinces") && !stringOption(options, "sources") ? await getSubscription(ctx, guildId, inv.channelId) : undefined;
  const scope = own ? { provinces: own.provinces, sources: own.sources } : scopeOf(ctx, options);
  const to = ctx.clock.now();
  const composed = await composeDigest(ctx, scope, { from: new Date(to.getTime() - DAY_MS), to });
  return { kind: "digest", edition: { digest: composed, heading: "Preview — what a digest would post now" }, ephemeral: true };
}

/** " · last: posted 2026-11-25", with the latest skip or failure when it is not the last outcome. */
function historyText(recent: LedgerEntry[]): string {
  const [last] = recent;
  if (!last) return "";
  const describe = (e: LedgerEntry) =>
    e.state === "posted" ? `posted ${e.date}` : e.state === "pending" ? `${e.date} not posted yet${e.reason ? ` (${e.reason})` : ""}` : `${e.state} ${e.date}: ${e.reason ?? "no reason recorded"}`;
  const trouble = recent.find((e) => e !== last && (e.state === "skipped" || e.state === "failed"));
  return ` · last: ${describe(last)}${trouble ? ` · earlier: ${describe(trouble)}` : ""}`;
}

/** provinces:/sources: options as codes and ids; "all" or nothing means all. Unknown names are a UserError with suggestions. */
function scopeOf(ctx: Context, options: Options): DigestScope {
  return {
    provinces: listOption(options, "provinces", (item) => requireProvince(ctx, item).code),
    sources: listOption(options, "sources", (item) => requireSource(ctx, item)),
  };
}

function listOption(options: Options, name: string, resolve: (item: string) => string): string[] | null {
  const text = stringOption(options, name);
  if (!text || /^(all|\*)$/i.test(text)) return null;
  const items = text.split(/[,;]/).map((s) => s.trim()).filter(Boolean);
  return items.length === 0 ? null : [...new Set(items.map(resolve))];
}

function channelLabel(sub: Subscription): string {
  return sub.channelName ? `#${sub.channelName}` : `channel ${sub.channelId}`;
}

function provincesLabel(ctx: Context, codes: string[] | null): string {
  return codes ? codes.map((c) => ctx.regions.province(c)?.name ?? c).join(", ") : "all";
}

function sourcesLabel(ctx: Context, ids: string[] | null): string {
  return ids ? ids.map((id) => ctx.sources.get(id)?.name ?? id).join(", ") : "all";
}

/** Time zones matching what was typed ("berlin", "new york", "asia/da"); common ones when nothing is. */
export function timeZoneChoices(typed: string): Choice[] {
  const query = typed.trim().toLowerCase().replace(/\s+/g, "_");
  const zones = query === "" ? COMMON_ZONES : allTimeZones().filter((z) => z.toLowerCase().includes(query));
  const city = (z: string) => z.toLowerCase().split("/").pop() ?? "";
  const ranked = [...zones].sort((a, b) => Number(!city(a).startsWith(query)) - Number(!city(b).startsWith(query)) || a.localeCompare(b));
  return ranked.slice(0, MAX_CHOICES).map((z) => ({ name: z.replace(/_/g, " "), value: z }));
}

/**
 * Choices for a comma-separated list option: the items typed so far stay, the last one is completed
 * ("Aleppo, Id" → "Aleppo, Idlib"). "all" is offered while the list is empty.
 */
function listChoices(typed: string, complete: (last: string) => Choice[]): Choice[] {
  const parts = typed.split(",");
  const last = (parts.pop() ?? "").trim();
  const done = parts.map((p) => p.trim()).filter(Boolean);
  const choices = complete(last).map((c) => {
    const value = [...done, c.value].join(", ");
    return { name: done.length ? `${done.join(", ")}, ${c.name}` : c.name, value };
  });
  return done.length === 0 && "all".startsWith(last.toLowerCase()) ? [{ name: "All", value: "all" }, ...choices].slice(0, MAX_CHOICES) : choices;
}
