/**
 * Which registry source a document comes from, by the strongest clue available: the user's `--source`,
 * the URL's domain, a dateline ("(FNA)-", "BEIRUT (Reuters) -"), then a site name in the metadata.
 */
import type { AcquiredDocument } from "../types.ts";

/** Looks sources up in the registry (implemented by the registry; acquisition only asks). */
export interface SourceDetector {
  /** Registry id for the URL's host, or undefined. */
  byUrl(url: string): string | undefined;
  /** Registry id for a dateline at the start of text: "(FNA)-", "BEIRUT (Reuters) -", "DAMASCUS, (SANA)_". */
  byDateline(text: string): string | undefined;
  /** Registry id for a site name such as og:site_name "Enab Baladi". */
  byName(name: string): string | undefined;
}

export interface SourceClues {
  /** `--source`, already validated against the registry by the caller. */
  option?: string;
  /** The input URL, then canonical / front matter URLs. */
  urls: (string | undefined)[];
  /** The first body paragraphs (title excluded), where a dateline would be. */
  leadParagraphs: string[];
  /** Site names seen in the document (og:site_name, JSON-LD publisher, front matter Source). */
  names: (string | undefined)[];
}

export interface ResolvedSource {
  sourceId: string | null;
  sourceBy: AcquiredDocument["sourceBy"];
}

/** Ways a name is written in metadata: "Fars News Agency (FNA) roundup, reposted…" → the whole, "Fars News Agency", "FNA". */
function nameVariants(name: string): string[] {
  const variants = [name, name.split(/[(,;|]/)[0], ...[...name.matchAll(/\(([^)]+)\)/g)].map((m) => m[1])];
  return [...new Set(variants.map((v) => v.trim()).filter(Boolean))];
}

/** Resolves the source from `clues`, strongest first (see the module comment). */
export function resolveSource(clues: SourceClues, detector: SourceDetector): ResolvedSource {
  if (clues.option) return { sourceId: clues.option, sourceBy: "option" };
  for (const url of clues.urls) {
    const id = url ? detector.byUrl(url) : undefined;
    if (id) return { sourceId: id, sourceBy: "domain" };
  }
  for (const paragraph of clues.leadParagraphs) {
    const id = detector.byDateline(paragraph);
    if (id) return { sourceId: id, sourceBy: "dateline" };
  }
  for (const name of clues.names) {
    for (const variant of name ? nameVariants(name) : []) {
      const id = detector.byName(variant);
      if (id) return { sourceId: id, sourceBy: "metadata" };
    }
  }
  return { sourceId: null, sourceBy: "unknown" };
}
