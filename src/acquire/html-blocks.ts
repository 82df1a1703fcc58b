/**
 * DOM → blocks, in reading order. A block is the text of one block-level element (p, h1–h6, li,
 * blockquote, a table row with its cells side by side…) or a run of loose text between them. A single <br> is a line break inside the
 * paragraph; two or more in a row separate paragraphs, as old news sites write them. Lines of a <pre> are
 * paragraphs, as in plain text. Headings h2–h6 and <hr> mark a story break. Hidden elements are skipped.
 * Markup that names page furniture (class/id "comments", "share", "related"…) gives its blocks a
 * boilerplate hint.
 */
import type { RawBlock } from "./boilerplate.ts";
import { stripSpace } from "./spaces.ts";

const BLOCK_TAGS = new Set(
  (
    "address article aside blockquote caption dd details dialog div dl dt fieldset figcaption figure footer form " +
    "h1 h2 h3 h4 h5 h6 header hgroup li main nav ol p pre section summary table tbody thead tfoot tr ul"
  ).split(" "),
);
const SKIPPED_TAGS = new Set(
  "script style noscript template svg math button input select option textarea iframe object embed canvas audio video head".split(" "),
);
const SECTION_HEADINGS = new Set(["h2", "h3", "h4", "h5", "h6"]);
/** Stands for a <br> in the text buffer until the paragraph is cut (a control character no page contains). */
const LINE_BREAK = "\u0000";

/**
 * Class/id tokens that name reader comments and the comment form. Whole tokens only, so an article
 * container with a class like "comments-open" or "commentary" is not mistaken for a comment.
 */
const COMMENTS_TOKEN =
  /^(?:wp-block-)?(?:comments?|commentlist|respond|disqus_thread|comment-respond)(?:[-_](?:area|list|section|body|content|wrapper|container|thread|form|meta|metadata|author|text|title|reply|\d+))?$/i;
/** Class/id tokens that name share buttons. */
const SHARE_TOKEN =
  /^(?:(?:entry|post|article)[-_])?(?:share|sharing|sharedaddy|addtoany|sharethis|social[-_]share)(?:[-_](?:buttons?|bar|links?|box|tools|icons|wrapper|container|enabled))?$/i;
/** Class/id tokens that name related-post lists. */
const RELATED_TOKEN =
  /^(?:(?:jp|wp|entry|post|article)[-_])?(?:related|relatedposts|yarpp|more[-_]stories|read[-_]also)(?:[-_](?:posts?|articles?|stories|news|content|links?|list|wrapper|container|related))?$/i;

interface Hint {
  reason: string;
  comments: boolean;
}

/** The boilerplate hint that an element's class/id gives, if any. */
export function markupHint(el: Element): Hint | undefined {
  const tokens = `${el.getAttribute("class") ?? ""} ${el.getAttribute("id") ?? ""}`.split(/\s+/).filter(Boolean);
  if (tokens.some((t) => COMMENTS_TOKEN.test(t))) return { reason: "reader comments", comments: true };
  if (tokens.some((t) => SHARE_TOKEN.test(t))) return { reason: "share buttons", comments: false };
  if (tokens.some((t) => RELATED_TOKEN.test(t))) return { reason: "related links", comments: false };
  return undefined;
}

function isHidden(el: Element): boolean {
  return el.hasAttribute("hidden") || /display\s*:\s*none|visibility\s*:\s*hidden/i.test(el.getAttribute("style") ?? "");
}

/** Walks `root` and returns its blocks (see the module comment). */
export function blocksFromElement(root: Element): RawBlock[] {
  const blocks: RawBlock[] = [];
  let buffer = "";
  let bufferHint: Hint | undefined;
  let pendingBreak = false;

  const push = (raw: string): void => {
    // HTML collapses only ASCII whitespace; NBSP inside the text is kept, as in plain text.
    const text = stripSpace(raw.replace(/[ \t\n\r\f]+/g, " "));
    if (!text) return;
    const block: RawBlock = { text };
    if (pendingBreak && blocks.length > 0) block.breakBefore = true;
    if (bufferHint) {
      block.hint = bufferHint.reason;
      if (bufferHint.comments) block.hintStartsComments = true;
    }
    pendingBreak = false;
    blocks.push(block);
  };

  const flush = (): void => {
    const paragraphs = buffer.split(new RegExp(`${LINE_BREAK}(?:[ \\t\\n\\r\\f]*${LINE_BREAK})+`));
    buffer = "";
    for (const paragraph of paragraphs) push(paragraph.split(LINE_BREAK).join(" "));
  };

  const addText = (text: string, hint: Hint | undefined): void => {
    if (!/[^\s\u0000]/.test(buffer)) bufferHint = hint;
    buffer += text;
  };

  const walk = (node: Node, hint: Hint | undefined, pre: boolean): void => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) {
        const text = child.textContent ?? "";
        if (!pre) addText(text, hint);
        else {
          const lines = text.split("\n");
          lines.forEach((line, i) => {
            if (i > 0) flush();
            addText(line, hint);
          });
        }
        continue;
      }
      if (child.nodeType !== 1) continue;
      const el = child as Element;
      const tag = el.tagName.toLowerCase();
      if (SKIPPED_TAGS.has(tag) || isHidden(el)) continue;
      if (tag === "br") {
        buffer += LINE_BREAK;
        continue;
      }
      if (tag === "hr") {
        flush();
        pendingBreak = true;
        continue;
      }
      // Cells of a row read as one line: "Idleb 2,897,400 2,360,100".
      if (tag === "td" || tag === "th") addText(" ", hint);
      const ownHint = markupHint(el) ?? hint;
      const isBlock = BLOCK_TAGS.has(tag);
      if (isBlock || ownHint !== hint) flush();
      if (SECTION_HEADINGS.has(tag)) pendingBreak = true;
      walk(el, ownHint, pre || tag === "pre");
      if (isBlock || ownHint !== hint) flush();
    }
  };

  walk(root, markupHint(root), false);
  flush();
  return blocks;
}
