/**
 * The Discord bot: a discord.js client (Guilds intent only, no message content) whose interactions go to
 * the router. Stopping is graceful: new interactions are turned away with a short notice, the ones in
 * flight get time to finish, then the client is destroyed. Closing the context is the caller's job.
 */
import { Client, Events, GatewayIntentBits, MessageFlags, type Interaction } from "discord.js";
import type { Command } from "../command.ts";
import type { Context } from "../context.ts";
import { createRouter, type RouterOptions } from "./router.ts";

export interface BotOptions extends RouterOptions {
  token: string;
  /** REST base, e.g. `http://127.0.0.1:PORT/api` for the fake or a REST proxy; Discord's by default. */
  apiUrl?: string;
  /** How long `stop()` waits for interactions in flight (default 10 000 ms). */
  stopTimeoutMs?: number;
}

export interface Bot {
  client: Client<true>;
  /** Stops taking interactions, waits (bounded) for those in flight, destroys the client. Idempotent. */
  stop(): Promise<void>;
}

/** Logs in, waits until the client is ready (guilds received), and starts answering interactions. */
export async function startBot(ctx: Context, commands: Command[], options: BotOptions): Promise<Bot> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(options.apiUrl ? { rest: { api: options.apiUrl } } : {}),
  });
  const handle = createRouter(ctx, commands, options);
  const inFlight = new Set<Promise<void>>();
  let accepting = true;

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  client.on(Events.InteractionCreate, (interaction) => track(accepting ? handle(interaction) : turnAway(interaction)));
  client.on(Events.Error, (err) => ctx.logger.error({ err }, "discord client error"));
  client.on(Events.ShardError, (err, shardId) => ctx.logger.warn({ err, shardId }, "discord gateway error"));
  client.on(Events.Warn, (message) => ctx.logger.warn({ message }, "discord warning"));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(options.token);
    await ready;
  } catch (err) {
    await client.destroy();
    throw err;
  }
  const readyClient = client as Client<true>;
  ctx.logger.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, commands: commands.length }, "discord bot ready");

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      accepting = false;
      const timeoutMs = options.stopTimeoutMs ?? 10_000;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)));
      const finished = Promise.allSettled([...inFlight]).then(() => false);
      if (await Promise.race([finished, timedOut])) ctx.logger.warn({ inFlight: inFlight.size, timeoutMs }, "stopping with interactions still in flight");
      clearTimeout(timer);
      await client.destroy();
      ctx.logger.info("discord bot stopped");
    })());

  return { client: readyClient, stop };
}

/** While stopping: a short ephemeral notice instead of silence (Discord would say "the application did not respond"). */
async function turnAway(interaction: Interaction): Promise<void> {
  try {
    if (interaction.isAutocomplete()) await interaction.respond([]);
    else if (interaction.isRepliable()) await interaction.reply({ content: "Sitrep is restarting. Please try again in a minute.", flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  } catch {
    // The client is going away; nothing more to do.
  }
}
