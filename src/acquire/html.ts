/**
 * HTML → blocks and metadata. The main article of a page is found by Mozilla Readability over a linkedom
 * DOM; page chrome it removes is simply absent, except reader-comment sections, which are appended at the
 * end as boilerplate so nothing a reader wrote silently disappears. A fragment (a feed item's content, no
 * <html>/<body>) is already the article and is read whole.
 */
import type { RawBlock } from "./boilerplate.ts";
import { blocksFromElement, markupHint } from "./html-blocks.ts";
import { readHtmlMetadata, type HtmlMetadata } from "./html-metadata.ts";
import { collapseSpace } from "./spaces.ts";

export interface ParsedHtml {
  blocks: RawBlock[];
  meta: HtmlMetadata;
}

function isFragment(html: string): boolean {
  return !/<(?:html|head|body)[\s>]/i.test(html);
}

/** linkedom needs a whole document; a feed item or a saved fragment is wrapped in one. */
function asDocument(html: string): string {
  if (/<html[\s>]/i.test(html)) return html;
  const inner = html.replace(/^\s*<!doctype[^>]*>/i, "");
  return /<body[\s>]/i.test(inner)
    ? `<!doctype html><html>${inner}</html>`
    : `<!doctype html><html><head></head><body>${inner}</body></html>`;
}

/** Blocks of the outermost comment sections (`#comments`, `.comment-list`, `#respond`…), in page order. */
function commentSectionBlocks(document: Document): RawBlock[] {
  const sections = [...document.querySelectorAll("[class], [id]")].filter(
    (el) => markupHint(el)?.comments && !hasCommentAncestor(el),
  );
  return sections.flatMap((el) => blocksFromElement(el));
}

function hasCommentAncestor(el: Element): boolean {
  for (let p = el.parentElement; p; p = p.parentElement) if (markupHint(p)?.comments) return true;
  return false;
}

// Loaded on the first page, not at start-up: plain-text ingest, search and briefs never need a DOM, and the
// two libraries hold about 20 MB once compiled.
let dom: Promise<[typeof import("linkedom"), typeof import("@mozilla/readability")]> | undefined;

/** Parses an HTML page (or fragment) into article blocks and metadata (see the module comment). */
export async function parseHtmlDocument(html: string): Promise<ParsedHtml> {
  const [{ parseHTML }, { Readability }] = await (dom ??= Promise.all([import("linkedom"), import("@mozilla/readability")]));
  const { document } = parseHTML(asDocument(html)) as unknown as { document: Document };
  const meta = readHtmlMetadata(document);
  if (isFragment(html)) return { blocks: blocksFromElement(document.body), meta };
  const comments = commentSectionBlocks(document);
  // Read before Readability, which takes the headline out of the article it returns, and often the lead
  // photo's caption with it (it sits above the article's text, in the same <article> or <main>).
  const h1s = [...document.querySelectorAll("h1")];
  const headings = h1s.map((h) => collapseSpace(h.textContent ?? "")).filter(Boolean);
  // What stands beside each <h1> (in its container): a standfirst right under it, photo captions. Kept for
  // when that <h1> turns out to be the headline.
  const leadBy = new Map(h1s.map((h) => [collapseSpace(h.textContent ?? ""), [...standfirstOf(h), ...textsOf(h.parentElement?.querySelectorAll("figcaption"))]]));
  const inArticle = [
    ...textsOf(document.querySelectorAll("article figcaption, main figcaption")),
    // A live page's summary box ("Key points" and its list), which Readability leaves out with the page header.
    ...textsOf(document.querySelectorAll(KEY_POINTS)),
  ];
  demoteSubheadings(document);
  const article = new Readability<Node>(document, { keepClasses: true, serializer: (el) => el }).parse();
  const content = article?.content as Element | null | undefined;
  const blocks = content ? blocksFromElement(content) : [];
  const headline = headlineOf(headings, [meta.title, article?.title ?? undefined]);
  // The headline opens the article, as the first line of a text file does, so both read the same way.
  const present = new Set(blocks.map((b) => collapseSpace(b.text)));
  const captions = [...new Set([...(headline ? leadBy.get(headline) ?? [] : []), ...inArticle])];
  blocks.unshift(...captions.filter((c) => !present.has(c)).map((text) => ({ text })));
  if (headline && collapseSpace(blocks[0]?.text ?? "") !== headline) blocks.unshift({ text: headline });
  const kept = new Set(blocks.map((b) => b.text));
  blocks.push(...comments.filter((b) => !kept.has(b.text)));
  return { blocks, meta: headline ? { ...meta, title: headline } : meta };
}

/**
 * Readability drops an <h2> whose words are mostly the title's ("2. Who owns Qaboun?" in "…, and who owns
 * Qaboun"), and a section heading goes with it. It keeps an <h3>, and an <h3> makes the same block.
 */
function demoteSubheadings(document: Document): void {
  for (const h2 of [...document.querySelectorAll("h2")]) {
    const h3 = document.createElement("h3");
    for (const { name, value } of [...h2.attributes]) h3.setAttribute(name, value);
    h3.append(...h2.childNodes);
    h2.replaceWith(h3);
  }
}

const KEY_POINTS = [".key-points", ".keypoints", ".key-takeaways", ".highlights"].flatMap((box) => [`${box} h2`, `${box} h3`, `${box} li`]).join(", ");

/** The standfirst under a headline: the next element, when it is a sub-heading or marked as a subtitle. */
function standfirstOf(h1: Element): string[] {
  const next = h1.nextElementSibling;
  if (!next) return [];
  const marked = /(?:^|[\s_-])(?:subtitle|subhead|standfirst|strapline|dek|deck|excerpt|summary|lead|intro|spot)(?:$|[\s_-])/i.test(next.getAttribute("class") ?? "");
  return /^H[2-6]$/.test(next.tagName) || marked ? textsOf([next]) : [];
}

function textsOf(elements: Iterable<Element> | undefined): string[] {
  return [...(elements ?? [])].map((e) => collapseSpace(e.textContent ?? "")).filter(Boolean);
}

/** The page's <h1> that is its title (a blog's first <h1> is often the site's name), if any. */
function headlineOf(headings: string[], titles: (string | undefined)[]): string | undefined {
  // Titles and headlines differ in dashes and quotes ("–" in the page, "-" in og:title).
  const comparable = (t: string) => collapseSpace(t).toLowerCase().replace(/[‐‑–—-]/g, "-").replace(/[‘’]/g, "'").replace(/[“”]/g, '"');
  const known = titles.filter((t): t is string => !!t).map(comparable);
  return headings.find((h) => {
    const c = comparable(h);
    return known.some((t) => t === c || t.startsWith(c) || c.startsWith(t));
  });
}
