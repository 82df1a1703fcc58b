/**
 * Article metadata from an HTML document's head and markup: title, site name, canonical URL, publication
 * date (Open Graph / article:*, JSON-LD, <meta name=date>, <time datetime>). Read before Readability runs,
 * because Readability rewrites the document.
 */
import { collapseSpace } from "./spaces.ts";

export interface HtmlMetadata {
  /** Page title with a " - Site Name" suffix removed when it matches the site name. */
  title?: string;
  /** og:site_name, else the JSON-LD publisher's name. */
  siteName?: string;
  /** `<link rel=canonical>` or og:url, when absolute http(s). */
  canonicalUrl?: string;
  /** Publication date as written in the page (not yet parsed). */
  published?: string;
}

function meta(document: Document, ...keys: string[]): string | undefined {
  for (const key of keys) {
    for (const attr of ["property", "name", "itemprop"]) {
      const content = document.querySelector(`meta[${attr}="${key}" i]`)?.getAttribute("content");
      if (content && content.trim()) return collapseSpace(content);
    }
  }
  return undefined;
}

/** Every JSON-LD object in the page, `@graph` members and array items included. */
function jsonLdObjects(document: Document): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") {
      found.push(value as Record<string, unknown>);
      visit((value as Record<string, unknown>)["@graph"]);
    }
  };
  for (const script of document.querySelectorAll('script[type="application/ld+json" i]')) {
    try {
      visit(JSON.parse(script.textContent ?? ""));
    } catch {
      // A broken JSON-LD block is common and harmless: the other sources of metadata still apply.
    }
  }
  return found;
}

function jsonLdString(objects: Record<string, unknown>[], read: (o: Record<string, unknown>) => unknown): string | undefined {
  for (const o of objects) {
    const value = read(o);
    if (typeof value === "string" && value.trim()) return collapseSpace(value);
  }
  return undefined;
}

/** Absolute http(s) URL, or undefined. */
function httpUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const NOT_ARTICLE_DATE = /comment|sidebar|widget|footer|related|respond/i;

/** The first <time datetime> that belongs to the article, not to a comment, a sidebar or the footer. */
function articleTime(document: Document): string | undefined {
  const times = [...document.querySelectorAll("time[datetime]")];
  const preferred = times.find((t) => t.hasAttribute("pubdate") || /datePublished/i.test(t.getAttribute("itemprop") ?? ""));
  const outsideChrome = times.find((t) => !inChrome(t));
  return (preferred ?? outsideChrome)?.getAttribute("datetime")?.trim() || undefined;
}

/** Class or id tokens of an element that shows the article's date ("news-date", "posted-on", Anadolu's "tarih"). */
const DATE_CLASS = /(?:^|[\s_-])(?:date|dates|time|tarih|posted|published|pubdate|timestamp)(?:$|[\s_-])/i;

/**
 * A date printed on the page, for pages without date metadata: the text of the first element marked as a
 * date that is not in a comment, sidebar or footer. Parsed later with the other clues; a text that is no date
 * is simply not used.
 */
function visibleDate(document: Document): string | undefined {
  for (const el of document.querySelectorAll("[class], [id]")) {
    if (!DATE_CLASS.test(`${el.getAttribute("class") ?? ""} ${el.getAttribute("id") ?? ""}`)) continue;
    const text = collapseSpace(el.textContent ?? "");
    if (!text || text.length > 60 || !/\d/.test(text) || inChrome(el)) continue;
    return text;
  }
  return undefined;
}

function inChrome(el: Element): boolean {
  for (let p: Element | null = el; p; p = p.parentElement) {
    if (NOT_ARTICLE_DATE.test(`${p.getAttribute("class") ?? ""} ${p.getAttribute("id") ?? ""}`)) return true;
    if (/^(aside|footer|nav)$/i.test(p.tagName)) return true;
  }
  return false;
}

const TITLE_SEPARATORS = [" - ", " | ", " – ", " — ", " :: ", " » ", " · ", " : "];

/** Removes the site name when it is a suffix or prefix of the title after a separator. */
export function stripSiteName(title: string, siteName: string | undefined): string {
  if (!siteName) return title;
  const site = siteName.toLowerCase();
  for (const sep of TITLE_SEPARATORS) {
    const lower = title.toLowerCase();
    if (lower.endsWith(sep + site) && title.length > sep.length + site.length) {
      return title.slice(0, title.length - sep.length - site.length).trim();
    }
    if (lower.startsWith(site + sep) && title.length > sep.length + site.length) {
      return title.slice(site.length + sep.length).trim();
    }
  }
  return title;
}

/** Reads title, site name, canonical URL and publication date from `document` (see the module comment). */
export function readHtmlMetadata(document: Document): HtmlMetadata {
  const ld = jsonLdObjects(document);
  const siteName =
    meta(document, "og:site_name") ??
    jsonLdString(ld, (o) => (o.publisher as Record<string, unknown> | undefined)?.name) ??
    jsonLdString(ld, (o) => (o["@type"] === "WebSite" || o["@type"] === "NewsMediaOrganization" ? o.name : undefined));
  const rawTitle =
    meta(document, "og:title", "twitter:title") ??
    (collapseSpace(document.querySelector("title")?.textContent ?? "") || undefined) ??
    jsonLdString(ld, (o) => o.headline) ??
    (collapseSpace(document.querySelector("h1")?.textContent ?? "") || undefined);
  const canonicalUrl =
    httpUrl(document.querySelector('link[rel~="canonical" i]')?.getAttribute("href")) ?? httpUrl(meta(document, "og:url"));
  const published =
    meta(document, "article:published_time", "og:published_time") ??
    jsonLdString(ld, (o) => o.datePublished) ??
    meta(document, "datePublished", "date", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued", "dc.date", "dcterms.date", "dcterms.issued", "dcterms.created", "sailthru.date", "parsely-pub-date") ??
    articleTime(document) ??
    visibleDate(document);
  return {
    title: rawTitle ? stripSiteName(rawTitle, siteName) : undefined,
    siteName,
    canonicalUrl,
    published,
  };
}
