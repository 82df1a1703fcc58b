/**
 * The source registry: who runs each outlet and where it stands, as data (`sources/registry.json`),
 * validated at load. Answers "which source is this?" from a URL, a dateline or a name, and "what was
 * its label on that day?" — labels are time-scoped because sides change (Syria's government fell on
 * 2024-12-08, and with it the meaning of "state media").
 */
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DURATION_HINT, parseDuration } from "../feeds/duration.ts";
import type { SourceLabelView } from "../types.ts";
import { DataFileError, fieldPath, oncePerFile, readDataFile } from "./data-file.ts";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    message: "not a real calendar date",
  });

const nonEmpty = z.string().trim().min(1, "must not be empty");

const referenceSchema = z.object({ title: nonEmpty, url: z.url({ protocol: /^https?$/ }) });

const labelSchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    ownership: z.enum(["state", "state-affiliated", "independent", "wire", "monitor", "think-tank"]),
    stateTies: nonEmpty,
    alignment: nonEmpty,
    side: z.enum(["government", "opposition", "kurdish-led", "turkish"]).nullable(),
    summary: nonEmpty,
    /** Why a judgment call (usually `side`) was made. */
    note: nonEmpty.optional(),
    references: z.array(referenceSchema).min(1, "needs at least one reference"),
  })
  .refine((l) => !l.from || !l.to || l.from <= l.to, { message: "'from' is after 'to'", path: ["to"] });

const sourceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "expected a kebab-case id"),
    name: nonEmpty,
    aliases: z.array(nonEmpty),
    domains: z.array(
      z
        .string()
        .regex(/^(?!www\.)[a-z0-9-]+(?:\.[a-z0-9-]+)+$/, "expected a lower-case host name without scheme or 'www.'"),
    ),
    datelines: z.array(nonEmpty),
    country: z.string().regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 code"),
    labels: z.array(labelSchema).min(1, "needs at least one label"),
    feeds: z
      .array(
        z.object({
          url: z.url({ protocol: /^https?$/ }),
          every: z.string().refine((v) => parseDuration(v) !== undefined, `expected ${DURATION_HINT}`).optional(),
        }),
      )
      .optional(),
  })
  .superRefine((s, ctx) => {
    const sorted = [...s.labels].sort((a, b) => (a.from ?? "").localeCompare(b.from ?? ""));
    for (let i = 1; i < sorted.length; i++) {
      const prevTo = sorted[i - 1].to;
      const from = sorted[i].from;
      if (prevTo === undefined || from === undefined || from <= prevTo) {
        ctx.addIssue({ code: "custom", path: ["labels"], message: "labels overlap in time (each needs a 'from'/'to' that the others do not cover)" });
        return;
      }
    }
  });

const fileSchema = z.object({ $comment: z.string().optional(), sources: z.array(sourceSchema).min(1) });

export type SourceLabel = z.infer<typeof labelSchema>;

export interface Source {
  id: string;
  name: string;
  aliases: string[];
  domains: string[];
  datelines: string[];
  /** ISO 3166-1 alpha-2 code of the country the outlet belongs to (state ties or base). */
  country: string;
  labels: SourceLabel[];
  /** RSS/Atom/RDF feeds the bot polls for this source; `every` ("15m", "2h") overrides FEED_EVERY. */
  feeds?: { url: string; every?: string }[];
}

export interface SourceRegistry {
  /** Every source, in registry order. */
  all(): Source[];
  get(id: string): Source | undefined;
  /** Source id for a URL (or bare host) on one of its domains, subdomains included; "www." ignored. */
  byUrl(url: string): string | undefined;
  /** Source id when `text` opens with a dateline naming it ("BEIRUT (Reuters) -", "Damascus, SANA-"). */
  byDateline(text: string): string | undefined;
  /** Source id from an id, name or alias; case-, punctuation- and diacritics-insensitive. */
  byName(name: string): string | undefined;
  /** The source an id, name or alias designates (for `--source` and `/brief source:`). */
  find(query: string): Source | undefined;
  /** Autocomplete: sources whose id, name or alias matches `query`, best first. */
  suggest(query: string, limit?: number): Source[];
  /** The label in force at `at`, ready to show; unknown ids give an explicit "not in the registry". */
  labelFor(id: string | null, at: Date | string, fallbackName?: string): SourceLabelView;
}

/** Thrown for a missing, unreadable or invalid registry file; the message names file, source and field. */
export class SourceRegistryError extends DataFileError {
  constructor(file: string, problems: string[]) {
    super("source registry", file, problems);
  }
}

