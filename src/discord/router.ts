/**
 * The one place that turns Discord interactions into command calls and answers them:
 * slash commands (reply at once, or defer then edit), autocomplete (≤ 25 choices), buttons
 * (`<command>:<args…>` → the command's `component`, updating the message), and every error:
 * a UserError is shown to the user as it is (ephemeral), anything else becomes "Something went
 * wrong (error id …)" for the user and a log entry with the id, guild, user and command.
 */
import { randomBytes } from "node:crypto";
import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type BaseInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
} from "discord.js";
import type { Command, Invocation, Options, Reply } from "../command.ts";
import type { Context } from "../context.ts";
import { UserError } from "../errors.ts";
import { plainText } from "./escape.ts";
import { clipPlain, LIMITS } from "./layout.ts";
import { renderReply } from "./render.ts";
import { Responder } from "./responder.ts";

export interface RouterOptions {
  /**
   * A command not marked `slow` that is still running after this long is deferred anyway, so Discord's
   * 3 s window is never missed (default 2000 ms).
   */
  autoDeferMs?: number;
  /**
   * With this many commands already running, a new one is deferred at once: each is quick alone, but a
   * burst shares one event loop, and Discord wants an acknowledgement within 3 s (default 64; deferring costs
   * one more request per command, so it is kept for real bursts).
   */
  deferWhenBusy?: number;
}

/** Handles one interaction; never throws. */
export type InteractionHandler = (interaction: Interaction) => Promise<void>;

/** Builds the interaction handler for `commands`; `ctx` is passed through untouched to them. */
export function createRouter(ctx: Context, commands: Command[], options: RouterOptions = {}): InteractionHandler {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  const autoDeferMs = options.autoDeferMs ?? 2000;
  const deferWhenBusy = options.deferWhenBusy ?? 64;
  let running = 0;

  async function runCommand(i: ChatInputCommandInteraction, responder: Responder): Promise<void> {
    const command = commandFor(byName, i.commandName, i);
    const opts = toOptions(i.options.data);
    running++;
    try {
      if (running > deferWhenBusy || isSlow(command, opts, ctx)) await responder.defer();
      const reply = await withAutoDefer(() => command.run(ctx, opts, invocationOf(i)), responder, autoDeferMs);
      await responder.send(renderReply(reply));
    } finally {
      running--;
    }
  }

  async function runComponent(i: ButtonInteraction, responder: Responder): Promise<void> {
    const [name, ...args] = i.customId.split(":");
    const command = byName.get(name);
    if (!command?.component) throw new UserError("This button no longer works. Run the command again.");
    commandFor(byName, name, i);
    const handler = command.component.bind(command);
    if (isSlow(command, {}, ctx)) await responder.defer(true);
    const reply = await withAutoDefer(() => handler(ctx, args, invocationOf(i)), responder, autoDeferMs, true);
    // Paging and other results replace the button's message; a notice ("search again") is a message of its own.
    await responder.send(renderReply(reply), { update: reply.kind !== "notice" });
  }

  async function runAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const command = byName.get(i.commandName);
    if (!command?.autocomplete || (command.guildOnly && !i.inGuild())) return i.respond([]);
    const focused = i.options.getFocused(true);
    const choices = await command.autocomplete(ctx, { name: focused.name, value: String(focused.value) }, toOptions(i.options.data), invocationOf(i));
    await i.respond(
      choices
        // A value Discord would refuse cannot be shortened without changing what it means: leave it out.
        .filter((c) => c.name.trim() !== "" && c.value.length <= LIMITS.choiceValue)
        .slice(0, LIMITS.choices)
        .map((c) => ({ name: clipPlain(plainText(c.name), LIMITS.choiceName), value: c.value })),
    );
  }

  return async function handle(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      try {
        await runAutocomplete(interaction);
      } catch (err) {
        logUnexpected(ctx, interaction, interaction.commandName, err, newErrorId());
        if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
      }
      return;
    }
    if (!interaction.isChatInputCommand() && !interaction.isButton()) return;
    const responder = new Responder(interaction);
    const name = interaction.isChatInputCommand() ? interaction.commandName : interaction.customId.split(":")[0];
    try {
      if (interaction.isChatInputCommand()) await runCommand(interaction, responder);
      else await runComponent(interaction, responder);
    } catch (err) {
      await answerError(ctx, responder, name, err);
    }
  };
}

