/**
 * A local fake Discord (REST + gateway) on 127.0.0.1 that the real discord.js client talks to.
 *
 * It does what the bot sees of Discord: `GET /gateway/bot` points at its own WebSocket gateway (HELLO,
 * IDENTIFY → READY, GUILD_CREATE, heartbeats, dispatch), and REST answers interaction callbacks, webhook
 * edits and follow-ups, channel messages and command registration. It enforces the rules a real Discord
 * would refuse a bot for (message limits, one acknowledgement per interaction within 3 s, missing channels
 * and permissions) and records every request in order, so tests assert on what a user would see.
 * Payloads are typed with discord-api-types. Plain JSON gateway (discord.js uses it without zlib-sync).
 */
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  GatewayOpcodes,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIApplicationCommand,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIGuildMember,
  type APIInteraction,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIRole,
  type APIUser,
  type RESTPostAPIApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { WebSocketServer, type WebSocket } from "ws";

/** One request the fake received, in arrival order. `path` is decoded and has no `/api/v10` prefix. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string>;
  /** The status the fake answered with (a scripted fault's status when one matched). */
  status: number;
  at: number;
}

/** Which requests a scripted fault applies to: method (any when omitted) and a path (exact string or RegExp). */
export interface RouteMatcher {
  method?: string;
  path: string | RegExp;
}

export interface FaultResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (a slow Discord). */
  delayMs?: number;
}

/** Matchers for the routes tests most often break. */
export const ROUTES = {
  callback: { method: "POST", path: /^\/interactions\/\d+\/[^/]+\/callback$/ },
  editOriginal: { method: "PATCH", path: /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/ },
  followup: { method: "POST", path: /^\/webhooks\/\d+\/[^/]+$/ },
  channelMessage: { method: "POST", path: /^\/channels\/\d+\/messages$/ },
  putCommands: { method: "PUT", path: /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/ },
} satisfies Record<string, RouteMatcher>;

/** The message body shapes discord.js sends (interaction data, webhook and channel messages). */
export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  flags?: number;
  allowed_mentions?: APIAllowedMentions;
  tts?: boolean;
  nonce?: string | number;
  enforce_nonce?: boolean;
}

/** An accepted interaction callback: its type and data as the bot sent them. */
export interface RecordedCallback {
  type: InteractionResponseType;
  data?: MessageBody & { choices?: { name: string; value: string | number }[] };
}

/** Everything that happened to one interaction: what the bot sent and what the user ends up seeing. */
export interface Exchange {
  interaction: APIInteraction;
  /** The callback Discord accepted (attempts refused with 429/4xx are in `requests`). */
  callback: RecordedCallback | undefined;
  /** Bodies of accepted `PATCH …/messages/@original` (and other webhook message edits), in order. */
  edits: MessageBody[];
  /** Bodies of accepted follow-up messages, in order. */
  followups: MessageBody[];
  deletedOriginal: boolean;
  /** Every request about this interaction, including refused attempts. */
  requests: RecordedRequest[];
  /** What the user sees now: the response message (after edits, unless deleted) and then the follow-ups. */
  messages: APIMessage[];
  /** Epoch ms: when INTERACTION_CREATE went out, when the callback was accepted, when the last accepted request came. */
  timings: { dispatchedAt: number; acknowledgedAt?: number; answeredAt?: number };
}

/** Where an interaction comes from. Defaults: the fake's guild, its #general channel, its default user. */
export interface InteractionWhere {
  /** A DM with the bot instead of a guild channel. */
  dm?: boolean;
  guildId?: string;
  channelId?: string;
  userId?: string;
  /** The member's permissions in the channel (defaults to a regular member's). */
  permissions?: bigint;
  locale?: string;
}

/** An option value as a test writes it; the type comes from the registered command, or is inferred. */
export type OptionInput = string | number | boolean | { type: ApplicationCommandOptionType; value: string | number | boolean };
export type OptionsInput = Record<string, OptionInput | undefined>;

export interface InteractOptions {
  /** Give up after this long (default 5000 ms). */
  timeoutMs?: number;
  /** The exchange is over once nothing happened for this long after the answer (default 200 ms). */
  quietMs?: number;
  /** Also wait until this holds (e.g. the number of follow-ups a long reply needs) before the quiet period starts. */
  until?: (exchange: Exchange) => boolean;
  /** Resolve with whatever was received at the timeout instead of rejecting. */
  allowIncomplete?: boolean;
}

export interface FakeDiscordOptions {
  /** The bot token the fake accepts (default "fake-bot-token"). */
  token?: string;
  /** How long after INTERACTION_CREATE a callback is still accepted (Discord: 3000 ms). */
  interactionDeadlineMs?: number;
  /**
   * How long a message `nonce` sent with `enforce_nonce: true` is remembered per channel: the same nonce again
   * returns the message already created instead of a new one (Discord: "a few minutes"; default 5 min).
   */
  nonceWindowMs?: number;
  /**
   * Rate limits like Discord's, with real 429s and X-RateLimit headers: at most `globalPerSecond` bot requests
   * per second in all (a token bucket; interaction endpoints are exempt, as on Discord), and per channel at most
   * 5 messages per 5 s. Off by default.
   */
  rateLimit?: { globalPerSecond: number };
}

/** Permissions of a regular member: read and write in channels, use application commands. */
export const MEMBER_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands;

/** Discord's limits on a message, as the fake enforces them (JS string length, like the renderer counts). */
const LIMITS = { content: 2000, embeds: 10, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, author: 256, total: 6000, rows: 5, rowItems: 5, customId: 100, label: 80, choices: 25, choiceName: 100 };
const DISCORD_EPOCH = 1420070400000n;

interface Channel {
  id: string;
  type: ChannelType;
  name?: string;
  guild_id?: string;
  position?: number;
  permission_overwrites?: { id: string; type: 0 | 1; allow: string; deny: string }[];
  parent_id?: string | null;
  nsfw?: boolean;
  topic?: string | null;
  last_message_id?: string | null;
  rate_limit_per_user?: number;
  recipients?: APIUser[];
  deleted?: boolean;
}

interface Guild {
  id: string;
  name: string;
  channels: string[];
  roles: APIRole[];
  removed: boolean;
}

interface InteractionState {
  interaction: APIInteraction;
  createdAt: number;
  callback?: RecordedCallback;
  /** The message @original refers to (the response, or the component's message for updates). */
  original?: APIMessage;
  deletedOriginal: boolean;
  followups: APIMessage[];
  edits: MessageBody[];
  followupBodies: MessageBody[];
  requests: RecordedRequest[];
  acknowledgedAt?: number;
  onActivity?: () => void;
}

interface Session {
  ws: WebSocket;
  seq: number;
  identified: boolean;
  sessionId: string;
}

type Handler = (req: IncomingCall) => Promise<Answer> | Answer;
interface IncomingCall {
  method: string;
  path: string;
  params: string[];
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string>;
}
interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

