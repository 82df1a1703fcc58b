/**
 * Hand-built `Report` objects for tests: `makeReport({ ...overrides })` fills in everything a stored report
 * needs (content hash, id, provinces, extractive condensations) from the few fields a test cares about.
 */
import { createHash } from "node:crypto";
import type { Condensation, FramingHit, Paragraph, PlaceMention, Report } from "../../src/types.ts";

/** A paragraph as a test writes it: only `text` is required. */
export interface ParagraphSpec {
  text: string;
  /** Defaults to the report's `provinces` override, else ["SY-HL"] (none for boilerplate and headers). */
  provinces?: string[];
  places?: PlaceMention[];
  framing?: FramingHit[];
  boilerplate?: boolean;
  header?: boolean;
  inherited?: boolean;
}

export type ReportOverrides = Partial<Omit<Report, "paragraphs">> & { paragraphs?: (string | ParagraphSpec)[] };

let serial = 0;

/**
 * A valid Report. Paragraphs may be plain strings. Unless given, `contentHash` is the sha256 of the
 * non-boilerplate text, `id` its first 12 hex digits, `provinces` the union of the paragraphs' provinces and
 * `condensations` one extractive item per paragraph and province. Each call without `paragraphs` gets
 * distinct default text, so two default reports are never duplicates.
 */
export function makeReport(overrides: ReportOverrides = {}): Report {
  serial += 1;
  const { paragraphs: specs, ...fields } = overrides;
  const defaultProvinces = fields.provinces ?? ["SY-HL"];
  const paragraphs = (specs ?? [`Clashes reported near Aleppo city (report ${serial}).`]).map((spec, index) =>
    makeParagraph(typeof spec === "string" ? { text: spec } : spec, index, defaultProvinces),
  );
  const contentHash = fields.contentHash ?? hashText(paragraphs);
  const provinces = fields.provinces ?? [...new Set(paragraphs.flatMap((p) => p.provinces))];
  return {
    id: contentHash.slice(0, 12),
    origin: `test-${serial}.txt`,
    title: `Test report ${serial}`,
    sourceId: "sana",
    publishedAt: "2024-03-10T12:00:00.000Z",
    publishedAtEstimated: false,
    ingestedAt: "2024-03-10T12:05:00.000Z",
    contentHash,
    paragraphs,
    provinces,
    condensations: condense(paragraphs, provinces),
    ...fields,
  };
}

/** A place mention of `text` inside `paragraph` (first occurrence), for `ParagraphSpec.places`. */
export function mention(paragraph: string, text: string, id: string, code: string | null = null): PlaceMention {
  const start = paragraph.indexOf(text);
  if (start < 0) throw new Error(`"${text}" is not in "${paragraph}"`);
  return { text, code, id, start, end: start + text.length };
}

function makeParagraph(spec: ParagraphSpec, index: number, defaultProvinces: string[]): Paragraph {
  const furniture = spec.boilerplate === true || spec.header === true;
  return {
    index,
    text: spec.text,
    boilerplate: spec.boilerplate ?? false,
    header: spec.header ?? false,
    provinces: spec.provinces ?? (furniture ? [] : defaultProvinces),
    inherited: spec.inherited ?? false,
    places: spec.places ?? [],
    framing: spec.framing ?? [],
  };
}

function hashText(paragraphs: Paragraph[]): string {
  const text = paragraphs
    .filter((p) => !p.boilerplate)
    .map((p) => p.text.trim().replace(/\s+/g, " "))
    .join("\n");
  return createHash("sha256").update(text).digest("hex");
}

function condense(paragraphs: Paragraph[], provinces: string[]): Record<string, Condensation> {
  const out: Record<string, Condensation> = {};
  for (const province of provinces) {
    const items = paragraphs
      .filter((p) => !p.boilerplate && !p.header && p.provinces.includes(province))
      .map((p) => ({
        text: p.text,
        cites: [p.index],
        framing: p.framing.map((f) => ({ term: f.term, category: f.category })),
      }));
    out[province] = { province, method: "extractive", items };
  }
  return out;
}
