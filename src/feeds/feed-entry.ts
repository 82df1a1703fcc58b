/**
 * One feed item → an acquired document. When the feed carries the article (content:encoded, Atom content, or
 * a description long enough to be the text itself) that text is read; when it carries only a summary, the
 * article page behind the item's link is fetched and extracted like any URL. Either way the item supplies
 * the date, the link and the title, and the feed supplies the source.
 */
import { fetchUrl } from "../acquire/fetch-url.ts";
import type { Context } from "../context.ts";
import { InputError } from "../errors.ts";
import { acquireInput } from "../pipeline/ingest.ts";
import type { AcquiredDocument } from "../types.ts";
import type { FeedEntry } from "./feed-fetch.ts";

/** A text shorter than this (in characters, markup stripped) is a summary, not the article. */
export const SUMMARY_MAX_CHARS = 500;
const MAX_TITLE = 200;

/** Why an item was not ingested, and whether trying again at the next poll may work (a timeout, a 5xx). */
export class EntrySkipped extends Error {
  constructor(
    readonly reason: string,
    readonly transient: boolean,
  ) {
    super(reason);
    this.name = "EntrySkipped";
  }
}

export interface AcquiredEntry {
  doc: AcquiredDocument;
  /** True when the article page was fetched (the feed had only a summary). */
  articleFetched: boolean;
}

function textLength(html: string): number {
  return html.replace(/<[^>]*>/g, " ").replace(/&[#\w]+;/g, " ").replace(/\s+/g, " ").trim().length;
}

const hasMarkup = (text: string) => /<[a-z][^>]*>/i.test(text);

/** Network trouble and server errors may pass; a wrong type, a huge or binary page, or no article will not. */
function isTransient(reason: string): boolean {
  return /^(?:timed out|could not fetch|server answered (?:5\d\d|429|408))/.test(reason);
}

/**
 * Acquires one entry for `sourceId`. Throws EntrySkipped (with the reason) for an item that cannot become a
 * report: no text and no link, a page that is not an article, too large, binary, or unreachable.
 * `checkUrl` guards the article fetch (SSRF) when the links come from a feed on a public host.
 */
export async function acquireEntry(
  ctx: Pick<Context, "config" | "sources" | "clock">,
  entry: FeedEntry,
  sourceId: string,
  checkUrl?: (url: URL) => Promise<void>,
): Promise<AcquiredEntry> {
  const body = entry.content ?? entry.summary;
  const options = { source: sourceId, published: entry.publishedAt };
  try {
    let acquired: AcquiredEntry;
    if (body && textLength(body) >= SUMMARY_MAX_CHARS) {
      const origin = entry.url ?? entry.key;
      const doc = await acquireInput(ctx, { kind: "bytes", bytes: Buffer.from(body, "utf8"), origin, contentType: `${hasMarkup(body) ? "text/html" : "text/plain"}; charset=utf-8`, url: entry.url }, options);
      acquired = { doc, articleFetched: false };
    } else if (entry.url) {
      const limits = { maxBytes: ctx.config.maxInputBytes, timeoutMs: ctx.config.fetchTimeoutMs, maxRedirects: ctx.config.fetchMaxRedirects };
      const page = await fetchUrl(entry.url, limits, { checkUrl });
      const doc = await acquireInput(ctx, { kind: "bytes", bytes: page.bytes, origin: entry.url, contentType: page.contentType, url: page.url }, options);
      acquired = { doc, articleFetched: true };
    } else {
      throw new EntrySkipped(body ? `only a summary (${textLength(body)} characters) and no link to the article` : "no text and no link", false);
    }
    return entry.title ? { ...acquired, doc: { ...acquired.doc, title: clipTitle(entry.title) } } : acquired;
  } catch (error) {
    if (error instanceof InputError) throw new EntrySkipped(error.reason, isTransient(error.reason));
    throw error;
  }
}

function clipTitle(title: string): string {
  const flat = title.replace(/\s+/g, " ").trim();
  return flat.length <= MAX_TITLE ? flat : `${flat.slice(0, MAX_TITLE - 1)}…`;
}
