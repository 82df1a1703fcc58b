/** A digest edition as plain text (console, CLI): the same content as the Discord digest, without markdown. */
import { attributed } from "../brief/attribution.ts";
import type { DigestEdition } from "./compose.ts";

const ITEMS_PER_SOURCE = 3;

/** Heading, window, coverage line, then each province's sources with their items and report ids. */
export function renderDigestText(edition: DigestEdition): string {
  const { digest } = edition;
  const span = `${digest.from.slice(0, 16).replace("T", " ")} → ${digest.to.slice(0, 16).replace("T", " ")} UTC`;
  if (digest.briefs.length === 0) return `${edition.heading} — nothing new on ${digest.scopeLabel} (${span}).`;
  const coverage = digest.coverage.bySource.map(({ source, provinces }) => `${source.short ?? source.name} → ${provinces.map((p) => p.name).join(", ")}`).join(" · ");
  const sided = digest.coverage.oneSided.map((o) => `${o.province.name} (${o.side})`).join(", ");
  const lines = [edition.heading, span, `Coverage: ${coverage}${sided ? ` — one side only: ${sided}` : ""}`];
  for (const brief of digest.briefs) {
    lines.push("", `${brief.province.name} (${brief.province.code})`);
    for (const { source, items } of brief.sources) {
      lines.push(`  ${source.name} — ${source.label}`);
      for (const item of items.slice(0, ITEMS_PER_SOURCE)) lines.push(`    • ${attributed(item, source)}  [report ${item.report}]`);
      if (items.length > ITEMS_PER_SOURCE) lines.push(`    … ${items.length - ITEMS_PER_SOURCE} more`);
    }
  }
  return lines.join("\n");
}
