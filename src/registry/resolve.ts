/**
 * What a user typed → a province or a source, or a UserError with the closest names. Lives with the
 * registries so every stage and transport (ingest's --source, brief, search, commands) resolves alike.
 */
import { UserError } from "../errors.ts";
import type { Province } from "../types.ts";
import type { RegionPack } from "./regions.ts";
import type { SourceRegistry } from "./sources.ts";

/** Finds the province a user typed, or throws a UserError listing the closest names. */
export function requireProvince(ctx: { regions: RegionPack }, query: string): Province {
  const province = ctx.regions.resolveProvince(query);
  if (province) return province;
  const close = ctx.regions.suggestProvinces(query, 3).map((p) => p.name);
  throw new UserError(`Unknown province "${query}".`, close.length ? [`Did you mean: ${close.join(", ")}?`] : [`Known provinces: ${ctx.regions.provinces.map((p) => p.name).join(", ")}`]);
}

/** Finds the source a user typed (id, name or alias), or throws a UserError with suggestions. Returns its id. */
export function requireSource(ctx: { sources: SourceRegistry }, query: string): string {
  const found = ctx.sources.find(query);
  if (found) return found.id;
  const close = ctx.sources.suggest(query, 3).map((s) => `${s.name} (${s.id})`);
  throw new UserError(`Unknown source "${query}".`, close.length ? [`Did you mean: ${close.join(", ")}?`] : ["See `sitrep sources` for the registry."]);
}
