/**
 * Plain text → blocks. Each non-empty line is one paragraph, stripped of whitespace (Unicode spaces
 * included) and otherwise verbatim. Two or more blank lines between paragraphs mark a story break. An
 * optional front matter block (`Title:`, `URL:`, `Source:`, `Date:` lines closed by a line of 3+ dashes)
 * supplies metadata; the body starts after the dashes.
 */
import type { RawBlock } from "./boilerplate.ts";
import { collapseSpace, stripSpace } from "./spaces.ts";

export interface FrontMatter {
  title?: string;
  url?: string;
  source?: string;
  date?: string;
}

export interface ParsedText {
  frontMatter: FrontMatter;
  /** True when a front matter block was found (even if it named nothing Sitrep uses). */
  hasFrontMatter: boolean;
  blocks: RawBlock[];
}

const LINE_BREAK = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/;
const DASHES = /^-{3,}$/;
const KEY_VALUE = /^([A-Za-z][A-Za-z0-9 _-]{0,30}?)\s*:\s*(.*)$/;
/** Front matter must close within this many lines, so a body line like "BEIRUT: …" is never mistaken for it. */
const MAX_FRONT_MATTER_LINES = 30;

const KEYS: Record<string, keyof FrontMatter> = {
  title: "title",
  headline: "title",
  url: "url",
  link: "url",
  canonical: "url",
  "source url": "url",
  source: "source",
  publisher: "source",
  site: "source",
  date: "date",
  published: "date",
  "published at": "date",
  "publication date": "date",
  pubdate: "date",
};

/** Finds the front matter: returns its fields and the index of the first body line, or undefined. */
function readFrontMatter(lines: string[]): { fields: FrontMatter; bodyStart: number } | undefined {
  const fields: FrontMatter = {};
  let keyLines = 0;
  let opened = false;
  let lastField: keyof FrontMatter | undefined;
  const limit = Math.min(lines.length, MAX_FRONT_MATTER_LINES);
  for (let i = 0; i < limit; i++) {
    const line = stripSpace(lines[i]);
    if (line === "") continue;
    // An indented line continues the value above it, as in YAML and mail headers.
    if (keyLines > 0 && /^[ \t]/.test(lines[i]) && !DASHES.test(line)) {
      if (lastField) fields[lastField] = `${fields[lastField]} ${collapseSpace(line)}`;
      continue;
    }
    if (DASHES.test(line)) {
      // A leading fence ("---" before the keys, YAML style) opens the block; the next one closes it.
      if (keyLines === 0 && !opened) {
        opened = true;
        continue;
      }
      return keyLines > 0 ? { fields, bodyStart: i + 1 } : undefined;
    }
    const kv = KEY_VALUE.exec(line);
    if (!kv) return undefined;
    keyLines++;
    const field = KEYS[kv[1].toLowerCase().replace(/[_-]/g, " ")];
    const value = collapseSpace(kv[2]);
    lastField = undefined;
    if (field && value && fields[field] === undefined) {
      fields[field] = value;
      lastField = field;
    }
  }
  return undefined;
}

/** The first http(s) URL in a front matter value ("https://… (repost of …)"). */
function firstUrl(value: string | undefined): string | undefined {
  const m = value && /https?:\/\/[^\s<>"')\]]+/i.exec(value);
  return m ? m[0] : undefined;
}

/** Splits plain text into paragraph blocks and reads its front matter (see the module comment). */
export function parsePlainText(text: string): ParsedText {
  const lines = text.split(LINE_BREAK);
  const front = readFrontMatter(lines);
  const blocks: RawBlock[] = [];
  let blankRun = 0;
  for (const line of lines.slice(front?.bodyStart ?? 0)) {
    const paragraph = stripSpace(line);
    if (paragraph === "") {
      blankRun++;
      continue;
    }
    blocks.push(blankRun >= 2 && blocks.length > 0 ? { text: paragraph, breakBefore: true } : { text: paragraph });
    blankRun = 0;
  }
  const frontMatter: FrontMatter = front ? { ...front.fields } : {};
  const url = firstUrl(frontMatter.url);
  if (url) frontMatter.url = url;
  else delete frontMatter.url;
  return { frontMatter, hasFrontMatter: front !== undefined, blocks };
}
