/**
 * The plain data that flows between the stages (acquire → analyze → condense → store → brief).
 * Every stage takes and returns these shapes; none of them holds behaviour, so any stage can be
 * tested, cached or serialised on its own.
 */

/** A province (first-level division) of a region pack, e.g. `{ code: "SY-HL", name: "Aleppo" }`. */
export interface Province {
  code: string;
  name: string;
}

/** One block of text as it came out of acquisition, before analysis. */
export interface Block {
  text: string;
  /** Page furniture, comment forms, share buttons, reader comments… kept, but never analysed for content. */
  boilerplate: boolean;
  /** Why it was flagged as boilerplate (for `analyze` output and debugging). */
  reason?: string;
  /**
   * True on the first block after a story break: two or more blank lines in plain text, an `<hr>` or an
   * h2–h6 heading in HTML. The analyzer stops carrying the previous story's place across it.
   */
  breakBefore?: boolean;
}

/** What acquisition hands to analysis: text blocks plus metadata. */
export interface AcquiredDocument {
  /** Where it came from, as the user named it: a file path, a URL, or "stdin". Used in messages. */
  origin: string;
  /** Canonical URL of the article when known (the input URL, a canonical link, or front matter). */
  url?: string;
  title: string;
  /** ISO 8601. */
  publishedAt: string;
  /** True when no date was found and the ingest time stands in for it. */
  publishedAtEstimated: boolean;
  /** Registry id, or null when the source is unknown (shown as such, never blank). */
  sourceId: string | null;
  /** How the source was found: "option", "domain", "dateline", "metadata", or "unknown". */
  sourceBy: "option" | "domain" | "dateline" | "metadata" | "unknown";
  /** A source name seen in the document when it is not in the registry (e.g. og:site_name). */
  sourceName?: string;
  format: "text" | "html";
  /** The paragraphs in reading order (title first when it is part of the body). */
  blocks: Block[];
}

/** A place name found in a paragraph. `code` is the province, or null for a non-location use ("the Damascus government"). */
export interface PlaceMention {
  text: string;
  code: string | null;
  /** Gazetteer id of the place (`[a-z0-9]+`, e.g. "syhl", "g170794", "ct4"); indexed so that any spelling finds it. */
  id?: string;
  start: number;
  end: number;
}

/** A loaded term from the framing lexicon found in a text, with its position. */
export interface FramingHit {
  /** The text as it appears in the source (e.g. "purged"). */
  term: string;
  /** The lexicon entry it matched (e.g. "purge"). */
  lemma: string;
  /** Lexicon category id, e.g. "delegitimising", "euphemism", "legitimising", "partisan-name". */
  category: string;
  start: number;
  end: number;
}

/** An analysed paragraph. `index` is its position among all paragraphs of the report (boilerplate included). */
export interface Paragraph {
  index: number;
  text: string;
  boilerplate: boolean;
  /** A section header ("Hama Province:", "Deir Ezzur-Quneitra") that scopes the paragraphs under it. */
  header: boolean;
  /** Province codes the paragraph is about. */
  provinces: string[];
  /** True when `provinces` came from context (section header or running story), not from a place in the text. */
  inherited: boolean;
  places: PlaceMention[];
  framing: FramingHit[];
}

export interface AnalyzedDocument extends AcquiredDocument {
  paragraphs: Paragraph[];
}

/** One condensed statement, traceable to the paragraphs it came from. */
export interface CondensedItem {
  text: string;
  /** Paragraph indexes in the report. */
  cites: number[];
  framing: { term: string; category: string }[];
}

export interface Condensation {
  province: string;
  /** "extractive", or "llm" when a model wrote it. */
  method: "extractive" | "llm";
  /** The model's name for LLM condensations. */
  model?: string;
  /** Why the extractive condenser was used when an LLM was wanted (no key, budget, failed verification…). */
  note?: string;
  items: CondensedItem[];
}

/** A stored report: the analysed document plus identity and its per-province condensations. */
export interface Report {
  /** Short stable id (hex), typed by users in `/report id:`. */
  id: string;
  origin: string;
  url?: string;
  title: string;
  sourceId: string | null;
  sourceName?: string;
  publishedAt: string;
  publishedAtEstimated: boolean;
  ingestedAt: string;
  /** sha256 of the normalised non-boilerplate text: the same content ingested twice is stored once. */
  contentHash: string;
  paragraphs: Paragraph[];
  /** Union of the paragraphs' provinces. */
  provinces: string[];
  /** Extractive condensation per province code. */
  condensations: Record<string, Condensation>;
  /**
   * Set when this report is a near-duplicate of an earlier stored report (the same wire story republished by
   * another outlet): that report's id. Briefs show the earlier report once, naming this one's source with it.
   */
  duplicateOf?: string;
  /** Other outlets that carried this story (near-duplicates, or the same text at another source), oldest first. */
  alsoReportedBy?: AlsoReported[];
}

/** One other outlet's copy of a story, as recorded on the report that is shown. */
export interface AlsoReported {
  sourceId: string | null;
  sourceName?: string;
  /** The copy's own report id, when it was stored (near-duplicates are; exact copies are not). */
  report?: string;
  url?: string;
}

/** A report without its paragraphs: metadata and condensations, what briefs and digests need. */
export type ReportSummary = Omit<Report, "paragraphs">;

/** The label a source carries at a given time: who runs it and where it stands. */
export interface SourceLabelView {
  id: string;
  name: string;
  /** Short name for attributions ("FNA", "SOHR"); the name when there is none. */
  short?: string;
  /** One line: ownership, state ties, alignment. "not in the registry" for unknown sources. */
  label: string;
  /** The side in the conflict used for one-sidedness flags ("government", "opposition", …) or null when neutral/unknown. */
  side: string | null;
  known: boolean;
  references: { title: string; url: string }[];
}

export interface BriefItem extends CondensedItem {
  report: string;
  reportTitle: string;
  url?: string;
  publishedAt: string;
  method: Condensation["method"];
  model?: string;
  note?: string;
  /** Names of other sources that carried the same story (near-duplicates skipped in the brief). */
  alsoReportedBy?: string[];
}

export interface BriefFlag {
  type: "one-side-only" | "no-reports";
  text: string;
}

/** One sentence of a cross-source overview (LLM only): where the sources agree or differ, citing their items. */
export interface BriefOverview {
  text: string;
  /** Short names of the sources it compares ("FNA", "SOHR"). */
  sources: string[];
  /** The brief items it rests on: report id and paragraph indexes. */
  items: { report: string; cites: number[] }[];
}

/** What `/brief` and `sitrep brief` show: per source, its label and its condensed items, newest first. */
export interface Brief {
  province: Province;
  from: string;
  to: string;
  sources: { source: SourceLabelView; items: BriefItem[] }[];
  flags: BriefFlag[];
  /** Cross-source overview, when a model is configured and at least two sources reported. */
  overview?: BriefOverview[];
}

export interface SearchQuery {
  text: string;
  province?: string;
  source?: string;
  /** ISO bounds on publishedAt. */
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

/** Marks around matched words in `SearchHit.snippet`; transports turn them into bold or brackets. */
export const MATCH_OPEN = "\u0002";
export const MATCH_CLOSE = "\u0003";

export interface SearchHit {
  report: string;
  paragraph: number;
  source: string | null;
  title: string;
  publishedAt: string;
  provinces: string[];
  /** Paragraph excerpt with matches between MATCH_OPEN and MATCH_CLOSE. */
  snippet: string;
  score: number;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
}