class DiscordError {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
    readonly errors?: unknown,
  ) {}
}

/** A local fake Discord. `await new FakeDiscord().start()`, point discord.js at `apiUrl`, `close()` when done. */
export class FakeDiscord {
  readonly token: string;
  readonly interactionDeadlineMs: number;
  readonly nonceWindowMs: number;
  readonly rateLimit?: { globalPerSecond: number };
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  /** IDENTIFY payloads received on the gateway. */
  readonly identifies: unknown[] = [];
  /** Registered commands: global, and per guild id. */
  readonly commands: { global: APIApplicationCommand[]; guilds: Map<string, APIApplicationCommand[]> } = { global: [], guilds: new Map() };
  /** Messages posted with `POST /channels/:id/messages`, per channel id. */
  readonly channelMessages = new Map<string, APIMessage[]>();

  private seq = 0n;
  private readonly users = new Map<string, APIUser>();
  private readonly channels = new Map<string, Channel>();
  private readonly guilds = new Map<string, Guild>();
  private readonly interactions = new Map<string, InteractionState>();
  private readonly faults: { matcher: RouteMatcher; response: FaultResponse; remaining: number }[] = [];
  private readonly holds: { matcher: RouteMatcher; delayMs: number; remaining: number }[] = [];
  /** `<channel>:<nonce>` → the message created with it and when. */
  private readonly nonces = new Map<string, { message: APIMessage; at: number }>();
  /** Global token bucket, and per-channel message windows, for `rateLimit`. */
  private bucket = { tokens: 0, at: 0 };
  private readonly channelWindows = new Map<string, { start: number; count: number }>();
  private readonly sessions = new Set<Session>();
  private readonly readyWaiters: (() => void)[] = [];
  private readonly exchangeWaiters = new Set<() => void>();
  private readonly routes: [string, RegExp, Handler][] = [];
  private server?: http.Server;
  private wss?: WebSocketServer;
  private port = 0;

  /** Ids of what the fake has from the start: the app (= bot user), one guild with #general and #digests, a DM, two users. */
  readonly ids: { app: string; bot: string; guild: string; channel: string; otherChannel: string; dmChannel: string; user: string; otherUser: string };

  constructor(options: FakeDiscordOptions = {}) {
    this.token = options.token ?? "fake-bot-token";
    this.interactionDeadlineMs = options.interactionDeadlineMs ?? 3000;
    this.nonceWindowMs = options.nonceWindowMs ?? 5 * 60_000;
    this.rateLimit = options.rateLimit;
    this.bucket = { tokens: options.rateLimit?.globalPerSecond ?? 0, at: Date.now() };
    const app = this.snowflake();
    const guild = this.snowflake();
    this.ids = { app, bot: app, guild, channel: this.snowflake(), otherChannel: this.snowflake(), dmChannel: this.snowflake(), user: this.snowflake(), otherUser: this.snowflake() };
    this.addUser(app, "Sitrep", true);
    this.addUser(this.ids.user, "analyst");
    this.addUser(this.ids.otherUser, "moderator");
    this.addGuild(guild, "Test Guild", [
      { id: this.ids.channel, name: "general" },
      { id: this.ids.otherChannel, name: "digests" },
    ]);
    this.channels.set(this.ids.dmChannel, { id: this.ids.dmChannel, type: ChannelType.DM, recipients: [this.users.get(this.ids.user)!], last_message_id: null });
    this.defineRoutes();
  }

