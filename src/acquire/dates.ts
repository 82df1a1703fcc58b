/**
 * Publication dates as articles write them: ISO 8601 in metadata, "December 22, 2016" in front matter,
 * "DAMASCUS, Dec. 22 (FNA)" in datelines, /2016/12/23/ in URLs. Everything comes out as ISO 8601 (UTC);
 * a date without a time is midnight UTC, a date-time without a zone is read as UTC.
 */
import { InputError } from "../errors.ts";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const DAY = "(\\d{1,2})(?:st|nd|rd|th)?";
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?/i;
const RFC_2822 = /^(?:[a-z]{3},\s*)?\d{1,2}\s+[a-z]{3}\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|gmt|utc|z)\b/i;
// The comma may be Arabic ("14 September، 2021" on Arabic-run English sites).
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+${DAY}[,،]?\\s+(\\d{4})\\b`, "i");
const DAY_MONTH_YEAR = new RegExp(`\\b${DAY}\\s+${MONTH}[,،]?\\s+(\\d{4})\\b`, "i");

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase());
}

/** A calendar date as ISO midnight UTC, or undefined when the day does not exist (Feb 30). */
function calendarDate(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month || d.getUTCDate() !== day) return undefined;
  if (year < 1900 || year > 2200) return undefined;
  return d.toISOString();
}

function parseIso(value: string): string | undefined {
  const m = ISO.exec(value);
  if (!m) return undefined;
  const date = calendarDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!date || m[4] === undefined) return date;
  let zone = m[8] ?? "Z";
  if (/^[+-]\d{2}$/.test(zone)) zone += ":00";
  else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const time = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? "00"}${m[7] ?? ""}${zone.toUpperCase()}`;
  const parsed = new Date(time);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

/**
 * Reads a date written in metadata or front matter: ISO 8601 (date or date-time), RFC 2822, "December 22,
 * 2016", "22 Dec 2016". Text after the date is ignored ("2016-12-22 (repost)"). Undefined when none is found.
 */
export function parseLooseDate(value: string): string | undefined {
  const text = value.trim();
  const iso = parseIso(text);
  if (iso) return iso;
  if (RFC_2822.test(text)) {
    const parsed = new Date(text);
    if (!Number.isNaN(parsed.getTime())) return parsed.toISOString();
  }
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy) return calendarDate(Number(mdy[3]), monthIndex(mdy[1]), Number(mdy[2]));
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy) return calendarDate(Number(dmy[3]), monthIndex(dmy[2]), Number(dmy[1]));
  return undefined;
}

/**
 * Validates the `--published` option: YYYY-MM-DD or an ISO 8601 date-time. Returns it as ISO; throws
 * InputError for anything else, so a typo never silently becomes "today".
 */
export function parsePublishedOption(value: string, origin: string): string {
  const text = value.trim();
  const whole = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
  const iso = whole.test(text) ? parseIso(text) : undefined;
  if (!iso) {
    throw new InputError(origin, `invalid publication date "${value}" (expected YYYY-MM-DD or an ISO 8601 date-time)`);
  }
  return iso;
}

/** Place, comma, date, then the source or a dash: "DAMASCUS, Dec. 22 (FNA)", "Aleppo, 22 December 2016 –". */
const DATELINE = new RegExp(
  `^\\p{L}[\\p{L}\\p{M}'’.\\- ]{1,40}?,\\s*(?:${MONTH}\\s+${DAY}|${DAY}\\s+${MONTH})(?:,?\\s+(\\d{4}))?\\s*(?:[(\\-–—_/:,]|$)`,
  "iu",
);

/**
 * The date in a dateline at the start of `text`. A dateline without a year takes the year of `reference`
 * (the URL's date or the ingest time), or the year before when that would put it in the future.
 */
export function datelineDate(text: string, reference: Date): string | undefined {
  const m = DATELINE.exec(text.trim());
  if (!m) return undefined;
  const month = monthIndex(m[1] ?? m[4]);
  const day = Number(m[2] ?? m[3]);
  if (m[5]) return calendarDate(Number(m[5]), month, day);
  const year = reference.getUTCFullYear();
  const date = calendarDate(year, month, day);
  const twoDays = 2 * 24 * 3600 * 1000;
  if (date && new Date(date).getTime() > reference.getTime() + twoDays) return calendarDate(year - 1, month, day);
  return date;
}

/** A date in a URL path, as blogs and news sites put it: /2016/12/23/slug, /2016-12-23-slug. */
export function urlDate(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const m = /\/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|\.|$)/.exec(path);
  return m ? calendarDate(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined;
}

export interface DateClues {
  /** `--published`, already validated. */
  option?: string;
  /** A date as written in front matter or HTML metadata. */
  declared?: string;
  /** The first body paragraphs, where a dateline would be. */
  leadParagraphs: string[];
  /** Post-meta lines near the top ("Posted on December 2, 2019 by …"). */
  metaLines: string[];
  /** The title, which report series date ("Iran Update, January 23, 2024"). */
  title: string;
  /** URLs that may carry a date in their path. */
  urls: (string | undefined)[];
}

/**
 * The publication date from the strongest clue: `--published`, declared metadata, a dateline, a post-meta
 * line, a full date in the title, a date in the URL; else the ingest time, marked as estimated.
 */
export function resolvePublishedAt(clues: DateClues, now: Date): { publishedAt: string; publishedAtEstimated: boolean } {
  const fromUrl = clues.urls.map((u) => (u ? urlDate(u) : undefined)).find(Boolean);
  const reference = fromUrl ? new Date(fromUrl) : now;
  const found =
    clues.option ??
    (clues.declared ? parseLooseDate(clues.declared) : undefined) ??
    clues.leadParagraphs.map((p) => datelineDate(p, reference)).find(Boolean) ??
    clues.metaLines.map((line) => parseLooseDate(line)).find(Boolean) ??
    parseLooseDate(clues.title) ??
    fromUrl;
  return found ? { publishedAt: found, publishedAtEstimated: false } : { publishedAt: now.toISOString(), publishedAtEstimated: true };
}