/**
 * Option values as plain data: `{ province: "aleppo", days: 7 }`; for subcommands also `subcommand`
 * (and `subcommandGroup`). Users, channels, roles are given by id; an attachment by its URL.
 */
export function toOptions(data: readonly CommandInteractionOption[]): Options {
  const out: Options = {};
  for (const option of data) {
    if (option.type === ApplicationCommandOptionType.SubcommandGroup) {
      out.subcommandGroup = option.name;
      Object.assign(out, toOptions(option.options ?? []));
    } else if (option.type === ApplicationCommandOptionType.Subcommand) {
      out.subcommand = option.name;
      Object.assign(out, toOptions(option.options ?? []));
    } else if (option.type === ApplicationCommandOptionType.Attachment) {
      // The attachment's download URL: its id alone is of no use to a command.
      out[option.name] = option.attachment?.url ?? option.value;
    } else {
      out[option.name] = option.value;
    }
  }
  return out;
}

/** Who ran the interaction and where (member permissions as a bigint, null in DMs). */
export function invocationOf(i: BaseInteraction): Invocation {
  return {
    userId: i.user.id,
    guildId: i.guildId,
    channelId: i.channelId,
    memberPermissions: i.memberPermissions?.bitfield ?? null,
    transport: "discord",
  };
}

function commandFor(byName: Map<string, Command>, name: string, i: BaseInteraction): Command {
  const command = byName.get(name);
  if (!command) throw new UserError(`Sitrep does not know /${name} any more. The command list may be out of date; try again in a minute.`);
  if (command.guildOnly && !i.inGuild()) throw new UserError(`/${name} only works in a server channel, not in direct messages.`);
  return command;
}

function isSlow(command: Command, options: Options, ctx: Context): boolean {
  return typeof command.slow === "function" ? command.slow(options, ctx) : Boolean(command.slow);
}

/** Runs `work`; if it is still running after `ms`, acknowledges the interaction meanwhile. */
async function withAutoDefer(work: () => Promise<Reply>, responder: Responder, ms: number, update = false): Promise<Reply> {
  const timer = setTimeout(() => void responder.defer(update).catch(() => undefined), ms);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}

/** Tells the user what went wrong (ephemeral) and logs unexpected errors with an id the user can quote. */
async function answerError(ctx: Context, responder: Responder, command: string, err: unknown): Promise<void> {
  const i = responder.interaction;
  let reply: Reply;
  if (err instanceof UserError) {
    ctx.logger.debug({ command, guildId: i.guildId, userId: i.user.id, message: err.message }, "user error");
    reply = { kind: "notice", text: err.message, lines: err.hints, ephemeral: true };
  } else {
    const errorId = newErrorId();
    logUnexpected(ctx, i, command, err, errorId);
    reply = { kind: "notice", text: `Something went wrong (error id ${errorId}). It has been logged; please try again, and quote the id if it keeps happening.`, ephemeral: true };
  }
  try {
    await responder.send(renderReply(reply));
  } catch (sendErr) {
    ctx.logger.warn({ err: sendErr, command, interactionId: i.id }, "could not tell the user about an error");
  }
}

function logUnexpected(ctx: Context, i: BaseInteraction, command: string, err: unknown, errorId: string): void {
  ctx.logger.error({ err, errorId, command, guildId: i.guildId, channelId: i.channelId, userId: i.user.id, interactionId: i.id }, "interaction failed");
}

function newErrorId(): string {
  return randomBytes(3).toString("hex").toUpperCase();
}
