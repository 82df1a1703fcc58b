/**
 * Datelines: the place, date and agency a wire story opens with. They say where the story was filed, not
 * where its events happen (geotagging uses them only as a fallback), and a brief's item leaves them out.
 */
import { AGENCIES } from "../acquire/boilerplate.ts";

/**
 * A leading dateline: the place, then optionally a country and a date, then the agency —
 * "DAMASCUS, Syria (AP) —", "Aleppo, SANA –", "DAMASCUS, Aug. 23 (Xinhua) --", "BEIRUT, Jan 5 (Reuters) -",
 * "HMEIMIM AIRBASE /Latakia province/, February 28. /TASS/.".
 */
const DATELINE = new RegExp(
  String.raw`^\s*(?:[A-Z][A-Z'’ -]{2,30}|[A-Z][\p{L}'’ -]{2,30})(?:\s*/[^/]{2,40}/)?,?\s*` +
    String.raw`(?:[A-Z][\p{L}]+,?\s*)?` +
    String.raw`(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}[,.]?\s*)?` +
    String.raw`(?:\([^)]{2,30}\)\s*[-–—_:]+|(?:(?:north|south|east|west)(?:ern|-?east(?:ern)?|-?west(?:ern)?)?\s+|central\s+)?Syria\s+[–—]\s|,?\s*(?:${AGENCIES})\b\s*[-–—_:]+|\.?\s*/(?:TASS|Sputnik|RIA Novosti)/\.)`,
  "u",
);

/** Length of a leading dateline at the start of a story (see DATELINE), 0 without one. */
export function datelineLength(text: string): number {
  return DATELINE.exec(text)?.[0].length ?? 0;
}

/** A dateline that names only the agency: "(FNA)- The army …". */
const AGENCY_ONLY = /^\s*\([A-Z][\w .]{1,20}\)\s*[-–—]+\s*/;

/**
 * Length of the dateline to leave out when a paragraph's first sentence is quoted on its own (a brief's
 * item): the place form, or the agency alone. What follows is the source's sentence, verbatim.
 */
export function quotedDatelineLength(text: string): number {
  const place = datelineLength(text);
  const length = place || (AGENCY_ONLY.exec(text)?.[0].length ?? 0);
  return length + (/^\s*/.exec(text.slice(length))?.[0].length ?? 0);
}
