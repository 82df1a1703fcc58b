/**
 * The local console: a prompt where `/brief province:aleppo days:7`, `/search query:"T4" province:homs`,
 * `/report id:…`, `/sources` and `/help` run through the same command modules as the Discord bot, and
 * `next`/`prev` page the last search. Replies print with the text renderers.
 *
 * Interactive (a terminal): a prompt with history and tab completion. Otherwise one command per line from
 * the input, each answer printed after a "> command" echo, until the input ends — so
 * `echo '/brief province:aleppo' | npm start` works in scripts.
 */
import { randomBytes } from "node:crypto";
import readline from "node:readline";
import { commands as allCommands } from "../../commands/index.ts";
import type { Command, Invocation, Options, Reply } from "../command.ts";
import type { Context } from "../context.ts";
import { UserError } from "../errors.ts";
import { parseCommandLine, typedOptions } from "./command-line.ts";
import { renderReplyText } from "./render-text.ts";
import { loadSamples, sampleFiles, SAMPLES_DIR } from "./samples.ts";

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** A person at a terminal: prompt, ask before loading samples. Otherwise: read lines, load samples on a fresh store. */
  interactive: boolean;
  /** Defaults to every command in `commands/`. */
  commands?: Command[];
  /** Aborting ends the console after the command in progress (SIGINT/SIGTERM in the CLI). */
  signal?: AbortSignal;
  samplesDir?: string;
}

export interface ConsoleOutcome {
  /** Commands run (paging included). */
  ran: number;
  /** Of those, how many ended in an error. */
  failed: number;
}

const INVOCATION: Invocation = { userId: "console", guildId: null, channelId: null, memberPermissions: null, transport: "console" };
const PROMPT = "sitrep> ";
const EXTRA_HELP = [
  "next / prev",
  "  Page through the results of the last /search",
  "quit",
  "  Leave the console (or Ctrl-D)",
  "",
  'Values with spaces may be quoted: /search query:"T4 airbase" province:"deir ez-zor"',
];

/** The last search, which `next`/`prev` page: the token its command handed out (none for one page), where we are. */
interface Paging {
  command: Command;
  token?: string;
  page: number;
  pages: number;
}

/** Runs the console until the input ends, `quit`, or the signal aborts. Never throws for a bad command. */
export async function runConsole(ctx: Context, options: ConsoleOptions): Promise<ConsoleOutcome> {
  const commands = options.commands ?? allCommands;
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  const { output, interactive } = options;
  const print = (text: string) => output.write(text.endsWith("\n") ? text : `${text}\n`);
  const rl = readline.createInterface({
    input: options.input,
    ...(interactive ? { output, terminal: true, prompt: PROMPT, completer: completerFor(commands) } : { terminal: false }),
    crlfDelay: Infinity,
  });
  // Created at once so no line typed (or piped) before the loop starts is lost.
  const lines = rl[Symbol.asyncIterator]();
  const close = () => rl.close();
  rl.on("SIGINT", close);
  options.signal?.addEventListener("abort", close, { once: true });
  const read = async (prompt?: string): Promise<string | undefined> => {
    if (interactive) {
      rl.setPrompt(prompt ?? PROMPT);
      rl.prompt();
    }
    const next = await lines.next();
    return next.done ? undefined : String(next.value);
  };

  const outcome: ConsoleOutcome = { ran: 0, failed: 0 };
  let paging: Paging | undefined;
  try {
    if (options.signal?.aborted) return outcome;
    if (interactive) print("Sitrep console — /help lists the commands; quit or Ctrl-D leaves.");
    await offerSamples(ctx, { interactive, print, read, samplesDir: options.samplesDir ?? SAMPLES_DIR });

    for (let line = await read(); line !== undefined; line = await read()) {
      const text = line.trim();
      if (text === "" || text.startsWith("#")) continue;
      if (/^(quit|exit|\/quit|\/exit)$/i.test(text)) break;
      if (!interactive) print(`> ${text}`);
      outcome.ran++;
      try {
        const word = text.toLowerCase();
        if (word === "next" || word === "prev") {
          paging = await turnPage(ctx, paging, word === "next" ? 1 : -1, print);
          continue;
        }
        const { command, reply } = await runLine(ctx, byName, text, print);
        print(renderReplyText(reply, ctx.regions));
        if (reply.kind === "help") print(["", ...EXTRA_HELP].join("\n"));
        if (reply.kind === "search") {
          paging = { command, token: reply.pagingToken, page: reply.page, pages: pagesOf(reply) };
          if (paging.pages > 1) print(pageLine(paging));
        }
      } catch (error) {
        outcome.failed++;
        printError(ctx, error, text, print);
      } finally {
        if (!interactive) print("");
      }
    }
  } finally {
    options.signal?.removeEventListener("abort", close);
    rl.close();
  }
  return outcome;
}

/** Parses a line, fills in province/source values the way autocomplete would, and runs the command. */
async function runLine(ctx: Context, byName: Map<string, Command>, text: string, print: (s: string) => void): Promise<{ command: Command; reply: Reply }> {
  const { name, raw, subcommand, bare } = parseCommandLine(text);
  const command = byName.get(name);
  if (!command) {
    throw new UserError(`Unknown command "${name}".`, [`Commands: ${[...byName.keys()].map((n) => `/${n}`).join(", ")}, next, prev, quit`]);
  }
  const options = typedOptions(command.data, raw, subcommand, bare);
  await resolveAutocompleted(ctx, command, options, print);
  return { command, reply: await command.run(ctx, options, INVOCATION) };
}