  /** `http://127.0.0.1:PORT/api`: give it to discord.js as `rest.api`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  /** Listens on an ephemeral port of 127.0.0.1. */
  async start(): Promise<{ apiUrl: string; gatewayUrl: string; token: string }> {
    this.server = http.createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith("/gateway")) return socket.destroy();
      this.wss!.handleUpgrade(req, socket, head, (ws) => this.onGateway(ws));
    });
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    this.port = (this.server.address() as AddressInfo).port;
    return { apiUrl: this.apiUrl, gatewayUrl: this.gatewayUrl, token: this.token };
  }

  /** Closes the gateway connections and the HTTP server; pending `interact` calls end (rejected unless `allowIncomplete`). */
  async close(): Promise<void> {
    for (const end of [...this.exchangeWaiters]) end();
    for (const s of this.sessions) s.ws.terminate();
    this.sessions.clear();
    this.wss?.close();
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    }
  }

  /** Resolves once a client has identified and received its guilds. */
  ready(): Promise<void> {
    if ([...this.sessions].some((s) => s.identified)) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** The next `times` requests matching `matcher` get `response` instead of being handled (e.g. a 429). */
  failNext(matcher: RouteMatcher, response: FaultResponse, times = 1): void {
    this.faults.push({ matcher, response, remaining: times });
  }

  /**
   * The next `times` requests matching `matcher` are handled (a message is created) but answered only after
   * `delayMs`: the window in which a client can die between Discord's work and learning about it.
   */
  holdNext(matcher: RouteMatcher, delayMs: number, times = 1): void {
    this.holds.push({ matcher, delayMs, remaining: times });
  }

  /** Adds a guild the bot is in, with text channels of these names; clients get GUILD_CREATE. Returns the ids. */
  createGuild(name: string, channelNames: string[]): { guild: string; channels: string[] } {
    const guild = this.snowflake();
    const channels = channelNames.map((n) => ({ id: this.snowflake(), name: n }));
    this.addGuild(guild, name, channels);
    this.dispatch(GatewayDispatchEvents.GuildCreate, this.guildCreateJson(this.guilds.get(guild)!));
    return { guild, channels: channels.map((c) => c.id) };
  }

  /** Sends a gateway dispatch (`t`, `d`) to every identified client. */
  dispatch(type: string, data: unknown): void {
    for (const s of this.sessions) {
      if (!s.identified) continue;
      s.seq += 1;
      s.ws.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, t: type, s: s.seq, d: data }));
    }
  }

  /** Deletes a channel: REST answers 404 Unknown Channel from now on, and clients get CHANNEL_DELETE. */
  deleteChannel(channelId: string): void {
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`fake: no channel ${channelId}`);
    channel.deleted = true;
    this.dispatch(GatewayDispatchEvents.ChannelDelete, this.channelJson(channel));
  }

  /** Takes the bot's right to post in a channel away (403 Missing Permissions on send), with a CHANNEL_UPDATE. */
  revokeSend(channelId: string): void {
    const channel = this.channels.get(channelId);
    if (!channel?.guild_id) throw new Error(`fake: no guild channel ${channelId}`);
    channel.permission_overwrites = [
      ...(channel.permission_overwrites ?? []),
      { id: this.ids.bot, type: 1, allow: "0", deny: String(PermissionFlagsBits.SendMessages) },
    ];
    this.dispatch(GatewayDispatchEvents.ChannelUpdate, this.channelJson(channel));
  }

  /** Removes the bot from a guild: REST answers 404 Unknown Guild/Channel, and clients get GUILD_DELETE. */
  removeGuild(guildId: string): void {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`fake: no guild ${guildId}`);
    guild.removed = true;
    this.dispatch(GatewayDispatchEvents.GuildDelete, { id: guildId });
  }

  /** A new snowflake id (18–19 digits, time-ordered like Discord's). */
  snowflake(): string {
    this.seq += 1n;
    return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (this.seq & 0x3fffffn)).toString();
  }

  // ── interactions ────────────────────────────────────────────────────────────────────────────────

  /** Runs a slash command (`"digest subscribe"` for a subcommand) and resolves with the exchange. */
  slash(name: string, options: OptionsInput = {}, where: InteractionWhere = {}, wait: InteractOptions = {}): Promise<Exchange> {
    return this.interact(this.buildSlash(name, options, where), wait);
  }

  /** Types into option `focused` of a slash command: an autocomplete interaction (type 4). */
  autocomplete(name: string, options: OptionsInput, focused: string, where: InteractionWhere = {}, wait: InteractOptions = {}): Promise<Exchange> {
    return this.interact(this.buildAutocomplete(name, options, focused, where), wait);
  }

  /**
   * Clicks button `customId` on a message the bot sent (from an exchange's `messages`). Refuses, like a
   * Discord client would, when the message has no such button or it is disabled.
   */
  click(message: APIMessage, customId: string, where: InteractionWhere = {}, wait: InteractOptions = {}): Promise<Exchange> {
    const button = (message.components ?? [])
      .flatMap((row) => ("components" in row ? (row.components as { custom_id?: string; disabled?: boolean; type: number }[]) : []))
      .find((c) => c.custom_id === customId);
    if (!button) throw new Error(`fake: message ${message.id} has no button ${customId}`);
    if (button.disabled) throw new Error(`fake: button ${customId} is disabled; a user cannot click it`);
    return this.interact(this.buildButton(customId, message, where), wait);
  }

  /** Clicks a button on a message the bot is taken to have sent earlier in the channel (no earlier exchange needed). */
  button(customId: string, where: InteractionWhere = {}, wait: InteractOptions = {}): Promise<Exchange> {
    const channelId = where.dm ? this.ids.dmChannel : (where.channelId ?? this.ids.channel);
    const message = this.message(channelId, { content: "", components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: 2, label: "Button", custom_id: customId }] }] }, { webhook: true });
    this.channelMessages.set(channelId, [...(this.channelMessages.get(channelId) ?? []), message]);
    return this.click(message, customId, where, wait);
  }

  /**
   * Dispatches INTERACTION_CREATE and resolves when the bot has answered and gone quiet: a callback was
   * accepted, a deferred one was followed by an edit or follow-up, and nothing came for `quietMs`.
   */
  interact(interaction: APIInteraction, options: InteractOptions = {}): Promise<Exchange> {
    const { timeoutMs = 5000, quietMs = 200, allowIncomplete = false, until } = options;
    const state: InteractionState = { interaction, createdAt: Date.now(), deletedOriginal: false, followups: [], edits: [], followupBodies: [], requests: [] };
    this.interactions.set(interaction.token, state);
    return new Promise<Exchange>((resolve, reject) => {
      let quiet: NodeJS.Timeout | undefined;
      const finish = (ok: boolean) => {
        clearTimeout(quiet);
        clearTimeout(deadline);
        state.onActivity = undefined;
        this.exchangeWaiters.delete(end);
        if (ok || allowIncomplete) return resolve(this.exchangeOf(state));
        const clients = [...this.sessions].filter((s) => s.identified).length;
        reject(new Error(`fake: interaction ${describe(interaction)} got no complete answer in ${timeoutMs} ms (${clients} gateway client(s) connected); requests: ${JSON.stringify(state.requests.map((r) => `${r.method} ${r.path} → ${r.status}`))}`));
      };
      const end = () => finish(false);
      this.exchangeWaiters.add(end);
      const deadline = setTimeout(end, timeoutMs);
      state.onActivity = () => {
        clearTimeout(quiet);
        if (answered(state) && (!until || until(this.exchangeOf(state)))) quiet = setTimeout(() => finish(true), quietMs);
      };
      this.dispatch(GatewayDispatchEvents.InteractionCreate, interaction);
    });
  }

  /** Builds a chat-input interaction (type 2) as Discord sends it. */
  buildSlash(name: string, options: OptionsInput = {}, where: InteractionWhere = {}): APIInteraction {
    const [command, ...path] = name.split(" ");
    const registered = this.findCommand(command, where);
    const data = {
      id: registered?.id ?? this.snowflake(),
      name: command,
      type: ApplicationCommandType.ChatInput,
      options: this.buildOptions(path, options, registered?.options, undefined),
      resolved: this.resolvedFor(options, registered?.options, path),
      ...(where.dm ? {} : { guild_id: where.guildId ?? this.ids.guild }),
    };
    return this.baseInteraction(InteractionType.ApplicationCommand, data, where) as APIInteraction;
  }

  /** Builds an autocomplete interaction (type 4): `focused` carries the partial text as a string. */
  buildAutocomplete(name: string, options: OptionsInput, focused: string, where: InteractionWhere = {}): APIInteraction {
    const [command, ...path] = name.split(" ");
    const registered = this.findCommand(command, where);
    if (!(focused in options)) throw new Error(`fake: focused option ${focused} has no value in the options given`);
    const data = {
      id: registered?.id ?? this.snowflake(),
      name: command,
      type: ApplicationCommandType.ChatInput,
      options: this.buildOptions(path, options, registered?.options, focused),
      ...(where.dm ? {} : { guild_id: where.guildId ?? this.ids.guild }),
    };
    return this.baseInteraction(InteractionType.ApplicationCommandAutocomplete, data, where) as APIInteraction;
  }

  /** Builds a button interaction (type 3) on `message`. */
  buildButton(customId: string, message: APIMessage, where: InteractionWhere = {}): APIInteraction {
    const data = { custom_id: customId, component_type: ComponentType.Button };
    return this.baseInteraction(InteractionType.MessageComponent, data, { ...where, channelId: where.channelId ?? message.channel_id }, message) as APIInteraction;
  }

  private baseInteraction(type: InteractionType, data: unknown, where: InteractionWhere, message?: APIMessage): Record<string, unknown> {
    const user = this.users.get(where.userId ?? this.ids.user);
    if (!user) throw new Error(`fake: no user ${where.userId}`);
    const common = {
      id: this.snowflake(),
      application_id: this.ids.app,
      type,
      data,
      token: `aW50ZXJhY3Rpb246${randomBytes(24).toString("base64url")}`,
      version: 1,
      locale: where.locale ?? "en-US",
      entitlements: [],
      attachment_size_limit: 10_485_760,
      ...(message ? { message } : {}),
    };
    if (where.dm) {
      return {
        ...common,
        channel: { id: this.ids.dmChannel, type: ChannelType.DM, recipients: [user], last_message_id: null, flags: 0 },
        channel_id: this.ids.dmChannel,
        user,
        app_permissions: String(MEMBER_PERMISSIONS | PermissionFlagsBits.MentionEveryone),
        authorizing_integration_owners: { "0": "0" },
        context: 1,
      };
    }
    const guildId = where.guildId ?? this.ids.guild;
    const channel = this.channels.get(where.channelId ?? this.ids.channel);
    if (!channel) throw new Error(`fake: no channel ${where.channelId}`);
    const member: APIInteractionGuildMember = { ...this.memberOf(user), permissions: String(where.permissions ?? MEMBER_PERMISSIONS) };
    return {
      ...common,
      guild_id: guildId,
      guild: { id: guildId, locale: "en-US", features: [] },
      guild_locale: "en-US",
      channel: this.channelJson(channel),
      channel_id: channel.id,
      member,
      app_permissions: String(this.botPermissionsIn(channel)),
      authorizing_integration_owners: { "0": guildId },
      context: 0,
    };
  }

  private findCommand(name: string, where: InteractionWhere): APIApplicationCommand | undefined {
    const guildCommands = where.dm ? [] : (this.commands.guilds.get(where.guildId ?? this.ids.guild) ?? []);
    return [...guildCommands, ...this.commands.global].find((c) => c.name === name);
  }

  /** Nests the options under the subcommand path and types them from the registered definition when there is one. */
  private buildOptions(path: string[], options: OptionsInput, defs: APIApplicationCommandOption[] | undefined, focused: string | undefined): APIApplicationCommandInteractionDataOption[] {
    if (path.length > 0) {
      const def = defs?.find((d) => d.name === path[0]);
      const type = path.length > 1 || def?.type === ApplicationCommandOptionType.SubcommandGroup ? ApplicationCommandOptionType.SubcommandGroup : ApplicationCommandOptionType.Subcommand;
      const inner = def && "options" in def ? (def.options as APIApplicationCommandOption[] | undefined) : undefined;
      return [{ name: path[0], type, options: this.buildOptions(path.slice(1), options, inner, focused) } as APIApplicationCommandInteractionDataOption];
    }
    const out: APIApplicationCommandInteractionDataOption[] = [];
    for (const [name, input] of Object.entries(options)) {
      if (input === undefined) continue;
      const explicit = typeof input === "object";
      const value = explicit ? input.value : input;
      const type = explicit ? input.type : (defs?.find((d) => d.name === name)?.type ?? inferType(value));
      out.push(
        name === focused
          ? ({ name, type, value: String(value), focused: true } as APIApplicationCommandInteractionDataOption)
          : ({ name, type, value } as APIApplicationCommandInteractionDataOption),
      );
    }
    return out;
  }

  /** `resolved.channels` for channel options, as Discord adds them. */
  private resolvedFor(options: OptionsInput, defs: APIApplicationCommandOption[] | undefined, path: string[]): Record<string, unknown> | undefined {
    let level = defs;
    for (const step of path) {
      const def = level?.find((d) => d.name === step);
      level = def && "options" in def ? (def.options as APIApplicationCommandOption[] | undefined) : undefined;
    }
    const channels: Record<string, unknown> = {};
    for (const [name, input] of Object.entries(options)) {
      const type = typeof input === "object" ? input.type : level?.find((d) => d.name === name)?.type;
      const id = typeof input === "object" ? input.value : input;
      const channel = type === ApplicationCommandOptionType.Channel ? this.channels.get(String(id)) : undefined;
      if (channel) channels[channel.id] = { id: channel.id, name: channel.name ?? null, type: channel.type, permissions: String(MEMBER_PERMISSIONS) };
    }
    return Object.keys(channels).length > 0 ? { channels } : undefined;
  }

  private exchangeOf(state: InteractionState): Exchange {
    const original = state.original && !state.deletedOriginal && state.callback?.type !== InteractionResponseType.ApplicationCommandAutocompleteResult ? [state.original] : [];
    return {
      interaction: state.interaction,
      callback: state.callback,
      edits: state.edits,
      followups: state.followupBodies,
      deletedOriginal: state.deletedOriginal,
      requests: state.requests,
      messages: [...original, ...state.followups].map((m) => structuredClone(m)),
      timings: { dispatchedAt: state.createdAt, acknowledgedAt: state.acknowledgedAt, answeredAt: state.requests.filter((r) => r.status >= 200 && r.status < 300).pop()?.at },
    };
  }

  // ── HTTP ─────────────────────────────────────────────────────────────────────────────────────────

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname
      .replace(/^\/api(\/v\d+)?/, "")
      .split("/")
      .map((s) => decodeURIComponent(s))
      .join("/");
    const raw = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
    const contentType = headers["content-type"] ?? "";
    let body: unknown = raw.length > 0 ? raw.toString("utf8") : undefined;
    if (contentType.includes("application/json") && raw.length > 0) body = JSON.parse(raw.toString("utf8"));
    const call: IncomingCall = { method: req.method ?? "GET", path, params: [], query: Object.fromEntries(url.searchParams), body, headers };
    const recorded: RecordedRequest = { method: call.method, path, query: call.query, body, headers, status: 0, at: Date.now() };
    this.requests.push(recorded);
    const state = this.interactionFor(path);
    state?.requests.push(recorded);

    let answer: Answer;
    const fault = this.takeFault(call);
    const limits = fault ? undefined : this.rateLimited(call);
    if (fault) {
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      answer = { status: fault.status, body: fault.body, headers: fault.headers };
    } else if (limits?.refused) {
      answer = limits.refused;
    } else {
      answer = await this.route(call);
      if (limits?.headers) answer = { ...answer, headers: { ...answer.headers, ...limits.headers } };
      const hold = this.takeHold(call);
      if (hold) await new Promise((r) => setTimeout(r, hold));
    }
    recorded.status = answer.status;
    const payload = answer.body === undefined ? "" : JSON.stringify(answer.body);
    res.writeHead(answer.status, { ...(payload ? { "content-type": "application/json" } : {}), ...answer.headers });
    res.end(payload);
    state?.onActivity?.();
  }

  private interactionFor(path: string): InteractionState | undefined {
    const m = /^\/(?:interactions\/\d+|webhooks\/\d+)\/([^/]+)/.exec(path);
    return m ? this.interactions.get(m[1]) : undefined;
  }

  private takeHold(call: IncomingCall): number | undefined {
    const i = this.holds.findIndex((h) => matches(h.matcher, call));
    if (i < 0) return undefined;
    const hold = this.holds[i];
    hold.remaining -= 1;
    if (hold.remaining <= 0) this.holds.splice(i, 1);
    return hold.delayMs;
  }

  /**
   * With `rateLimit`: a 429 like Discord's when the global bucket is empty (Retry-After, X-RateLimit-Global,
   * X-RateLimit-Scope: global) or a channel had 5 messages in 5 s (per-route, X-RateLimit-* bucket headers).
   * Bot requests only: interaction callbacks and webhooks carry no bot token and are exempt.
   */
  private rateLimited(call: IncomingCall): { refused?: Answer; headers?: Record<string, string> } | undefined {
    if (!this.rateLimit || call.headers.authorization !== `Bot ${this.token}`) return undefined;
    const rate = this.rateLimit.globalPerSecond;
    const now = Date.now();
    this.bucket.tokens = Math.min(rate, this.bucket.tokens + ((now - this.bucket.at) / 1000) * rate);
    this.bucket.at = now;
    if (this.bucket.tokens < 1) {
      const retryAfter = Math.ceil(((1 - this.bucket.tokens) / rate) * 1000) / 1000;
      return {
        refused: {
          status: 429,
          body: { message: "You are being rate limited.", retry_after: retryAfter, global: true, code: 0 },
          headers: { "retry-after": String(retryAfter), "x-ratelimit-global": "true", "x-ratelimit-scope": "global" },
        },
      };
    }
    const channel = call.method === "POST" ? /^\/channels\/(\d+)\/messages$/.exec(call.path)?.[1] : undefined;
    if (channel === undefined) {
      this.bucket.tokens -= 1;
      return undefined;
    }
    const WINDOW_MS = 5000;
    const LIMIT = 5;
    let window = this.channelWindows.get(channel);
    if (!window || now - window.start >= WINDOW_MS) this.channelWindows.set(channel, (window = { start: now, count: 0 }));
    const resetAfter = (window.start + WINDOW_MS - now) / 1000;
    const headers = {
      "x-ratelimit-limit": String(LIMIT),
      "x-ratelimit-reset": ((window.start + WINDOW_MS) / 1000).toFixed(3),
      "x-ratelimit-reset-after": resetAfter.toFixed(3),
      "x-ratelimit-bucket": `channel-messages-${channel}`,
    };
    if (window.count >= LIMIT) {
      const refused = { status: 429, body: { message: "You are being rate limited.", retry_after: resetAfter, global: false, code: 0 }, headers: { ...headers, "x-ratelimit-remaining": "0", "retry-after": resetAfter.toFixed(3), "x-ratelimit-scope": "user" } };
      return { refused };
    }
    this.bucket.tokens -= 1;
    window.count += 1;
    // Sent with the real answer: the client learns the bucket before it is exhausted.
    return { headers: { ...headers, "x-ratelimit-remaining": String(LIMIT - window.count) } };
  }

  private takeFault(call: IncomingCall): FaultResponse | undefined {
    const i = this.faults.findIndex((f) => matches(f.matcher, call));
    if (i < 0) return undefined;
    const fault = this.faults[i];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(i, 1);
    return fault.response;
  }

  private async route(call: IncomingCall): Promise<Answer> {
    for (const [method, pattern, handler] of this.routes) {
      const m = pattern.exec(call.path);
      if (!m || method !== call.method) continue;
      const open = call.path.startsWith("/interactions/") || call.path.startsWith("/webhooks/");
      if (!open && call.headers.authorization !== `Bot ${this.token}`) return { status: 401, body: { message: "401: Unauthorized", code: 0 } };
      try {
        return await handler({ ...call, params: m.slice(1) });
      } catch (err) {
        if (err instanceof DiscordError) return { status: err.status, body: { message: err.message, code: err.code, ...(err.errors ? { errors: err.errors } : {}) } };
        return { status: 500, body: { message: `fake: ${(err as Error).message}`, code: 0 } };
      }
    }
    return { status: 404, body: { message: "404: Not Found", code: 0 } };
  }

  private defineRoutes(): void {
    const on = (method: string, pattern: RegExp, handler: Handler) => this.routes.push([method, pattern, handler]);
    const ok = (body?: unknown): Answer => ({ status: body === undefined ? 204 : 200, body });

    on("GET", /^\/gateway\/bot$/, () => ok({ url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } }));
    on("GET", /^\/gateway$/, () => ok({ url: this.gatewayUrl }));
    on("GET", /^\/users\/@me$/, () => ok(this.users.get(this.ids.bot)));
    on("GET", /^\/users\/(\d+)$/, ({ params }) => ok(this.users.get(params[0]) ?? fail(404, 10013, "Unknown User")));
    on("GET", /^\/applications\/@me$/, () => ok(this.applicationJson()));

    // Command registration: global and per guild; PUT replaces the whole list.
    const list = (params: string[]) => (params[1] ? (this.commands.guilds.get(params[1]) ?? []) : this.commands.global);
    const store = (params: string[], commands: APIApplicationCommand[]) => {
      if (params[0] !== this.ids.app) fail(403, 50001, "Missing Access");
      if (params[1]) this.commands.guilds.set(params[1], commands);
      else this.commands.global = commands;
    };
    const cmdPath = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/;
    on("GET", cmdPath, ({ params }) => ok(list(params)));
    on("PUT", cmdPath, ({ params, body }) => {
      const commands = (body as RESTPostAPIApplicationCommandsJSONBody[]).map((c) => this.commandJson(c, params[1]));
      store(params, commands);
      return ok(commands);
    });
    on("POST", cmdPath, ({ params, body }) => {
      const command = this.commandJson(body as RESTPostAPIApplicationCommandsJSONBody, params[1]);
      store(params, [...list(params).filter((c) => c.name !== command.name), command]);
      return { status: 201, body: command };
    });

    on("POST", /^\/interactions\/(\d+)\/([^/]+)\/callback$/, ({ params, body, query }) => this.onCallback(params[0], params[1], body as RecordedCallback, query));
    on("GET", /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/, ({ params }) => ok(this.webhookMessage(params[0], params[1], params[2])));
    on("PATCH", /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/, ({ params, body }) => ok(this.editWebhookMessage(params[0], params[1], params[2], body as MessageBody)));
    on("DELETE", /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/, ({ params }) => {
      const state = this.webhookState(params[0], params[1]);
      const message = this.webhookMessage(params[0], params[1], params[2]);
      if (message === state.original) state.deletedOriginal = true;
      else state.followups = state.followups.filter((m) => m !== message);
      return ok();
    });
    on("POST", /^\/webhooks\/(\d+)\/([^/]+)$/, ({ params, body, query }) => {
      const state = this.webhookState(params[0], params[1]);
      if (!state.callback) fail(404, 10015, "Unknown Webhook");
      const data = body as MessageBody;
      checkMessage(data, true);
      const message = this.message(state.interaction.channel?.id ?? this.ids.channel, data, { webhook: true });
      state.followups.push(message);
      state.followupBodies.push(data);
      return ok(query.wait === "true" ? message : undefined);
    });

    on("GET", /^\/channels\/(\d+)$/, ({ params }) => ok(this.channelJson(this.liveChannel(params[0]))));
    on("GET", /^\/channels\/(\d+)\/messages$/, ({ params, query }) => {
      this.liveChannel(params[0]);
      // Newest first, like Discord; `after` keeps messages with a greater id, `limit` 1–100 (default 50).
      const after = query.after ? BigInt(query.after) : -1n;
      const limit = Math.min(100, Math.max(1, Number(query.limit ?? 50) || 50));
      return ok([...(this.channelMessages.get(params[0]) ?? [])].filter((m) => BigInt(m.id) > after).reverse().slice(0, limit));
    });
    on("POST", /^\/channels\/(\d+)\/messages$/, ({ params, body }) => {
      const channel = this.liveChannel(params[0]);
      const perms = channel.guild_id ? this.botPermissionsIn(channel) : MEMBER_PERMISSIONS;
      if (!(perms & PermissionFlagsBits.ViewChannel)) fail(403, 50001, "Missing Access");
      if (!(perms & PermissionFlagsBits.SendMessages)) fail(403, 50013, "Missing Permissions");
      const data = body as MessageBody;
      checkMessage(data, true);
      if (data.nonce !== undefined && String(data.nonce).length > 25) fail(400, 50035, "Invalid Form Body", nestErrors({ nonce: "Must be 25 or fewer in length." }));
      // enforce_nonce: the same nonce in the same channel within the window returns the message it created.
      const nonceKey = data.nonce !== undefined && data.enforce_nonce ? `${channel.id}:${data.nonce}` : undefined;
      const earlier = nonceKey ? this.nonces.get(nonceKey) : undefined;
      if (earlier && Date.now() - earlier.at <= this.nonceWindowMs) return ok(earlier.message);
      const message = this.message(channel.id, data, {});
      if (data.nonce !== undefined) (message as APIMessage & { nonce?: string | number }).nonce = data.nonce;
      if (nonceKey) this.nonces.set(nonceKey, { message, at: Date.now() });
      this.channelMessages.set(channel.id, [...(this.channelMessages.get(channel.id) ?? []), message]);
      channel.last_message_id = message.id;
      return ok(message);
    });

    on("GET", /^\/guilds\/(\d+)$/, ({ params }) => ok(this.guildJson(this.liveGuild(params[0]))));
    on("GET", /^\/guilds\/(\d+)\/channels$/, ({ params }) => ok(this.liveGuild(params[0]).channels.map((id) => this.channels.get(id)!).filter((c) => !c.deleted).map((c) => this.channelJson(c))));
    on("GET", /^\/guilds\/(\d+)\/roles$/, ({ params }) => ok(this.liveGuild(params[0]).roles));
    on("GET", /^\/guilds\/(\d+)\/members\/(\d+)$/, ({ params }) => {
      this.liveGuild(params[0]);
      const user = this.users.get(params[1]) ?? fail(404, 10007, "Unknown Member");
      return ok(this.memberOf(user));
    });
  }

  private onCallback(id: string, token: string, body: RecordedCallback, query: Record<string, string>): Answer {
    const state = this.interactions.get(token);
    if (!state || state.interaction.id !== id) fail(404, 10062, "Unknown interaction");
    if (state.callback) fail(400, 40060, "Interaction has already been acknowledged.");
    if (Date.now() - state.createdAt > this.interactionDeadlineMs) fail(404, 10062, "Unknown interaction");
    const channelId = state.interaction.channel?.id ?? this.ids.channel;
    const data = body.data ?? {};
    switch (body.type) {
      case InteractionResponseType.ChannelMessageWithSource:
        checkMessage(data, true);
        state.original = this.message(channelId, data, { webhook: true, interaction: state.interaction });
        break;
      case InteractionResponseType.DeferredChannelMessageWithSource:
        state.original = this.message(channelId, { content: "", flags: ((data.flags ?? 0) & MessageFlags.Ephemeral) | MessageFlags.Loading }, { webhook: true, interaction: state.interaction });
        break;
      case InteractionResponseType.DeferredMessageUpdate:
      case InteractionResponseType.UpdateMessage: {
        if (state.interaction.type !== InteractionType.MessageComponent) fail(400, 40043, "Interaction is not a component interaction");
        state.original = this.findMessage(state.interaction.message!.id) ?? structuredClone(state.interaction.message!);
        if (body.type === InteractionResponseType.UpdateMessage) {
          checkMessage(data, false);
          applyEdit(state.original, data);
        }
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult:
        if (state.interaction.type !== InteractionType.ApplicationCommandAutocomplete) fail(400, 40043, "Not an autocomplete interaction");
        checkChoices(data.choices ?? []);
        break;
      default:
        fail(400, 50035, `fake: callback type ${body.type} not supported`);
    }
    state.callback = structuredClone(body);
    state.acknowledgedAt = Date.now();
    if (query.with_response !== "true") return { status: 204 };
    return { status: 200, body: { interaction: { id, type: state.interaction.type, activity_instance_id: null, response_message_id: state.original?.id, response_message_loading: body.type === 5, response_message_ephemeral: Boolean((state.original?.flags ?? 0) & MessageFlags.Ephemeral) }, resource: { type: body.type, message: state.original } } };
  }

  private webhookState(appId: string, token: string): InteractionState {
    const state = this.interactions.get(token);
    if (!state || appId !== this.ids.app) fail(404, 10015, "Unknown Webhook");
    return state;
  }

  private webhookMessage(appId: string, token: string, messageId: string): APIMessage {
    const state = this.webhookState(appId, token);
    const message = messageId === "@original" ? (state.deletedOriginal ? undefined : state.original) : [state.original, ...state.followups].find((m) => m?.id === messageId);
    if (!message || (message === state.original && !state.callback)) fail(404, 10008, "Unknown Message");
    return message;
  }

  private editWebhookMessage(appId: string, token: string, messageId: string, data: MessageBody): APIMessage {
    const state = this.webhookState(appId, token);
    const message = this.webhookMessage(appId, token, messageId);
    checkMessage(data, false);
    applyEdit(message, data);
    if (message.content === "" && message.embeds.length === 0 && (message.components ?? []).length === 0) fail(400, 50006, "Cannot send an empty message");
    state.edits.push(data);
    return message;
  }

  private findMessage(id: string): APIMessage | undefined {
    for (const state of this.interactions.values()) {
      const found = [state.original, ...state.followups].find((m) => m?.id === id);
      if (found) return found;
    }
    return [...this.channelMessages.values()].flat().find((m) => m.id === id);
  }

  private liveChannel(id: string): Channel {
    const channel = this.channels.get(id);
    if (!channel || channel.deleted || (channel.guild_id && this.guilds.get(channel.guild_id)?.removed)) fail(404, 10003, "Unknown Channel");
    return channel;
  }

  private liveGuild(id: string): Guild {
    const guild = this.guilds.get(id);
    if (!guild || guild.removed) fail(404, 10004, "Unknown Guild");
    return guild;
  }

  // ── gateway ──────────────────────────────────────────────────────────────────────────────────────

  private onGateway(ws: WebSocket): void {
    const session: Session = { ws, seq: 0, identified: false, sessionId: randomBytes(16).toString("hex") };
    this.sessions.add(session);
    ws.on("close", () => this.sessions.delete(session));
    ws.on("message", (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: any };
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          ws.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck, d: null }));
          break;
        case GatewayOpcodes.Identify:
          if (payload.d?.token !== this.token) return ws.close(4004, "Authentication failed.");
          this.identifies.push(payload.d);
          session.identified = true;
          this.sendTo(session, GatewayDispatchEvents.Ready, this.readyJson(session));
          for (const guild of this.guilds.values()) if (!guild.removed) this.sendTo(session, GatewayDispatchEvents.GuildCreate, this.guildCreateJson(guild));
          for (const resolve of this.readyWaiters.splice(0)) resolve();
          break;
        case GatewayOpcodes.Resume:
          if (payload.d?.token !== this.token) return ws.close(4004, "Authentication failed.");
          session.identified = true;
          this.sendTo(session, GatewayDispatchEvents.Resumed, {});
          break;
        default:
          break; // presence updates, member requests: nothing to do
      }
    });
    ws.send(JSON.stringify({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
  }

  private sendTo(session: Session, type: string, data: unknown): void {
    session.seq += 1;
    session.ws.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, t: type, s: session.seq, d: data }));
  }

  // ── JSON shapes ──────────────────────────────────────────────────────────────────────────────────

  private addUser(id: string, username: string, bot = false): void {
    this.users.set(id, { id, username, discriminator: "0", global_name: bot ? null : username, avatar: null, ...(bot ? { bot: true } : {}) });
  }

  private addGuild(id: string, name: string, channels: { id: string; name: string }[]): void {
    channels.forEach((c, position) => this.channels.set(c.id, { id: c.id, type: ChannelType.GuildText, name: c.name, guild_id: id, position, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, last_message_id: null, rate_limit_per_user: 0 }));
    const everyone: APIRole = { id, name: "@everyone", color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, icon: null, unicode_emoji: null, position: 0, permissions: String(MEMBER_PERMISSIONS | PermissionFlagsBits.MentionEveryone), managed: false, mentionable: false, flags: 0 as APIRole["flags"] };
    this.guilds.set(id, { id, name, channels: channels.map((c) => c.id), roles: [everyone], removed: false });
  }

  /** The bot's permissions in a channel: @everyone's, minus what overwrites for the bot deny. */
  private botPermissionsIn(channel: Channel): bigint {
    const guild = this.guilds.get(channel.guild_id ?? "");
    let perms = BigInt(guild?.roles[0]?.permissions ?? "0");
    for (const o of channel.permission_overwrites ?? []) if (o.id === this.ids.bot || o.id === guild?.id) perms = (perms & ~BigInt(o.deny)) | BigInt(o.allow);
    return perms;
  }

  private memberOf(user: APIUser): APIGuildMember & { user: APIUser } {
    return { user, nick: null, avatar: null, banner: null, roles: [], joined_at: new Date(0).toISOString(), premium_since: null, deaf: false, mute: false, flags: 0 as APIGuildMember["flags"], pending: false, communication_disabled_until: null };
  }

  private channelJson(channel: Channel): Record<string, unknown> {
    const { deleted: _deleted, ...json } = channel;
    return { ...json, flags: 0 };
  }

  private applicationJson(): Record<string, unknown> {
    return { id: this.ids.app, name: "Sitrep", icon: null, description: "", bot_public: true, bot_require_code_grant: false, verify_key: "0".repeat(64), flags: 0, team: null, summary: "" };
  }

  private readyJson(session: Session): Record<string, unknown> {
    return {
      v: 10,
      user: { ...this.users.get(this.ids.bot), verified: true, mfa_enabled: false, flags: 0 },
      guilds: [...this.guilds.values()].filter((g) => !g.removed).map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.sessionId,
      resume_gateway_url: this.gatewayUrl,
      shard: [0, 1],
      application: { id: this.ids.app, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      geo_ordered_rtc_regions: [],
    };
  }

  private guildJson(guild: Guild): Record<string, unknown> {
    return {
      id: guild.id, name: guild.name, icon: null, splash: null, discovery_splash: null, owner_id: this.ids.otherUser, afk_channel_id: null, afk_timeout: 300,
      verification_level: 0, default_message_notifications: 0, explicit_content_filter: 0, roles: guild.roles, emojis: [], stickers: [], features: [],
      mfa_level: 0, application_id: null, system_channel_id: null, system_channel_flags: 0, rules_channel_id: null, vanity_url_code: null, description: null,
      banner: null, premium_tier: 0, preferred_locale: "en-US", public_updates_channel_id: null, nsfw_level: 0, premium_progress_bar_enabled: false, safety_alerts_channel_id: null,
    };
  }

  private guildCreateJson(guild: Guild): Record<string, unknown> {
    return {
      ...this.guildJson(guild),
      joined_at: new Date(0).toISOString(), large: false, unavailable: false, member_count: 3,
      members: [this.memberOf(this.users.get(this.ids.bot)!)],
      channels: guild.channels.map((id) => this.channels.get(id)!).filter((c) => !c.deleted).map((c) => this.channelJson(c)),
      threads: [], presences: [], voice_states: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
    };
  }

  private commandJson(body: RESTPostAPIApplicationCommandsJSONBody, guildId: string | undefined): APIApplicationCommand {
    return { ...body, id: this.snowflake(), application_id: this.ids.app, version: this.snowflake(), default_member_permissions: body.default_member_permissions ?? null, type: body.type ?? ApplicationCommandType.ChatInput, description: "description" in body ? (body.description ?? "") : "", ...(guildId ? { guild_id: guildId } : {}) } as APIApplicationCommand;
  }

  /** A message as Discord returns it, with pings computed from content and `allowed_mentions` like Discord does. */
  private message(channelId: string, data: MessageBody, opts: { webhook?: boolean; interaction?: APIInteraction }): APIMessage {
    const message = {
      id: this.snowflake(),
      channel_id: channelId,
      author: this.users.get(this.ids.bot)!,
      content: "",
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: opts.interaction ? MessageType.ChatInputCommand : MessageType.Default,
      flags: 0 as MessageFlags,
      ...(opts.webhook ? { webhook_id: this.ids.app, application_id: this.ids.app } : {}),
    } as APIMessage;
    applyEdit(message, { ...data, flags: data.flags ?? 0 });
    message.edited_timestamp = null;
    return message;
  }
}