const DEFAULT_FILE = fileURLToPath(new URL("../../sources/registry.json", import.meta.url));
const load = oncePerFile((file) => buildRegistry(readSources(file)));

/**
 * Loads and validates the registry (default `<repo>/sources/registry.json`), once per file.
 * Throws a SourceRegistryError listing every problem by source id and field.
 */
export function loadSourceRegistry(file: string = DEFAULT_FILE): SourceRegistry {
  return load(file);
}

function readSources(file: string): Source[] {
  const { data, shown } = readDataFile(file, fileSchema, (f, problems) => new SourceRegistryError(f, problems), describeIssue);
  const sources = data.sources.map(({ labels, ...rest }) => ({
    ...rest,
    labels: [...labels].sort((a, b) => (a.from ?? "").localeCompare(b.from ?? "")),
  }));
  const clashes = findClashes(sources);
  if (clashes.length) throw new SourceRegistryError(shown, clashes);
  return sources;
}

/** "source \"sana\": labels[1].references: needs at least one reference" */
function describeIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  const [top, index, ...rest] = issue.path;
  if (top !== "sources" || typeof index !== "number") return `${issue.path.join(".") || "(file)"}: ${issue.message}`;
  const entry = (raw as { sources: unknown[] }).sources[index] as { id?: unknown } | undefined;
  const who = typeof entry?.id === "string" ? `source "${entry.id}"` : `sources[${index}]`;
  return `${who}: ${fieldPath(rest) || "(entry)"}: ${issue.message}`;
}

/** Ids, domains, datelines and names must each lead to one source only. */
function findClashes(sources: Source[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const claim = (key: string, id: string, what: string) => {
    const owner = seen.get(key);
    if (owner && owner !== id) problems.push(`source "${id}": ${what} is also claimed by source "${owner}"`);
    else seen.set(key, id);
  };
  for (const s of sources) {
    if (seen.has(`id:${s.id}`)) problems.push(`source "${s.id}": id is used twice`);
    seen.set(`id:${s.id}`, s.id);
    for (const d of s.domains) claim(`domain:${d}`, s.id, `domains: "${d}"`);
    for (const d of s.datelines) claim(`dateline:${d.toLowerCase()}`, s.id, `datelines: "${d}"`);
    for (const n of [s.id, s.name, ...s.aliases, ...s.datelines]) claim(`name:${normalizeName(n)}`, s.id, `name "${n}"`);
  }
  return problems;
}

/** Lower case, no diacritics, punctuation as spaces, no leading "the": "Anadolu Ajansı" → "anadolu ajansi". */
function normalizeName(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/ı/g, "i")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/^the /, "");
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Dateline openings. PLACE is a capitalised place name of up to four words ("DAMASCUS", "Deir Ezzor",
 * "Hasaka/Raqqa"); the place may carry a country or date after a comma ("AMMAN, Jordan", "DAMASCUS, Dec. 8").
 * Every form needs the source name at the very start or right after the place, so "…, SANA reported." never fires.
 */
function datelinePattern(datelines: string[]): RegExp {
  const names = [...datelines].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|");
  const place = String.raw`\p{Lu}[\p{L}'’.\-]*(?:[ /][\p{L}'’.\-]+){0,3}`;
  const placeWithDetail = String.raw`${place}(?:,[ \t]*[\p{L}\p{N}.'’ ]{1,30})?`;
  const dash = String.raw`(?:--?|[–—:])`;
  const forms = [
    String.raw`\(\s*(?<bare>${names})\s*\)`, // "(FNA)- …", "(ANHA) – …"
    String.raw`${placeWithDetail}\s*\(\s*(?<paren>${names})\s*\)\s*${dash}`, // "BEIRUT (Reuters) -", "DAMASCUS, Syria (AP) —"
    String.raw`${place},\s*(?<comma>${names})\s*(?:${dash}|$)`, // "Damascus, SANA-"
    String.raw`${place}\s*[–—-]\s*(?<after>${names})(?![\p{L}\p{N}])`, // "Idlib – Enab Baladi"
    String.raw`(?<lead>${names})\s*[–—-]\s*\p{Lu}`, // "Enab Baladi – Idlib"
  ];
  return new RegExp(String.raw`^[\s\uFEFF"“]*(?:${forms.join("|")})`, "iu");
}

