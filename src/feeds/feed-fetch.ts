/**
 * Fetching and reading one feed: a conditional GET (If-None-Match / If-Modified-Since from the last answer;
 * a 304 costs no parsing) through the same bounded fetch as article pages (timeout, size limit, counted
 * redirects), XML content types only, then RSS 2.0, Atom or RDF through @rowanmanning/feed-parser. Every
 * failure is an InputError naming the feed URL and the reason.
 */
import { parseFeed } from "@rowanmanning/feed-parser";
import { createHash } from "node:crypto";
import type { ContentType } from "../acquire/content-type.ts";
import { decodeInput } from "../acquire/decode.ts";
import { fetchUrl, type FetchLimits } from "../acquire/fetch-url.ts";
import { InputError } from "../errors.ts";

/** One item of a feed, reduced to what ingestion needs. */
export interface FeedEntry {
  /** Identity for "seen before": the guid/id, else the link, else a hash of title and text. */
  key: string;
  title?: string;
  /** Absolute http(s) link to the article, when the item has one. */
  url?: string;
  /** ISO 8601, from the item's published (else updated) date. */
  publishedAt?: string;
  /** Full content (content:encoded, Atom content) as HTML, when the feed carries it. */
  content?: string;
  /** The description / summary as HTML. */
  summary?: string;
}

export type FeedFetch =
  | { status: "not-modified"; etag?: string; lastModified?: string }
  | { status: "ok"; entries: FeedEntry[]; etag?: string; lastModified?: string };

const FEED_TYPES = new Set([
  "application/rss+xml",
  "application/atom+xml",
  "application/rdf+xml",
  "application/xml",
  "text/xml",
  "application/x-rss+xml",
  "application/x-atom+xml",
]);
const ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8";

/** Refuses any content type that is not an XML feed type (a web page, an image, JSON…). */
export function checkFeedType(type: ContentType, origin: string): void {
  if (FEED_TYPES.has(type.mime)) return;
  const page = type.mime === "text/html" || type.mime === "application/xhtml+xml" ? " (a web page; give the feed's own URL)" : "";
  throw new InputError(origin, `unsupported content type ${type.mime}${page}: expected an RSS, Atom or RDF feed (application/rss+xml, application/atom+xml, application/xml…)`);
}

/** Fetches and parses a feed, sending `validators` from the previous answer. See the module comment. */
export async function fetchFeed(url: string, limits: FetchLimits, validators: { etag?: string; lastModified?: string } = {}): Promise<FeedFetch> {
  const headers: Record<string, string> = { accept: ACCEPT };
  if (validators.etag) headers["if-none-match"] = validators.etag;
  if (validators.lastModified) headers["if-modified-since"] = validators.lastModified;
  const fetched = await fetchUrl(url, limits, { headers, checkType: checkFeedType });
  const kept = { etag: fetched.etag ?? validators.etag, lastModified: fetched.lastModified ?? validators.lastModified };
  if (fetched.status === 304) return { status: "not-modified", ...kept };
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(fetched.contentType ?? "")?.[1];
  const text = decodeInput(fetched.bytes, url, { maxBytes: limits.maxBytes, charset });
  return { status: "ok", entries: readEntries(text, url, fetched.url), etag: fetched.etag, lastModified: fetched.lastModified };
}

/** Parses feed XML into entries (feed order); InputError when it is not a feed the parser can read. */
export function readEntries(xml: string, origin: string, baseUrl: string): FeedEntry[] {
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(xml);
  } catch (error) {
    const reason = (error as { code?: string }).code === "INVALID_FEED" ? "no RSS, Atom or RDF feed in it" : (error as Error).message;
    throw new InputError(origin, `malformed feed: ${reason}`);
  }
  return feed.items.map((item) => {
    const url = absoluteHttp(item.url, baseUrl);
    const date = item.published ?? item.updated;
    const title = item.title?.trim() || undefined;
    const summary = item.description?.trim() || undefined;
    const content = item.content?.trim() || undefined;
    const key = item.id?.trim() || url || `hash:${createHash("sha256").update(`${title ?? ""}\n${summary ?? content ?? ""}`).digest("hex").slice(0, 32)}`;
    return {
      key,
      ...(title ? { title } : {}),
      ...(url ? { url } : {}),
      ...(date && !Number.isNaN(date.getTime()) ? { publishedAt: date.toISOString() } : {}),
      ...(content ? { content } : {}),
      ...(summary ? { summary } : {}),
    };
  });
}

function absoluteHttp(link: string | null, base: string): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link.trim(), base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}