// ── message rules ────────────────────────────────────────────────────────────────────────────────

/** Applies an edit (only the fields given) and recomputes pings; a finished edit clears the "thinking" flag. */
function applyEdit(message: APIMessage, data: MessageBody): void {
  if (data.content !== undefined && data.content !== null) message.content = data.content;
  if (data.embeds !== undefined && data.embeds !== null) message.embeds = structuredClone(data.embeds);
  if (data.components !== undefined && data.components !== null) message.components = structuredClone(data.components) as APIMessage["components"];
  if (data.flags !== undefined && data.flags !== null) message.flags = ((message.flags ?? 0) & MessageFlags.Ephemeral) | data.flags;
  message.flags = (message.flags ?? 0) & ~MessageFlags.Loading;
  message.edited_timestamp = new Date().toISOString();
  const pings = pingsOf(message.content, data.allowed_mentions);
  message.mention_everyone = pings.everyone;
  message.mention_roles = pings.roles;
  message.mentions = pings.users.map((id) => ({ id, username: `user${id.slice(-4)}`, discriminator: "0", global_name: null, avatar: null }));
}

/** Who a message's content would ping: Discord parses everything unless `allowed_mentions` says otherwise. */
export function pingsOf(content: string, allowed: APIAllowedMentions | undefined): { everyone: boolean; roles: string[]; users: string[] } {
  const parse = allowed?.parse ?? (allowed ? [] : ["everyone", "roles", "users"]);
  const roles = [...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1]).filter((id) => parse.includes("roles" as never) || allowed?.roles?.includes(id));
  const users = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]).filter((id) => parse.includes("users" as never) || allowed?.users?.includes(id));
  return { everyone: /@(everyone|here)\b/.test(content) && parse.includes("everyone" as never), roles, users };
}

