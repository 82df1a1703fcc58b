/**
 * The `sitrep` command line: ingest, analyze, brief, search, sources, reindex, feeds, and `start` (the bot with
 * a Discord token, the local console without; both poll the feeds). Errors a user can fix print one line and exit non-zero.
 */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { analyze } from "./analyze/index.ts";
import { loadLexicon } from "./analyze/framing.ts";
import { buildBrief, labelOf } from "./brief/province-brief.ts";
import { requireProvince, requireSource } from "./registry/resolve.ts";
import { systemClock, DAY_MS } from "./clock.ts";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { renderBriefText, renderReportText, renderSearchText, renderSourcesText, markSnippet } from "./console/render-text.ts";
import { createContext, type Context } from "./context.ts";
import { UserError } from "./errors.ts";
import { feedsCommand } from "./feeds/feeds-command.ts";
import { digestCliCommand } from "./schedule/digest-cli.ts";
import type { DigestScheduler } from "./schedule/scheduler.ts";
import { startFeedPoller, type FeedPoller } from "./feeds/poller.ts";
import { acquireInput, type IngestInput } from "./pipeline/ingest.ts";
import { ingestMany } from "./pipeline/ingest-many.ts";
import { loadRegionPack } from "./registry/regions.ts";
import { loadSourceRegistry } from "./registry/sources.ts";


