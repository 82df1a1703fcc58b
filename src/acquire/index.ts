/**
 * Acquisition: a file, an http(s) URL, stdin bytes or a feed item → an AcquiredDocument (title, URL,
 * date, source, and paragraph blocks with boilerplate flagged). Bad input is refused with an InputError
 * before anything is parsed; nothing is stored here.
 */
import { readFile, stat } from "node:fs/promises";
import { InputError } from "../errors.ts";
import type { AcquiredDocument } from "../types.ts";
import { classifyBoilerplate, type RawBlock } from "./boilerplate.ts";
import { formatForType, looksLikeHtml, parseContentType } from "./content-type.ts";
import { parsePublishedOption, resolvePublishedAt } from "./dates.ts";
import { decodeInput } from "./decode.ts";
import { fetchUrl } from "./fetch-url.ts";
import { parseHtmlDocument } from "./html.ts";
import { tooLargeError } from "./size-limit.ts";
import { resolveSource, type SourceDetector } from "./source.ts";
import { collapseSpace } from "./spaces.ts";
import { parsePlainText } from "./text.ts";

export type { SourceDetector } from "./source.ts";

export interface AcquireOptions {
  /** config.maxInputBytes. */
  maxBytes: number;
  /** config.fetchTimeoutMs. */
  fetchTimeoutMs: number;
  /** config.fetchMaxRedirects. */
  maxRedirects: number;
  /** `--source ID`, validated by the caller against the registry (sourceBy "option"). */
  sourceId?: string;
  /** `--published` (YYYY-MM-DD or ISO 8601); an invalid value is an InputError. */
  publishedAt?: string;
  /** Ingest time (ctx.clock), used when the document carries no date. */
  now: Date;
  sources: SourceDetector;
}

/** What a parser found, before boilerplate classification and metadata resolution. */
interface Extracted {
  format: AcquiredDocument["format"];
  blocks: RawBlock[];
  title?: string;
  url?: string;
  published?: string;
  siteName?: string;
}

const MAX_TITLE = 200;
/** How far down post-meta lines ("Posted on …") count as the article's own date. */
const TOP_BLOCKS = 5;
const LEAD_PARAGRAPHS = 3;
/** Below this many letters, what Readability salvaged from a broken page is debris, not an article. */
const MIN_HTML_LETTERS = 12;

function fromText(text: string): Extracted {
  const { frontMatter, blocks } = parsePlainText(text);
  return {
    format: "text",
    blocks,
    title: frontMatter.title,
    url: frontMatter.url,
    published: frontMatter.date,
    siteName: frontMatter.source,
  };
}

async function fromHtml(html: string): Promise<Extracted> {
  const { blocks, meta } = await parseHtmlDocument(html);
  return { format: "html", blocks, title: meta.title, url: meta.canonicalUrl, published: meta.published, siteName: meta.siteName };
}

function shortTitle(title: string): string {
  if (title.length <= MAX_TITLE) return title;
  const cut = title.slice(0, MAX_TITLE);
  return `${cut.slice(0, cut.lastIndexOf(" ") > MAX_TITLE / 2 ? cut.lastIndexOf(" ") : MAX_TITLE)}…`;
}

/**
 * Where a dateline can be: the first 3 body paragraphs, not counting repeats of the title. Title lines are
 * kept in the list (a headline never starts like a dateline) because a text without a title line has its
 * dateline paragraph taken for the title.
 */
function leadOf(paragraphs: string[], title: string): string[] {
  const lead: string[] = [];
  let body = 0;
  for (const text of paragraphs) {
    if (body === LEAD_PARAGRAPHS) break;
    lead.push(text);
    if (collapseSpace(text) !== title) body++;
  }
  return lead;
}

function validPublished(opts: AcquireOptions, origin: string): string | undefined {
  return opts.publishedAt === undefined ? undefined : parsePublishedOption(opts.publishedAt, origin);
}

/**
 * Acquires a document from bytes already in hand: stdin ("-"), a feed item, a fetched body. `contentType`
 * (a Content-Type value) decides HTML vs text and may name a charset; without it the text is sniffed.
 * `url` is where the bytes came from, used for the document URL, the source's domain and a URL date.
 */