/** Refuses a message body the way Discord does: 400 Invalid Form Body naming each field over its limit. */
function checkMessage(data: MessageBody, isNew: boolean): void {
  const errors: Record<string, string> = {};
  const max = (path: string, value: string | undefined, limit: number) => {
    if (value !== undefined && value !== null && value.length > limit) errors[path] = `Must be ${limit} or fewer in length.`;
  };
  max("content", data.content, LIMITS.content);
  const embeds = data.embeds ?? [];
  if (embeds.length > LIMITS.embeds) errors.embeds = `Must be ${LIMITS.embeds} or fewer in length.`;
  let total = 0;
  embeds.forEach((e, i) => {
    max(`embeds.${i}.title`, e.title, LIMITS.title);
    max(`embeds.${i}.description`, e.description, LIMITS.description);
    max(`embeds.${i}.footer.text`, e.footer?.text, LIMITS.footer);
    max(`embeds.${i}.author.name`, e.author?.name, LIMITS.author);
    if ((e.fields ?? []).length > LIMITS.fields) errors[`embeds.${i}.fields`] = `Must be ${LIMITS.fields} or fewer in length.`;
    (e.fields ?? []).forEach((f, j) => {
      if (!f.name || !f.value) errors[`embeds.${i}.fields.${j}`] = "This field is required";
      max(`embeds.${i}.fields.${j}.name`, f.name, LIMITS.fieldName);
      max(`embeds.${i}.fields.${j}.value`, f.value, LIMITS.fieldValue);
    });
    if (e.title === "" || e.description === "") errors[`embeds.${i}`] = "Empty title or description";
    total += embedLength(e);
  });
  if (total > LIMITS.total) errors.embeds = `Embed size exceeds maximum size of ${LIMITS.total}`;
  const rows = data.components ?? [];
  if (rows.length > LIMITS.rows) errors.components = `Must be ${LIMITS.rows} or fewer in length.`;
  const ids = new Set<string>();
  rows.forEach((row, i) => {
    const items = (row.components ?? []) as { custom_id?: string; label?: string }[];
    if (items.length > LIMITS.rowItems) errors[`components.${i}.components`] = `Must be ${LIMITS.rowItems} or fewer in length.`;
    items.forEach((c, j) => {
      max(`components.${i}.components.${j}.custom_id`, c.custom_id, LIMITS.customId);
      max(`components.${i}.components.${j}.label`, c.label, LIMITS.label);
      if (c.custom_id !== undefined) {
        if (ids.has(c.custom_id)) errors[`components.${i}.components.${j}.custom_id`] = "Component custom id cannot be duplicated";
        ids.add(c.custom_id);
      }
    });
  });
  if (Object.keys(errors).length > 0) fail(400, 50035, "Invalid Form Body", nestErrors(errors));
  if (isNew && !data.content && embeds.length === 0 && rows.length === 0) fail(400, 50006, "Cannot send an empty message");
}

