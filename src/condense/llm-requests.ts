/**
 * What the model is asked, and what its answer is checked against. A request is the system prompt (a file
 * in `prompts/`) plus one JSON object of data; its cache key is a hash of the model, the prompt's hash and
 * that data, so the same question is never asked twice. Report text only ever travels inside the JSON.
 */
import type { RegionPack } from "../registry/regions.ts";
import type { SourceRegistry } from "../registry/sources.ts";
import type { BriefItem, BriefOverview, CondensedItem, Province, Report, SourceLabelView } from "../types.ts";
import type { ChatMessage, JsonSchemaFormat } from "./llm-client.ts";
import { CONDENSE_FORMAT, OVERVIEW_FORMAT } from "./llm-output.ts";
import { sha256, type Prompt } from "./llm-prompts.ts";
import { Passages, type VerifierTools, type VerifyRules } from "./verify.ts";

/** One report's account of one province, to be condensed; `source` is its label as the brief shows it. */
export interface CondenseJob {
  report: Report;
  province: Province;
  source: SourceLabelView;
}

/** A brief's per-source items, the input of a cross-source overview. */
export interface OverviewGroup {
  source: SourceLabelView;
  items: BriefItem[];
}

export interface ModelRequest {
  kind: "condense" | "overview";
  /** keyv key of the cached answer. */
  key: string;
  messages: ChatMessage[];
  format: JsonSchemaFormat;
  maxTokens: number;
  passages: Passages;
  rules: VerifyRules;
}

export interface RequestDeps {
  model: string;
  tools: VerifierTools & { regions: RegionPack };
  sources: Pick<SourceRegistry, "get">;
}

/** Longest report text sent for one province; longer reports are cut at a paragraph boundary. */
const MAX_INPUT_CHARS = 12_000;
const ITEM_RULES = { maxItems: 4, maxChars: 1_000, maxItemChars: 320 };
const OVERVIEW_RULES = { maxItems: 3, maxChars: 1_200, maxItemChars: 400 };
/** At most this many of each source's items go into an overview, newest first. */
const OVERVIEW_ITEMS_PER_SOURCE = 6;

/**
 * The condensation request for a report and province: its non-boilerplate paragraphs about the province
 * (with their indexes), the source's name to attribute to, and the loaded terms the source used. Undefined
 * when the report has no such paragraph.
 */
export function condenseRequest(job: CondenseJob, prompt: Prompt, deps: RequestDeps): ModelRequest | undefined {
  const { report, province, source } = job;
  const about = report.paragraphs.filter((p) => !p.boilerplate && !p.header && p.provinces.includes(province.code));
  // The brief shows the title anyway: a paragraph repeating it only counts when there is nothing else.
  const body = about.filter((p) => squash(p.text) !== squash(report.title));
  const paragraphs: Report["paragraphs"] = [];
  let chars = 0;
  for (const p of body.length ? body : about) {
    if (chars + p.text.length > MAX_INPUT_CHARS && paragraphs.length) break;
    paragraphs.push(p);
    chars += p.text.length;
  }
  if (!paragraphs.length) return undefined;
  const attribution = source.short ?? source.name;
  const loadedTerms = [...new Set(paragraphs.flatMap((p) => p.framing.map((f) => f.term.toLowerCase())))];
  const data = JSON.stringify({
    source: attribution,
    province: province.name,
    title: report.title,
    loadedTerms,
    paragraphs: paragraphs.map((p) => ({ index: p.index, text: p.text })),
  });
  const registered = report.sourceId ? deps.sources.get(report.sourceId) : undefined;
  return {
    ...chat("condense", data, prompt, deps, province),
    format: CONDENSE_FORMAT,
    maxTokens: 700,
    passages: new Passages(
      deps.tools,
      paragraphs.map((p) => ({ id: p.index, text: p.text, placeIds: p.places.flatMap((m) => (m.id ? [m.id] : [])) })),
    ),
    rules: {
      ...ITEM_RULES,
      sourceNames: [attribution, source.name, ...(registered ? [registered.name, ...registered.aliases, ...registered.datelines] : [])],
      freePlaceIds: provincePlaceIds(deps.tools.regions, province),
    },
  };
}

/** A numbered statement of an overview request: whose it is and where it came from. */
export interface OverviewRef {
  source: string;
  report: string;
  cites: number[];
}

/**
 * The overview request for a brief: each source's newest items, numbered, with the source's name. The
 * answer's sentences cite those numbers and are verified against the statements they cite. Undefined when
 * fewer than two sources have items (nothing to compare).
 */
export function overviewRequest(province: Province, groups: OverviewGroup[], prompt: Prompt, deps: RequestDeps): { request: ModelRequest; refs: Map<number, OverviewRef> } | undefined {
  const withItems = groups.filter((g) => g.items.length);
  if (withItems.length < 2) return undefined;
  const refs = new Map<number, OverviewRef>();
  const statements: { id: number; source: string; text: string }[] = [];
  const names: string[] = [];
  for (const { source, items } of withItems) {
    const short = source.short ?? source.name;
    names.push(short, source.name);
    for (const item of items.slice(0, OVERVIEW_ITEMS_PER_SOURCE)) {
      const id = statements.length + 1;
      // Extractive items are the source's own sentences: the source's name goes in front so the model attributes them.
      statements.push({ id, source: short, text: item.method === "llm" ? item.text : `${short}: ${item.text}` });
      refs.set(id, { source: short, report: item.report, cites: item.cites });
    }
  }
  const data = JSON.stringify({ province: province.name, items: statements });
  return {
    refs,
    request: {
      ...chat("overview", data, prompt, deps, province),
      format: OVERVIEW_FORMAT,
      maxTokens: 600,
      passages: new Passages(deps.tools, statements.map((s) => ({ id: s.id, text: s.text }))),
      rules: { ...OVERVIEW_RULES, sourceNames: names, freePlaceIds: provincePlaceIds(deps.tools.regions, province) },
    },
  };
}

/** Verified overview sentences as the brief shows them: text, the sources compared, and what each cites. */
export function overviewFrom(kept: CondensedItem[], refs: Map<number, OverviewRef>): BriefOverview[] {
  return kept.map((sentence) => {
    const cited = sentence.cites.map((id) => refs.get(id)!);
    return { text: sentence.text, sources: [...new Set(cited.map((r) => r.source))], items: cited.map(({ report, cites }) => ({ report, cites })) };
  });
}

/** Gazetteer ids of the province itself: an item may name the province it is filed under without citing it. */
function provincePlaceIds(regions: Pick<RegionPack, "match">, province: Province): Set<string> {
  return new Set(regions.match(province.name).matches.flatMap((m) => m.entries.filter((e) => e.code === province.code).map((e) => e.id)));
}

const squash = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();

/** The prompt as the system message, the report data as the user message, and the cache key of both. */
function chat(kind: ModelRequest["kind"], data: string, prompt: Prompt, deps: RequestDeps, province: Province): Pick<ModelRequest, "kind" | "key" | "messages"> {
  return {
    kind,
    key: cacheKey(kind, deps.model, prompt, province.code, data),
    messages: [
      { role: "system", content: prompt.text },
      { role: "user", content: data },
    ],
  };
}

function cacheKey(kind: string, model: string, prompt: Prompt, province: string, data: string): string {
  return `llm:${kind}:${sha256(JSON.stringify([model, prompt.hash, province, data]))}`;
}
