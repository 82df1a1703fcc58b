/**
 * Composing a digest: for each province in scope, the province brief (each source's account, its label,
 * its loaded terms) over the digest's window, plus a coverage summary — who reported where, and which
 * provinces were covered by one side only. A composition depends only on (provinces, sources, window), so
 * the composer makes each distinct one once and every subscription that needs it shares it; it is also
 * kept in the store (`digest:<hash>`), so a retry or another process posts exactly the same text.
 */
import { createHash } from "node:crypto";
import { buildBrief } from "../brief/province-brief.ts";
import type { Context } from "../context.ts";
import type { Brief, Province, SourceLabelView } from "../types.ts";
import { DAY_MS } from "../clock.ts";

/** What a digest covers: province codes and source ids, null meaning all. */
export interface DigestScope {
  provinces: string[] | null;
  sources: string[] | null;
}

/** A reporting window: reports published in (from, to]. */
export interface DigestWindow {
  from: Date;
  to: Date;
}

export interface DigestCoverage {
  /** Each reporting source and the provinces it reported on, most provinces first. */
  bySource: { source: SourceLabelView; provinces: Province[] }[];
  /** Provinces where every source that reported is on the same side. */
  oneSided: { province: Province; side: string }[];
  /** Provinces in scope with nothing new. */
  quiet: number;
}

/** The composed digest, shared by every subscription with the same scope and window. */
export interface Digest {
  scope: DigestScope;
  /** The provinces in scope as users read them: "Aleppo, Idlib", "6 provinces", "any province". */
  scopeLabel: string;
  /** ISO bounds of the window. */
  from: string;
  to: string;
  /** One brief per province with something new, in the region pack's order. */
  briefs: Brief[];
  coverage: DigestCoverage;
}

/** A digest as one subscription posts it: with its own heading (local date and time). */
export interface DigestEdition {
  digest: Digest;
  /** "Daily digest · Thu 26 Nov 2026, 08:00 (Europe/Berlin)". */
  heading: string;
}

export interface Composer {
  /** The digest for `scope` over `window`: composed on first use, then shared. */
  compose(scope: DigestScope, window: DigestWindow): Promise<Digest>;
  /** How many digests this composer actually composed (cache hits and sharing excluded). */
  readonly compositions: number;
}

const PREFIX = "digest:";
/** A stored composition is only needed for the day's retries and other processes' passes. */
const TTL_MS = 3 * DAY_MS;

/** A stable key for (scope, window): the same for every subscription that wants the same digest. */
export function compositionKey(scope: DigestScope, window: DigestWindow): string {
  const canonical = JSON.stringify([
    scope.provinces ? [...scope.provinces].sort() : "*",
    scope.sources ? [...scope.sources].sort() : "*",
    window.from.toISOString(),
    window.to.toISOString(),
  ]);
  return createHash("sha256").update(canonical).digest("hex").slice(0, 32);
}

/**
 * A composer for one scheduler pass (or one process): concurrent requests for the same digest wait for
 * the same composition. With `persist`, compositions are read from and written to the store.
 */
export function createComposer(ctx: Context, options: { persist?: boolean } = {}): Composer {
  const memo = new Map<string, Promise<Digest>>();
  let compositions = 0;
  return {
    get compositions() {
      return compositions;
    },
    compose(scope, window) {
      const key = compositionKey(scope, window);
      let digest = memo.get(key);
      if (!digest) {
        digest = (async () => {
          const stored = options.persist ? await ctx.store.kv.get<Digest>(PREFIX + key) : undefined;
          if (stored) return stored;
          compositions++;
          const composed = await composeDigest(ctx, scope, window);
          if (options.persist) await ctx.store.kv.set(PREFIX + key, composed, TTL_MS);
          return composed;
        })();
        memo.set(key, digest);
        // A failed composition is not remembered: the next subscriber tries again.
        digest.catch(() => memo.delete(key));
      }
      return digest;
    },
  };
}

/**
 * Composes a digest: the brief of each province in scope over (from, to], keeping only sources in scope,
 * and the coverage summary. Reuses `buildBrief` over the digest's window.
 */
export async function composeDigest(ctx: Context, scope: DigestScope, window: DigestWindow): Promise<Digest> {
  const from = window.from.getTime();
  const to = window.to.getTime();
  // The region pack's order, not the subscriber's: subscriptions listing the same provinces in another order
  // share this composition, and must read the same.
  const provinces = scope.provinces ? ctx.regions.provinces.filter((p) => scope.provinces!.includes(p.code)) : ctx.regions.provinces;
  const sources = scope.sources ? new Set(scope.sources) : undefined;

  const briefs: Brief[] = [];
  for (const province of provinces) {
    // The overview speaks of every source in the window, so it is only kept when no source is filtered out.
    const brief = await buildBrief(ctx, { province: province.code, window, overview: !sources });
    const kept = brief.sources
      .filter((s) => !sources || sources.has(s.source.id))
      .map((s) => ({ ...s, items: s.items.filter((item) => inWindow(Date.parse(item.publishedAt), from, to)) }))
      .filter((s) => s.items.length > 0);
    if (kept.length > 0) briefs.push({ ...brief, from: window.from.toISOString(), sources: kept, flags: [] });
  }
  const scopeLabel = !scope.provinces ? "any province" : provinces.length <= 5 ? provinces.map((p) => p.name).join(", ") : `${provinces.length} provinces`;
  return { scope, scopeLabel, from: window.from.toISOString(), to: window.to.toISOString(), briefs, coverage: coverageOf(briefs, provinces.length) };
}

/** (from, to]: a report published exactly at a digest's time belongs to that digest, not the next. */
function inWindow(t: number, from: number, to: number): boolean {
  return t > from && t <= to;
}

function coverageOf(briefs: Brief[], inScope: number): DigestCoverage {
  const bySource = new Map<string, { source: SourceLabelView; provinces: Province[] }>();
  const oneSided: DigestCoverage["oneSided"] = [];
  for (const brief of briefs) {
    for (const { source } of brief.sources) {
      // Unknown sources all have the id "unknown"; their names tell them apart.
      const key = source.known ? source.id : `unknown:${source.name}`;
      const entry = bySource.get(key) ?? { source, provinces: [] };
      entry.provinces.push(brief.province);
      bySource.set(key, entry);
    }
    const sides = new Set(brief.sources.map((s) => s.source.side));
    const [side] = sides;
    if (sides.size === 1 && side) oneSided.push({ province: brief.province, side });
  }
  return {
    bySource: [...bySource.values()].sort((a, b) => b.provinces.length - a.provinces.length || a.source.name.localeCompare(b.source.name)),
    oneSided,
    quiet: inScope - briefs.length,
  };
}