/**
 * For each autocomplete option, replaces what was typed by the value of the choice Discord would have offered
 * first ("deir ez" → "SY-DY", "fars" → "fna"), unless it already is a choice's value. When the choice does
 * not visibly contain what was typed, a line says which one was taken. No choice: the command decides (and
 * says "Did you mean …").
 */
async function resolveAutocompleted(ctx: Context, command: Command, options: Options, print: (s: string) => void): Promise<void> {
  if (!command.autocomplete) return;
  for (const def of command.data.options ?? []) {
    const typed = options[def.name];
    if (!("autocomplete" in def) || !def.autocomplete || typeof typed !== "string") continue;
    const choices = await command.autocomplete(ctx, { name: def.name, value: typed }, options, INVOCATION);
    const exact = choices.find((c) => c.value.toLowerCase() === typed.toLowerCase());
    const chosen = exact ?? choices[0];
    if (!chosen) continue;
    options[def.name] = chosen.value;
    if (!exact && !chosen.name.toLowerCase().includes(typed.toLowerCase())) print(`(taking ${def.name} "${typed}" as ${chosen.name})`);
  }
}

/** `next`/`prev`: asks the command that searched for the neighbouring page. Returns the new paging state. */
async function turnPage(ctx: Context, paging: Paging | undefined, step: 1 | -1, print: (s: string) => void): Promise<Paging | undefined> {
  if (!paging) throw new UserError("There is no search to page.", ['Run a search first, e.g. /search query:"airbase"']);
  const target = paging.page + step;
  if (paging.pages === 1) throw new UserError("All the results are on this page.");
  if (target < 0) throw new UserError("Already on the first page.");
  if (target >= paging.pages || !paging.token || !paging.command.component) throw new UserError("Already on the last page.");
  const reply = await paging.command.component(ctx, [paging.token, String(target)], INVOCATION);
  print(renderReplyText(reply, ctx.regions));
  if (reply.kind !== "search") return undefined;
  const next = { ...paging, page: reply.page, pages: pagesOf(reply) };
  print(pageLine(next));
  return next;
}

function pagesOf(reply: Extract<Reply, { kind: "search" }>): number {
  return Math.max(1, Math.ceil(reply.result.total / reply.pageSize));
}

function pageLine(paging: Paging): string {
  const moves = [paging.page + 1 < paging.pages ? "next" : "", paging.page > 0 ? "prev" : ""].filter(Boolean).join(" or ");
  return `(page ${paging.page + 1} of ${paging.pages}${moves ? ` — type ${moves}` : ""})`;
}

/**
 * On an empty store: interactive mode asks whether to load the samples (default no); otherwise they are
 * loaded at once with a one-line notice, so a piped command on a fresh checkout has something to answer.
 */
async function offerSamples(
  ctx: Context,
  io: { interactive: boolean; print: (s: string) => void; read: (prompt?: string) => Promise<string | undefined>; samplesDir: string },
): Promise<void> {
  if ((await ctx.store.count()) > 0) return;
  const count = (await sampleFiles(io.samplesDir).catch(() => [])).length;
  if (count === 0) return;
  if (io.interactive) {
    io.print(`No reports are stored yet (data directory ${ctx.config.dataDir}).`);
    const answer = await io.read(`Load the ${count} sample reports shipped in samples/? (y/N) `);
    if (!/^\s*y(es)?\s*$/i.test(answer ?? "")) {
      io.print("Not loading them. Add reports with `sitrep ingest <file|url>`.");
      return;
    }
  }
  const load = await loadSamples(ctx, io.samplesDir);
  io.print(`Loaded ${load.loaded} sample reports into an empty data directory (${ctx.config.dataDir}), dated over the last few days.`);
}

/** A UserError as one line plus its hints; anything else as a short line with an error id, details to the log. */
function printError(ctx: Context, error: unknown, line: string, print: (s: string) => void): void {
  if (error instanceof UserError) {
    print([`error: ${error.message}`, ...error.hints.map((h) => `  ${h}`)].join("\n"));
    return;
  }
  const errorId = randomBytes(3).toString("hex").toUpperCase();
  ctx.logger.error({ err: error, errorId, line, transport: "console" }, "console command failed");
  print(`error: something went wrong (error id ${errorId}); the details are in the log.`);
}

/** Tab completion: command names first, then the option names of the command being typed. */
function completerFor(commands: Command[]): readline.Completer {
  const names = [...commands.map((c) => `/${c.data.name} `), "next", "prev", "quit"];
  return (line: string) => {
    const words = line.split(/\s+/);
    const current = words[words.length - 1];
    if (words.length === 1) return [names.filter((n) => n.startsWith(current.startsWith("/") ? current : `/${current}`) || n.startsWith(current)), current];
    const command = commands.find((c) => [`/${c.data.name}`, c.data.name].includes(words[0].toLowerCase()));
    const opts = (command?.data.options ?? []).map((o) => `${o.name}:`).filter((o) => o.startsWith(current) && !line.includes(` ${o}`));
    return [opts, current];
  };
}
