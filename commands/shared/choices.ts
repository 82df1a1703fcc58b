/**
 * Autocomplete choices shared by the commands that take a province or a source. Values are what `run`
 * resolves exactly (province code, source id); names are what a user recognises, within Discord's limits.
 */
import type { Choice } from "../../src/command.ts";
import type { Context } from "../../src/context.ts";

/** Discord shows at most 25 choices, each name at most 100 characters. */
export const MAX_CHOICES = 25;
const MAX_NAME = 100;

function clip(name: string): string {
  return name.length <= MAX_NAME ? name : `${name.slice(0, MAX_NAME - 1)}…`;
}

/** Provinces matching what the user typed (names, aliases, transliterations, codes), best first: "Deir ez-Zor (SY-DY)". */
export function provinceChoices(ctx: Pick<Context, "regions">, typed: string): Choice[] {
  return ctx.regions.suggestProvinces(typed, MAX_CHOICES).map((p) => ({ name: clip(`${p.name} (${p.code})`), value: p.code }));
}

/** Registry sources matching what the user typed (id, name, alias), best first: "Syrian Arab News Agency (sana)". */
export function sourceChoices(ctx: Pick<Context, "sources">, typed: string): Choice[] {
  return ctx.sources.suggest(typed, MAX_CHOICES).map((s) => ({ name: clip(`${s.name} (${s.id})`), value: s.id }));
}

/** Choices for a focused `province` or `source` option; none for any other option. */
export async function placeOrSourceChoices(ctx: Pick<Context, "regions" | "sources">, focused: { name: string; value: string }): Promise<Choice[]> {
  if (focused.name === "province") return provinceChoices(ctx, focused.value);
  if (focused.name === "source") return sourceChoices(ctx, focused.value);
  return [];
}