function checkChoices(choices: { name: string; value: string | number }[]): void {
  const errors: Record<string, string> = {};
  if (choices.length > LIMITS.choices) errors.choices = `Must be ${LIMITS.choices} or fewer in length.`;
  choices.forEach((c, i) => {
    if (!c.name || c.name.length > LIMITS.choiceName) errors[`choices.${i}.name`] = `Must be between 1 and ${LIMITS.choiceName} in length.`;
    if (typeof c.value === "string" && c.value.length > 100) errors[`choices.${i}.value`] = "Must be 100 or fewer in length.";
  });
  if (Object.keys(errors).length > 0) fail(400, 50035, "Invalid Form Body", nestErrors(errors));
}

/** The characters Discord counts toward an embed's 6000 (title, description, fields, footer, author). */
export function embedLength(e: APIEmbed): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text?.length ?? 0) + (e.author?.name?.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

function nestErrors(flat: Record<string, string>): Record<string, unknown> {
  const root: Record<string, any> = {};
  for (const [path, message] of Object.entries(flat)) {
    let node = root;
    for (const key of path.split(".")) node = node[key] ??= {};
    node._errors = [{ code: "BASE_TYPE_BAD_LENGTH", message }];
  }
  return root;
}

function fail(status: number, code: number, message: string, errors?: unknown): never {
  throw new DiscordError(status, code, message, errors);
}

function answered(state: InteractionState): boolean {
  const type = state.callback?.type;
  if (type === undefined) return false;
  const deferred = type === InteractionResponseType.DeferredChannelMessageWithSource || type === InteractionResponseType.DeferredMessageUpdate;
  return !deferred || state.edits.length > 0 || state.followups.length > 0 || state.deletedOriginal;
}

function matches(matcher: RouteMatcher, call: IncomingCall): boolean {
  if (matcher.method && matcher.method.toUpperCase() !== call.method) return false;
  return typeof matcher.path === "string" ? matcher.path === call.path : matcher.path.test(call.path);
}

function inferType(value: string | number | boolean): ApplicationCommandOptionType {
  if (typeof value === "boolean") return ApplicationCommandOptionType.Boolean;
  if (typeof value === "number") return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  return ApplicationCommandOptionType.String;
}

function describe(interaction: APIInteraction): string {
  const data = interaction.data as { name?: string; custom_id?: string } | undefined;
  return `${InteractionType[interaction.type]} ${data?.name ?? data?.custom_id ?? ""}`.trim();
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
