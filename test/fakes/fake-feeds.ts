/**
 * A local feed server on 127.0.0.1 for tests and the benchmark: RSS 2.0, Atom and RDF feeds built from item
 * lists (with ETag and Last-Modified, answering 304 to If-None-Match / If-Modified-Since), summary-only feeds
 * with their article pages, and the faults a feed poller meets — malformed XML, a body over the size limit
 * streamed without Content-Length, slow answers, 500s, redirect loops, wrong content types. Every request is
 * recorded, so tests count article fetches and check the conditional headers that were sent.
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeItem {
  /** guid (RSS), id (Atom); RDF items are identified by their link. */
  guid?: string;
  title: string;
  link?: string;
  /** ISO 8601. */
  date?: string;
  /** description / summary (escaped into the XML as text). */
  summary?: string;
  /** Full HTML content (content:encoded in RSS, <content type="html"> in Atom). */
  content?: string;
}

export type FeedFormat = "rss" | "atom" | "rdf";

export interface FeedOptions {
  title?: string;
  /** Send an ETag and honour If-None-Match (default true). */
  etag?: boolean;
  /** Send Last-Modified and honour If-Modified-Since (default true). */
  lastModified?: boolean;
  /** Default: application/rss+xml, application/atom+xml or application/rdf+xml. */
  contentType?: string;
}

export interface RecordedFeedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  status: number;
  at: number;
}