function positive(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number ≥ 1.`);
    return n;
  };
}

/** What a CLI argument names: "-" for stdin, an http(s) URL, or a file path. */
async function inputOf(arg: string): Promise<IngestInput> {
  if (arg === "-") return { kind: "bytes", bytes: await readStdin(), origin: "stdin" };
  if (/^https?:\/\//i.test(arg)) return { kind: "url", url: arg };
  return { kind: "file", path: arg };
}

/** Arguments with each directory replaced by the files under it (sorted, hidden entries skipped). */
async function expandDirectories(args: string[]): Promise<string[]> {
  const expanded: string[] = [];
  for (const arg of args) {
    const isDirectory = arg !== "-" && !/^https?:\/\//i.test(arg) && (await stat(arg).catch(() => undefined))?.isDirectory();
    if (!isDirectory) {
      expanded.push(arg);
      continue;
    }
    const entries = await readdir(arg, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile() && !path.relative(arg, path.join(e.parentPath, e.name)).split(path.sep).some((part) => part.startsWith(".")))
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
    if (!files.length) throw new UserError(`${arg}: the directory has no files to ingest`);
    expanded.push(...files);
  }
  return expanded;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Runs `fn` with a full context (store and index open), closing it afterwards. */
async function withContext<T>(fn: (ctx: Context) => Promise<T>): Promise<T> {
  const config = cliConfig();
  const ctx = await createContext(config);
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

function cliConfig(): Config {
  const config = loadConfig();
  // The CLI prints results on stdout; routine logs would only be noise there.
  return { ...config, logLevel: config.logLevel ?? "warn" };
}

const print = (s: string) => process.stdout.write(s.endsWith("\n") ? s : `${s}\n`);
const json = (v: unknown) => print(JSON.stringify(v, null, 2));

export function buildProgram(): Command {
  const program = new Command("sitrep")
    .description("Regional briefings from sources with opposite slants, with their framing labeled.")
    .showHelpAfterError();

  program
    .command("ingest")
    .description("Ingest reports: files, http(s) URLs, or - for standard input")
    .argument("<inputs...>", "files, directories (every file in them), URLs or -")
    .option("--source <id>", "source id, name or alias (overrides detection)")
    .option("--published <date>", "publication date (ISO or YYYY-MM-DD)")
    .option("--json", "print the outcome as JSON")
    .action(async (inputs: string[], opts) => {
      await withContext(async (ctx) => {
        let failed = 0;
        const outcomes = [];
        for await (const result of ingestMany(ctx, await expandDirectories(inputs), inputOf, opts)) {
          if ("error" in result) {
            failed++;
            outcomes.push({ input: result.input, error: result.error.message });
            if (!opts.json) process.stderr.write(`error: ${result.error.message}\n`);
            continue;
          }
          const o = result.outcome;
          outcomes.push({ input: result.input, id: o.id, status: o.status, title: o.report.title, provinces: o.report.provinces });
          if (!opts.json) {
            const names = o.report.provinces.map((c) => ctx.regions.province(c)?.name ?? c).join(", ") || "no province";
            print(`${o.status} ${o.id}  ${o.report.title}  (${labelOf(ctx, o.report).name}; ${names})`);
          }
        }
        if (opts.json) json(outcomes);
        if (failed) process.exitCode = 1;
      });
    });

  program
    .command("analyze")
    .description("Show what the analyzer sees in a report (paragraphs, provinces, places, framing); stores nothing")
    .argument("<input>", "file, URL or -")
    .option("--source <id>", "source id, name or alias")
    .option("--published <date>", "publication date")
    .option("--json", "print JSON")
    .action(async (arg: string, opts) => {
      const config = cliConfig();
      const deps = { config, clock: systemClock, sources: loadSourceRegistry(), regions: loadRegionPack(), lexicon: loadLexicon() };
      const doc = analyze(await acquireInput(deps, await inputOf(arg), opts), deps);
      const name = (code: string) => ({ code, name: deps.regions.province(code)?.name ?? code });
      if (opts.json) {
        const { blocks: _b, paragraphs, ...meta } = doc;
        json({
          ...meta,
          source: deps.sources.labelFor(doc.sourceId, doc.publishedAt, doc.sourceName),
          paragraphs: paragraphs.map((p) => ({
            index: p.index,
            text: p.text,
            boilerplate: p.boilerplate,
            header: p.header,
            inherited: p.inherited,
            provinces: p.provinces.map(name),
            places: p.places.map((m) => ({ text: m.text, code: m.code })),
            framing: p.framing.map((f) => ({ term: f.term, category: f.category })),
          })),
        });
        return;
      }
      print(`${doc.title}\n${deps.sources.labelFor(doc.sourceId, doc.publishedAt, doc.sourceName).name} · ${doc.publishedAt}${doc.publishedAtEstimated ? " (estimated)" : ""}`);
      for (const p of doc.paragraphs) {
        const where = p.boilerplate ? "boilerplate" : p.provinces.map((c) => name(c).name).join(", ") + (p.inherited ? " (from context)" : "");
        const framing = p.framing.length ? `  framing: ${p.framing.map((f) => f.term).join(", ")}` : "";
        print(`¶${p.index + 1} [${where || "—"}]${p.header ? " (header)" : ""} ${p.text.slice(0, 100)}${p.text.length > 100 ? "…" : ""}${framing}`);
      }
    });

  program
    .command("brief")
    .description("Per-source accounts of a province over the last days")
    .argument("<province>", 'name, alias or code: "Deir Ezzur", "Damascus Countryside", "SY-DY"')
    .option("--days <n>", "window in days", positive("--days"), 7)
    .option("--source <id>", "only this source")
    .option("--json", "print JSON")
    .action(async (province: string, opts) => {
      await withContext(async (ctx) => {
        const brief = await buildBrief(ctx, { province, days: opts.days, source: opts.source });
        print(opts.json ? JSON.stringify(brief, null, 2) : renderBriefText(brief));
      });
    });

  program
    .command("search")
    .description('Search stored reports: words (AND), "phrases", prefix*')
    .argument("<query...>", "what to look for")
    .option("--province <p>", "only paragraphs about this province")
    .option("--source <id>", "only this source")
    .option("--days <n>", "only the last N days", positive("--days"))
    .option("--limit <n>", "hits per page", positive("--limit"), 10)
    .option("--page <n>", "page number", positive("--page"), 1)
    .option("--json", "print JSON")
    .action(async (words: string[], opts) => {
      await withContext(async (ctx) => {
        const offset = (opts.page - 1) * opts.limit;
        const result = await ctx.search.search({
          text: words.join(" "),
          province: opts.province ? requireProvince(ctx, opts.province).code : undefined,
          source: opts.source ? requireSource(ctx, opts.source) : undefined,
          from: opts.days ? new Date(ctx.clock.now().getTime() - opts.days * DAY_MS).toISOString() : undefined,
          limit: opts.limit,
          offset,
        });
        if (opts.json) json({ total: result.total, hits: result.hits.map((h) => ({ ...h, snippet: markSnippet(h.snippet, "**", "**") })) });
        else print(renderSearchText(result, offset));
      });
    });

  program
    .command("report")
    .description("Show one stored report with its condensations")
    .argument("<id>", "report id")
    .option("--json", "print JSON")
    .action(async (id: string, opts) => {
      await withContext(async (ctx) => {
        const report = await ctx.store.get(id);
        if (!report) throw new UserError(`No report with id "${id}".`);
        print(opts.json ? JSON.stringify(report, null, 2) : renderReportText(report, labelOf(ctx, report), ctx.regions));
      });
    });

  program
    .command("sources")
    .description("The source registry: who runs each source and where it stands, with references")
    .option("--json", "print JSON")
    .action((opts) => {
      const registry = loadSourceRegistry();
      const now = new Date();
      const list = registry.all().map((s) => ({ view: labelOf({ sources: registry }, { sourceId: s.id, publishedAt: now.toISOString() }), domains: s.domains }));
      if (opts.json) json(registry.all());
      else print(renderSourcesText(list));
    });

  program
    .command("start")
    .description("Run the Discord bot when DISCORD_TOKEN is set; otherwise open the local console")
    .action(async () => {
      const config = loadConfig();
      if (config.discord.token) await runBot(config, config.discord.token);
      // The console prints answers on stdout; routine logs would only be noise there.
      else await runConsoleOnStdio({ ...config, logLevel: config.logLevel ?? "warn" });
    });

  program
    .command("deploy-commands")
    .description("Register the slash commands with Discord: in one guild with --guild (instant), else globally")
    .option("--guild <id>", "guild (server) id to register in, for testing")
    .action(async (opts: { guild?: string }) => {
      const { token, appId, apiUrl } = loadConfig().discord;
      if (!token || !appId) throw new UserError("deploy-commands needs DISCORD_TOKEN and DISCORD_APP_ID.", ["Set them in the environment or in .env (see .env.example)."]);
      if (opts.guild !== undefined && !/^\d{17,20}$/.test(opts.guild)) throw new UserError(`--guild must be a guild id (17 to 20 digits), not "${opts.guild}".`);
      // Loaded on demand: the other subcommands do not need discord.js.
      const [{ deployCommands }, { commands }] = await Promise.all([import("./discord/deploy.ts"), import("../commands/index.ts")]);
      const n = await deployCommands(commands, { token, appId, guildId: opts.guild, apiUrl });
      print(`Registered ${n} commands ${opts.guild ? `in guild ${opts.guild}` : "globally"}: ${commands.map((c) => `/${c.data.name}`).join(", ")}`);
    });

  program
    .command("reindex")
    .description("Rebuild the search index from the store")
    .action(async () => {
      await withContext(async (ctx) => {
        const started = Date.now();
        const n = await ctx.search.rebuild(ctx.store.all());
        print(`Reindexed ${n} reports in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      });
    });

  program.addCommand(feedsCommand(withContext, print));
  program.addCommand(digestCliCommand(withContext, print));

  return program;
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(signal);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}