function buildRegistry(sources: Source[]): SourceRegistry {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const domainIndex = new Map<string, string>();
  const nameIndex = new Map<string, string>();
  const datelineIndex = new Map<string, string>();
  for (const s of sources) {
    for (const d of s.domains) domainIndex.set(d, s.id);
    for (const n of [s.id, s.name, ...s.aliases, ...s.datelines]) nameIndex.set(normalizeName(n), s.id);
    for (const d of s.datelines) datelineIndex.set(d.toLowerCase(), s.id);
  }
  const dateline = datelinePattern(sources.flatMap((s) => s.datelines));
  const collator = new Intl.Collator("en", { sensitivity: "base" });
  const byNameOrder = [...sources].sort((a, b) => collator.compare(a.name, b.name));

  const byName = (name: string) => nameIndex.get(normalizeName(name));

  return {
    all: () => [...sources],
    get: (id) => byId.get(id),

    byUrl(url) {
      const host = hostOf(url);
      if (!host) return undefined;
      // Walk up the labels: english.farsnews.ir → farsnews.ir → ir.
      for (let h = host; h.includes("."); h = h.slice(h.indexOf(".") + 1)) {
        const id = domainIndex.get(h);
        if (id) return id;
      }
      return undefined;
    },

    byDateline(text) {
      const m = dateline.exec(text.slice(0, 200));
      if (!m?.groups) return undefined;
      const name = Object.values(m.groups).find((v) => v !== undefined);
      return name === undefined ? undefined : datelineIndex.get(name.toLowerCase());
    },

    byName,

    find(query) {
      const id = byName(query);
      return id === undefined ? undefined : byId.get(id);
    },

    suggest(query, limit = 25) {
      const q = normalizeName(query);
      if (!q) return byNameOrder.slice(0, limit);
      const scored: { source: Source; score: number }[] = [];
      for (const s of byNameOrder) {
        const score = Math.min(...[s.id, s.name, ...s.aliases].map((n) => matchScore(normalizeName(n), q)));
        if (score < Infinity) scored.push({ source: s, score });
      }
      // Stable sort keeps alphabetical order within a score.
      return scored.sort((a, b) => a.score - b.score).slice(0, limit).map((x) => x.source);
    },

    labelFor(id, at, fallbackName) {
      const source = id === null ? undefined : byId.get(id);
      if (!source) {
        return { id: "unknown", name: fallbackName ?? "Unknown source", label: "not in the registry", side: null, known: false, references: [] };
      }
      const label = labelAt(source.labels, dayOf(at));
      return {
        id: source.id,
        name: source.name,
        label: `${OWNERSHIP_TEXT[label.ownership]} · ${label.stateTies} · ${label.alignment}`,
        side: label.side,
        known: true,
        references: label.references.map((r) => ({ ...r })),
      };
    },
  };
}

const OWNERSHIP_TEXT: Record<SourceLabel["ownership"], string> = {
  state: "state media",
  "state-affiliated": "state-affiliated",
  independent: "independent",
  wire: "wire service",
  monitor: "monitoring group",
  "think-tank": "think tank",
};

/** 0 exact, 1 prefix, 2 a word starts with the query, 3 substring; Infinity when it does not match. */
function matchScore(candidate: string, query: string): number {
  if (candidate === query) return 0;
  if (candidate.startsWith(query)) return 1;
  if (candidate.includes(` ${query}`)) return 2;
  if (candidate.includes(query)) return 3;
  return Infinity;
}

function hostOf(url: string): string | undefined {
  const trimmed = url.trim();
  if (!trimmed) return undefined;
  try {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
    return new URL(withScheme).hostname.toLowerCase().replace(/\.$/, "").replace(/^www\./, "");
  } catch {
    return undefined;
  }
}

/**
 * The calendar day of `at` as YYYY-MM-DD. An ISO string keeps its own (publisher-local) date, so an
 * article stamped 2024-12-08T01:00+03:00 counts as the 8th; a Date is taken in UTC. Unparseable → undefined.
 */
function dayOf(at: Date | string): string | undefined {
  if (typeof at === "string") {
    const m = /^\s*(\d{4}-\d{2}-\d{2})/.exec(at);
    if (m) return m[1];
    at = new Date(at);
  }
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString().slice(0, 10);
}

/** The label whose period covers `day`; before the first period the first, otherwise the latest that began. */
function labelAt(labels: SourceLabel[], day: string | undefined): SourceLabel {
  if (day === undefined) return labels[labels.length - 1];
  let chosen = labels[0];
  for (const l of labels) {
    if ((l.from ?? "") <= day) chosen = l;
    if ((l.from ?? "") <= day && (l.to === undefined || day <= l.to)) return l;
  }
  return chosen;
}
