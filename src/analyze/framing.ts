/**
 * The framing lexicon: loaded words ("terrorists", "purged", "regime", "liberated"…) as data in
 * `lexicon/framing.json`, compiled once into a trie and matched whole-word, case-insensitively,
 * longest entry first, so every report's framing can be quoted and attributed to its source.
 */
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DataFileError, fieldPath, oncePerFile, readDataFile } from "../registry/data-file.ts";
import type { FramingHit } from "../types.ts";

const nonEmpty = z.string().trim().min(1, "must not be empty");
const termSchema = z.object({ term: nonEmpty, variants: z.array(nonEmpty).default([]), note: nonEmpty.optional() });
const categorySchema = z.object({
  id: z.string().regex(/^[a-z]+(?:-[a-z]+)*$/, "expected a kebab-case id"),
  name: nonEmpty,
  description: nonEmpty,
  terms: z.array(termSchema).min(1, "needs at least one term"),
});
const fileSchema = z.object({
  $comment: z.string().optional(),
  categories: z.array(categorySchema).min(1, "needs at least one category"),
  /** Proper names containing loaded words ("Syrian Liberation Front"): matched so their parts do not hit, never reported. */
  names: z.array(termSchema).default([]),
  /** Words considered and left out on purpose, with the reason; documentation only. */
  notLoaded: z.array(z.object({ term: nonEmpty, reason: nonEmpty })).default([]),
});

export interface LexiconCategory {
  id: string;
  name: string;
  description: string;
}

export interface Lexicon {
  categories: LexiconCategory[];
  /** Loaded terms in `text`, in order, non-overlapping, with UTF-16 offsets into `text`. */
  find(text: string): FramingHit[];
}

/** Thrown for a missing, unreadable or invalid lexicon file; the message names file, category, term and field. */
export class LexiconError extends DataFileError {
  constructor(file: string, problems: string[]) {
    super("framing lexicon", file, problems);
  }
}

/** What a trie node ends: a reported term, or (category null) a proper name that only shields its parts. */
interface Entry {
  lemma: string;
  category: string | null;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  entry?: Entry;
}

const DEFAULT_FILE = fileURLToPath(new URL("../../lexicon/framing.json", import.meta.url));
const load = oncePerFile(compile);

/** Loads, validates and compiles the lexicon (default `<repo>/lexicon/framing.json`), once per file. */
export function loadLexicon(file: string = DEFAULT_FILE): Lexicon {
  return load(file);
}

function compile(file: string): Lexicon {
  const { data, shown } = readDataFile(file, fileSchema, (f, problems) => new LexiconError(f, problems), describeIssue);

  const root: TrieNode = { next: new Map() };
  const owners = new Map<string, string>();
  const problems: string[] = [];
  const add = (entry: Entry, where: string, surfaces: string[]) => {
    for (const surface of new Set(surfaces)) {
      const key = foldTerm(surface);
      if (!isWordChar(key, 0) || (!isWordChar(key, key.length - 1) && !key.endsWith("."))) {
        problems.push(`${where}: "${surface}" must start and end with a letter or digit`);
        continue;
      }
      const owner = owners.get(key);
      if (owner && owner !== where) {
        problems.push(`${where}: "${surface}" is also listed under ${owner}`);
        continue;
      }
      owners.set(key, where);
      insert(root, key, entry);
    }
  };
  const ids = new Set<string>();
  for (const c of data.categories) {
    if (ids.has(c.id)) problems.push(`category "${c.id}": id is used twice`);
    ids.add(c.id);
    for (const t of c.terms) add({ lemma: t.term, category: c.id }, `category "${c.id}" term "${t.term}"`, [t.term, ...t.variants]);
  }
  for (const n of data.names) add({ lemma: n.term, category: null }, `name "${n.term}"`, [n.term, ...n.variants]);
  for (const n of data.notLoaded) {
    const owner = owners.get(foldTerm(n.term));
    if (owner) problems.push(`notLoaded "${n.term}": is also listed under ${owner}`);
  }
  if (problems.length) throw new LexiconError(shown, problems);

  return {
    categories: data.categories.map(({ id, name, description }) => ({ id, name, description })),
    find: (text) => findHits(root, text),
  };
}