export async function acquireBytes(
  bytes: Buffer,
  origin: string,
  opts: AcquireOptions & { contentType?: string; url?: string },
): Promise<AcquiredDocument> {
  const option = validPublished(opts, origin);
  const type = parseContentType(opts.contentType);
  const declaredFormat = type ? formatForType(type, origin) : undefined;
  const text = decodeInput(bytes, origin, { maxBytes: opts.maxBytes, charset: type?.charset, html: declaredFormat !== "text" });
  const extracted = (declaredFormat ?? (looksLikeHtml(text) ? "html" : "text")) === "html" ? await fromHtml(text) : fromText(text);

  const blocks = classifyBoilerplate(extracted.blocks);
  const content = blocks.filter((b) => !b.boilerplate);
  const letters = content.reduce((n, b) => n + (b.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0), 0);
  if (letters < (extracted.format === "html" ? MIN_HTML_LETTERS : 1)) {
    throw new InputError(origin, content.length < blocks.length ? "no article text found (only page furniture)" : "no article text found");
  }
  const fullTitle = collapseSpace(extracted.title ?? content[0].text);
  const leadParagraphs = leadOf(content.map((b) => b.text), fullTitle);
  const url = opts.url ?? extracted.url;
  const source = resolveSource(
    { option: opts.sourceId, urls: [opts.url, extracted.url], leadParagraphs, names: [extracted.siteName] },
    opts.sources,
  );
  const metaLines = blocks.slice(0, TOP_BLOCKS).filter((b) => b.reason === "post meta" || b.reason === "byline").map((b) => b.text);
  const date = resolvePublishedAt(
    { option, declared: extracted.published, leadParagraphs, metaLines, title: fullTitle, urls: [opts.url, extracted.url] },
    opts.now,
  );
  return {
    origin,
    ...(url ? { url } : {}),
    title: shortTitle(fullTitle),
    ...date,
    ...source,
    ...(extracted.siteName ? { sourceName: extracted.siteName } : {}),
    format: extracted.format,
    blocks,
  };
}

function fileError(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return new InputError(path, "file not found");
  if (code === "EISDIR") return new InputError(path, "is a directory, not a file");
  if (code === "EACCES" || code === "EPERM") return new InputError(path, "cannot read file (permission denied)");
  return new InputError(path, `cannot read file (${(error as Error)?.message ?? String(error)})`);
}

/**
 * Acquires a local file. Refuses a missing file, a directory, a special file, or one over `maxBytes`
 * before reading it. `.html`/`.htm`/`.xhtml` files are HTML; others are sniffed.
 */
export async function acquireFile(path: string, opts: AcquireOptions): Promise<AcquiredDocument> {
  validPublished(opts, path);
  const info = await stat(path).catch((error: unknown) => {
    throw fileError(path, error);
  });
  if (info.isDirectory()) throw new InputError(path, "is a directory, not a file");
  if (!info.isFile()) throw new InputError(path, "is not a regular file");
  if (info.size > opts.maxBytes) throw tooLargeError(path, opts.maxBytes, info.size);
  const bytes = await readFile(path).catch((error: unknown) => {
    throw fileError(path, error);
  });
  const contentType = /\.(?:x?html?|shtml)$/i.test(path) ? "text/html" : undefined;
  return acquireBytes(bytes, path, { ...opts, contentType });
}

/**
 * Acquires an http(s) URL: fetched within the timeout, redirect and size limits, refused for a non-2xx
 * status or a non-text content type. The document's URL is the final one, after redirects.
 */
export async function acquireUrl(url: string, opts: AcquireOptions): Promise<AcquiredDocument> {
  validPublished(opts, url);
  const fetched = await fetchUrl(url, { maxBytes: opts.maxBytes, timeoutMs: opts.fetchTimeoutMs, maxRedirects: opts.maxRedirects });
  return acquireBytes(fetched.bytes, url, { ...opts, contentType: fetched.contentType, url: fetched.url });
}
