/**
 * A hand-written source detector and acquire options for the acquisition tests (the real registry is
 * tested on its own): FNA, SANA and Reuters by domain, dateline and name; Enab Baladi by name only.
 */
import type { AcquireOptions, SourceDetector } from "../../src/acquire/index.ts";

const DOMAINS: Record<string, string> = { "farsnews.ir": "fna", "fna.ir": "fna", "sana.sy": "sana", "reuters.com": "reuters" };
const NAMES: Record<string, string> = {
  "fars news agency": "fna",
  fna: "fna",
  "syrian arab news agency": "sana",
  sana: "sana",
  reuters: "reuters",
  "enab baladi": "enab-baladi",
};

export const fakeSources: SourceDetector = {
  byUrl(url) {
    const host = new URL(url).hostname.replace(/^www\./, "");
    const domain = Object.keys(DOMAINS).find((d) => host === d || host.endsWith(`.${d}`));
    return domain ? DOMAINS[domain] : undefined;
  },
  byDateline(text) {
    const m = /^[\p{L}\d ,./'-]{0,40}\((FNA|SANA|Reuters)\)\s*[-–—_]/u.exec(text.trim());
    return m ? NAMES[m[1].toLowerCase()] : undefined;
  },
  byName(name) {
    return NAMES[name.trim().toLowerCase()];
  },
};

export const NOW = new Date("2025-03-01T12:00:00.000Z");

/** Options as the CLI would pass them with default limits, overridable per test. */
export function acquireOptions(overrides: Partial<AcquireOptions> = {}): AcquireOptions {
  return { maxBytes: 5 * 1024 * 1024, fetchTimeoutMs: 5000, maxRedirects: 5, now: NOW, sources: fakeSources, ...overrides };
}

/** The first 60 characters (code points) of a paragraph, as the corpus labels key it. */
export function key60(text: string): string {
  return Array.from(text).slice(0, 60).join("");
}
