/**
 * The analyze stage: paragraphs with their provinces, place mentions, section headers and loaded terms.
 * Pure and synchronous: the same document always gives the same analysis, and nothing is stored.
 */
import type { RegionPack } from "../registry/regions.ts";
import type { AcquiredDocument, AnalyzedDocument, Paragraph } from "../types.ts";
import type { Lexicon } from "./framing.ts";
import { geotag } from "./geotag.ts";

export interface AnalyzeDeps {
  regions: RegionPack;
  lexicon: Lexicon;
}

/** Analyses an acquired document. Boilerplate paragraphs are kept (flagged) but get no places or framing. */
export function analyze(doc: AcquiredDocument, deps: AnalyzeDeps): AnalyzedDocument {
  const tags = geotag(doc.blocks, deps.regions);
  const paragraphs: Paragraph[] = doc.blocks.map((block, index) => ({
    index,
    text: block.text,
    boilerplate: block.boilerplate,
    header: tags[index].header,
    provinces: tags[index].provinces,
    inherited: tags[index].inherited,
    places: tags[index].places,
    framing: block.boilerplate ? [] : deps.lexicon.find(block.text),
  }));
  return { ...doc, paragraphs };
}
