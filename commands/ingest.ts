/**
 * `/ingest url:<link>` or `/ingest file:<attachment>` — bot owners (OWNER_IDS) add one report by hand; anybody
 * else is refused. URLs must be http(s) on public addresses, redirects included (the server-side request
 * forgery guard), unless the operator set ALLOW_PRIVATE_URLS. The report goes through the same pipeline as
 * feed items, near-duplicate detection included. In the local console (the operator's own terminal) the
 * owner check does not apply and `file:` may also be a local path.
 */
import path from "node:path";
import { SlashCommandBuilder } from "discord.js";
import { labelOf } from "../src/brief/province-brief.ts";
import { fetchUrl, type FetchRequest } from "../src/acquire/fetch-url.ts";
import type { Command, Invocation, Options, Reply } from "../src/command.ts";
import type { Context } from "../src/context.ts";
import { InputError, UserError } from "../src/errors.ts";
import type { StoredOutcome } from "../src/pipeline/store-deduplicated.ts";
import { urlGuardFor } from "../src/feeds/url-guard.ts";
import { ingest, type IngestInput } from "../src/pipeline/ingest.ts";
import { placeOrSourceChoices } from "./shared/choices.ts";

export const ingestCommand: Command = {
  data: new SlashCommandBuilder()
    .setName("ingest")
    .setDescription("Owners only: add one report from a web page or an attached text/HTML file")
    .addStringOption((o) => o.setName("url").setDescription("http(s) link to the article").setMaxLength(2000))
    .addAttachmentOption((o) => o.setName("file").setDescription("a .txt or .html file with the report"))
    .addStringOption((o) => o.setName("source").setDescription("who published it (overrides detection)").setAutocomplete(true))
    .toJSON(),

  slow: true,

  autocomplete: (ctx, focused) => placeOrSourceChoices(ctx, focused),

  async run(ctx, options, inv) {
    requireOwner(ctx, inv);
    const url = stringOption(options.url);
    const file = stringOption(options.file);
    if (url && file) throw new UserError("Give either url: or file:, not both.");
    if (!url && !file) throw new UserError("Give url:<link to the article> or attach a file with file:.");
    const input = url ? await fetched(ctx, url, url, {}) : await fileInput(ctx, file!, inv);
    return outcomeReply(ctx, await ingest(ctx, input, { source: stringOption(options.source) }));
  },
};

function requireOwner(ctx: Context, inv: Invocation): void {
  if (inv.transport === "console" || ctx.config.discord.ownerIds.includes(inv.userId)) return;
  throw new UserError("Only the bot's owners can ingest reports.", ["Owners are listed in the bot's OWNER_IDS setting; ask one of them to add the report."]);
}

const stringOption = (value: Options[string]) => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined);

/** Fetches `url` within the input limits, through the SSRF guard; errors name `origin`. */
async function fetched(ctx: Context, url: string, origin: string, request: FetchRequest): Promise<IngestInput> {
  const limits = { maxBytes: ctx.config.maxInputBytes, timeoutMs: ctx.config.fetchTimeoutMs, maxRedirects: ctx.config.fetchMaxRedirects };
  try {
    const body = await fetchUrl(url, limits, { ...request, checkUrl: urlGuardFor(ctx.config, origin) });
    return { kind: "bytes", bytes: body.bytes, origin, contentType: body.contentType, url: origin === url ? body.url : undefined };
  } catch (error) {
    if (error instanceof InputError && error.origin !== origin) throw new InputError(origin, error.reason);
    throw error;
  }
}

/**
 * An attachment: downloaded from its URL and named by its file name. Its type is judged from the bytes
 * (binary files are refused by name) and the extension, since file hosts often label text as octet-stream.
 */
async function fileInput(ctx: Context, file: string, inv: Invocation): Promise<IngestInput> {
  if (inv.transport === "console" && !/^https?:\/\//i.test(file)) return { kind: "file", path: file };
  const name = fileName(file);
  const input = await fetched(ctx, file, name, { checkType: () => undefined });
  if (input.kind !== "bytes") return input;
  const declared = /^text\/(?:html|plain)\b/i.test(input.contentType ?? "") ? input.contentType : undefined;
  return { ...input, contentType: declared ?? (/\.(?:x?html?|shtml)$/i.test(name) ? "text/html" : undefined) };
}

/** "report.txt" from "https://cdn.discordapp.com/attachments/1/2/report.txt?ex=…". */
function fileName(url: string): string {
  try {
    return decodeURIComponent(path.posix.basename(new URL(url).pathname)) || "attachment";
  } catch {
    return "attachment";
  }
}

function outcomeReply(ctx: Context, outcome: StoredOutcome): Reply {
  const { report } = outcome;
  const provinces = report.provinces.map((c) => ctx.regions.province(c)?.name ?? c).join(", ") || "no province found";
  const lines = [`Report ${outcome.id} · ${labelOf(ctx, report).name} · ${provinces}`];
  if (outcome.status === "duplicate") lines.push(`The same text was already stored as report ${outcome.id}; nothing new was stored.`);
  if (outcome.nearDuplicateOf) lines.push(`Near-duplicate of report ${outcome.nearDuplicateOf}: briefs show that report once, naming this source with it.`);
  const title = { created: "Ingested", updated: "Updated (same URL, new text)", duplicate: "Already stored" }[outcome.status];
  return { kind: "notice", title, text: report.title, lines, ephemeral: true };
}