/** `start` with a token: the bot runs until SIGINT/SIGTERM, then finishes what is in flight and closes the store. */
async function runBot(config: Config, token: string): Promise<void> {
  const ctx = await createContext(config);
  let feeds: FeedPoller | undefined;
  let digests: DigestScheduler | undefined;
  try {
    const [{ startBot }, { commands }] = await Promise.all([import("./discord/bot.ts"), import("../commands/index.ts")]);
    const stopped = untilSignal();
    let bot;
    try {
      bot = await startBot(ctx, commands, { token, apiUrl: config.discord.apiUrl });
    } catch (error) {
      if ((error as { code?: string }).code === "TokenInvalid") throw new UserError("Discord refused DISCORD_TOKEN: it is not a valid bot token.");
      throw error;
    }
    feeds = startFeedPoller(ctx);
    const [{ connectDigests }, { startDigestScheduler }] = await Promise.all([import("./discord/digest-poster.ts"), import("./schedule/scheduler.ts")]);
    digests = startDigestScheduler(ctx, connectDigests(ctx, bot.client));
    const signal = await stopped;
    ctx.logger.info({ signal }, "stopping");
    // The scheduler's pass in flight posts through the bot's client: it finishes before the client goes.
    await digests.stop();
    await bot.stop();
  } finally {
    await digests?.stop();
    await feeds?.stop();
    await ctx.close();
  }
}

/** `start` without a token: the console on stdin/stdout until EOF, `quit` or SIGINT/SIGTERM. */
async function runConsoleOnStdio(config: Config): Promise<void> {
  const { runConsole } = await import("./console/console.ts");
  const ctx = await createContext(config);
  const abort = new AbortController();
  void untilSignal().then(() => abort.abort());
  const feeds = startFeedPoller(ctx);
  try {
    const interactive = Boolean(process.stdin.isTTY);
    const outcome = await runConsole(ctx, { input: process.stdin, output: process.stdout, interactive, signal: abort.signal });
    // Scripts piping commands learn that one of them failed; the answers are already printed.
    if (!interactive && outcome.failed > 0) process.exitCode = 1;
  } finally {
    await feeds.stop();
    await ctx.close();
  }
}

/** Entry point: parses argv, prints user errors as one line, exits non-zero on failure. */
export async function main(argv = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof UserError || error instanceof ConfigError) {
      process.stderr.write(`error: ${error.message}\n`);
      if (error instanceof UserError) for (const hint of error.hints) process.stderr.write(`  ${hint}\n`);
      process.exitCode = error instanceof ConfigError ? 78 : 1;
      return;
    }
    throw error;
  }
}

await main();