/** "category \"euphemism\" term \"purge\": variants[2]: must not be empty" */
function describeIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  const p = issue.path;
  const at = fieldPath;
  const doc = raw as { categories?: { id?: unknown; terms?: { term?: unknown }[] }[] };
  if (p[0] === "categories" && typeof p[1] === "number") {
    const cat = doc.categories?.[p[1]];
    const catName = typeof cat?.id === "string" ? `category "${cat.id}"` : `categories[${p[1]}]`;
    if (p[2] === "terms" && typeof p[3] === "number") {
      const term = cat?.terms?.[p[3]]?.term;
      const termName = typeof term === "string" ? `term "${term}"` : `terms[${p[3]}]`;
      return `${catName} ${termName}: ${at(p.slice(4)) || "(entry)"}: ${issue.message}`;
    }
    return `${catName}: ${at(p.slice(2)) || "(entry)"}: ${issue.message}`;
  }
  return `${at(p) || "(file)"}: ${issue.message}`;
}

function insert(root: TrieNode, key: string, entry: Entry): void {
  let node = root;
  for (const ch of key) {
    let child = node.next.get(ch);
    if (!child) {
      child = { next: new Map() };
      node.next.set(ch, child);
    }
    node = child;
  }
  node.entry = entry;
}

const APOSTROPHES = new Set(["'", "\u2019", "\u2018", "\u02BC", "\u2032"]);
const HYPHENS = new Set(["-", "\u2010", "\u2011"]);

/** Folds one (already lower-cased) code unit: apostrophes → ', hyphens → -, any white space → one space. */
function foldChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c > 32 && c < 127) return ch;
  if (APOSTROPHES.has(ch)) return "'";
  if (HYPHENS.has(ch)) return "-";
  if (ch === " " || ch === "\u00a0" || /\s/.test(ch)) return " ";
  return ch;
}

function foldTerm(term: string): string {
  return Array.from(term.toLowerCase(), foldChar).join("").replace(/ +/g, " ").trim();
}

function isWordChar(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
  return /[\p{L}\p{N}\p{M}]/u.test(s[i]);
}

/** Lower-cases without changing length, so offsets in the result are offsets in `text`. */
function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const l = text[i].toLowerCase();
    out += l.length === 1 ? l : text[i];
  }
  return out;
}

/**
 * Walks the trie from every word start. A word start is a letter or digit not preceded by one or by a
 * hyphen ("anti-terrorist" does not hit "terrorist"; "pro-regime" is its own entry). The longest entry
 * that ends on a word boundary wins — a hyphen or apostrophe after it is a boundary ("terrorist-held",
 * "terrorists’") — and scanning resumes after it, so hits never overlap.
 */
function findHits(root: TrieNode, text: string): FramingHit[] {
  const hits: FramingHit[] = [];
  const lower = lowerSameLength(text);
  const n = text.length;
  for (let i = 0; i < n; i++) {
    if (!isWordChar(text, i)) continue;
    if (i > 0 && (isWordChar(text, i - 1) || HYPHENS.has(text[i - 1]))) continue;
    let node: TrieNode | undefined = root;
    let end = -1;
    let entry: Entry | undefined;
    for (let j = i; j < n && node; ) {
      const ch = foldChar(lower[j]);
      node = node.next.get(ch);
      j++;
      if (ch === " ") {
        while (j < n && foldChar(lower[j]) === " ") j++;
        continue;
      }
      if (node?.entry && (j === n || !isWordChar(text, j))) {
        end = j;
        entry = node.entry;
      }
    }
    if (!entry) continue;
    if (entry.category !== null) {
      hits.push({ term: text.slice(i, end), lemma: entry.lemma, category: entry.category, start: i, end });
    }
    i = end - 1;
  }
  return hits;
}