/** A scripted answer: status, body, headers, and how long to wait before answering. */
export interface FakeAnswer {
  status?: number;
  body?: string | Buffer;
  headers?: Record<string, string>;
  delayMs?: number;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<number> | number;

const LAST_MODIFIED = "Tue, 24 Nov 2026 08:00:00 GMT";

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;

/** An RSS 2.0 document (content:encoded for `content`). */
export function rssXml(items: FakeItem[], title = "Fake RSS feed"): string {
  const body = items
    .map((i) =>
      [
        "<item>",
        `<title>${xml(i.title)}</title>`,
        i.link ? `<link>${xml(i.link)}</link>` : "",
        i.guid ? `<guid isPermaLink="false">${xml(i.guid)}</guid>` : "",
        i.date ? `<pubDate>${new Date(i.date).toUTCString()}</pubDate>` : "",
        i.summary ? `<description>${xml(i.summary)}</description>` : "",
        i.content ? `<content:encoded>${cdata(i.content)}</content:encoded>` : "",
        "</item>",
      ].join(""),
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${xml(title)}</title><link>http://127.0.0.1/</link><description>fake</description>\n${body}\n</channel></rss>\n`;
}

/** An Atom 1.0 document (`<content type="html">` for `content`, `<summary>` for `summary`). */
export function atomXml(items: FakeItem[], title = "Fake Atom feed"): string {
  const body = items
    .map((i) =>
      [
        "<entry>",
        `<id>${xml(i.guid ?? i.link ?? i.title)}</id>`,
        `<title>${xml(i.title)}</title>`,
        i.link ? `<link rel="alternate" href="${xml(i.link)}"/>` : "",
        i.date ? `<published>${i.date}</published><updated>${i.date}</updated>` : "",
        i.summary ? `<summary>${xml(i.summary)}</summary>` : "",
        i.content ? `<content type="html">${xml(i.content)}</content>` : "",
        "</entry>",
      ].join(""),
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>${xml(title)}</title><id>urn:fake</id><updated>2026-11-24T08:00:00Z</updated>\n${body}\n</feed>\n`;
}

/** An RSS 1.0 (RDF) document: items by rdf:about, dates in dc:date. */
export function rdfXml(items: FakeItem[], title = "Fake RDF feed"): string {
  const body = items
    .map((i) =>
      [
        `<item rdf:about="${xml(i.link ?? i.guid ?? i.title)}">`,
        `<title>${xml(i.title)}</title>`,
        i.link ? `<link>${xml(i.link)}</link>` : "",
        i.date ? `<dc:date>${i.date}</dc:date>` : "",
        i.summary ? `<description>${xml(i.summary)}</description>` : "",
        i.content ? `<content:encoded>${cdata(i.content)}</content:encoded>` : "",
        "</item>",
      ].join(""),
    )
    .join("\n");
  return `<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel rdf:about="http://127.0.0.1/"><title>${xml(title)}</title><link>http://127.0.0.1/</link><description>fake</description></channel>\n${body}\n</rdf:RDF>\n`;
}

const WRITERS: Record<FeedFormat, { write: (items: FakeItem[], title?: string) => string; type: string }> = {
  rss: { write: rssXml, type: "application/rss+xml; charset=utf-8" },
  atom: { write: atomXml, type: "application/atom+xml; charset=utf-8" },
  rdf: { write: rdfXml, type: "application/rdf+xml; charset=utf-8" },
};

/** A news article page: site header and navigation, the article (h1 and paragraphs), a footer. */
export function articleHtml(title: string, paragraphs: string[], site = "Fake News Site"): string {
  return [
    "<!doctype html><html><head><meta charset=utf-8>",
    `<title>${xml(title)} | ${xml(site)}</title><meta property="og:site_name" content="${xml(site)}">`,
    "</head><body>",
    `<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/about">About us</a></nav></header>`,
    `<article><h1>${xml(title)}</h1>${paragraphs.map((p) => `<p>${xml(p)}</p>`).join("")}</article>`,
    `<footer><p>© 2026 ${xml(site)}. All rights reserved.</p></footer>`,
    "</body></html>",
  ].join("\n");
}

/** The local feed server. `await new FakeFeeds().start()`, then register routes; `close()` when done. */
export class FakeFeeds {
  readonly requests: RecordedFeedRequest[] = [];
  private readonly routes = new Map<string, Handler>();
  private readonly server = http.createServer((req, res) => void this.onRequest(req, res));
  private base = "";

  async start(): Promise<this> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The absolute URL of `path` on this server. */
  url(path: string): string {
    return `${this.base}${path.startsWith("/") ? path : `/${path}`}`;
  }

  /** Requests received for `path` (query ignored). */
  hits(path: string): RecordedFeedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Serves a feed of `items` at `path` (call again to change the items); see FeedOptions for validators. */
  feed(path: string, format: FeedFormat, items: FakeItem[], options: FeedOptions = {}): this {
    const body = WRITERS[format].write(items, options.title);
    const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`;
    return this.handle(path, (req, res) => {
      const useEtag = options.etag !== false;
      const useModified = options.lastModified !== false;
      const validators: Record<string, string> = { ...(useEtag ? { etag } : {}), ...(useModified ? { "last-modified": LAST_MODIFIED } : {}) };
      const inm = req.headers["if-none-match"];
      const ims = req.headers["if-modified-since"];
      const notModified = useEtag && inm !== undefined ? inm === etag : useModified && ims !== undefined && Date.parse(ims) >= Date.parse(LAST_MODIFIED);
      if (notModified) {
        res.writeHead(304, validators).end();
        return 304;
      }
      res.writeHead(200, { "content-type": options.contentType ?? WRITERS[format].type, ...validators }).end(body);
      return 200;
    });
  }

  /** Serves an HTML page (or any `contentType`) at `path`. */
  page(path: string, html: string, contentType = "text/html; charset=utf-8"): this {
    return this.answer(path, { body: html, headers: { "content-type": contentType } });
  }

  /** Serves a scripted answer at `path` (status, body, headers, delay). */
  answer(path: string, answer: FakeAnswer): this {
    return this.handle(path, async (_req, res) => {
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (res.destroyed) return 0;
      res.writeHead(answer.status ?? 200, answer.headers).end(answer.body ?? "");
      return answer.status ?? 200;
    });
  }

  /** Redirects `path` to `to` (a path on this server or an absolute URL). */
  redirect(path: string, to: string, status = 302): this {
    return this.answer(path, { status, headers: { location: to.startsWith("/") ? this.url(to) : to } });
  }

  /** Streams `bytes` of XML-looking filler at `path` without a Content-Length, as an endless feed would. */
  huge(path: string, bytes: number, contentType = "application/rss+xml"): this {
    return this.handle(path, async (_req, res) => {
      res.writeHead(200, { "content-type": contentType });
      const chunk = Buffer.from(`<item><title>${"x".repeat(1000)}</title></item>\n`.repeat(16));
      for (let sent = 0; sent < bytes && !res.destroyed; sent += chunk.length) {
        if (!res.write(chunk)) await Promise.race([once(res, "drain"), once(res, "close")]);
      }
      res.end();
      return 200;
    });
  }

  /** Any handler; it answers and returns the status it sent. */
  handle(path: string, handler: Handler): this {
    this.routes.set(path, handler);
    return this;
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", this.base).pathname;
    const recorded: RecordedFeedRequest = { method: req.method ?? "GET", path, headers: req.headers, status: 0, at: Date.now() };
    this.requests.push(recorded);
    const handler = this.routes.get(path);
    try {
      if (handler) recorded.status = await handler(req, res);
      else {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        recorded.status = 404;
      }
    } catch {
      res.destroy();
    }
  }
}
