import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { brief } from "../../commands/brief.ts";
import { search } from "../../commands/search.ts";
import type { Choice } from "../../src/command.ts";
import { tempContext } from "../helpers/context.ts";
import { asUser } from "./invocation.ts";

const user = asUser("333333333333333333");

describe("autocomplete for province and source", () => {
  let t: Awaited<ReturnType<typeof tempContext>>;
  beforeAll(async () => {
    t = await tempContext();
  });
  afterAll(async () => t.cleanup());

  const complete = (name: string, value: string, command = brief): Promise<Choice[]> => command.autocomplete!(t.ctx, { name, value }, {}, user);

  it.each([
    ["deir ez", "Deir ez-Zor (SY-DY)", "SY-DY"],
    ["damascus countr", "Rif Dimashq (SY-RD)", "SY-RD"],
    ["sy-dy", "Deir ez-Zor (SY-DY)", "SY-DY"],
    ["Aleppo", "Aleppo (SY-HL)", "SY-HL"],
    ["hasaka", "Al-Hasakah (SY-HA)", "SY-HA"],
  ])("province %j → %s first", async (typed, name, value) => {
    const [first] = await complete("province", typed);
    expect(first).toEqual({ name, value });
  });

  it("offers provinces when nothing is typed yet, within Discord's limits", async () => {
    const choices = await complete("province", "");
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value).toMatch(/^SY-[A-Z]{2}$/);
    }
  });

  it("offers sources by id, name or alias, with the registry id as the value", async () => {
    expect((await complete("source", "fars"))[0]).toEqual({ name: "Fars News Agency (fna)", value: "fna" });
    expect((await complete("source", "ANHA"))[0]?.value).toBe("hawar");
    const all = await complete("source", "");
    expect(all.length).toBe(25);
    expect(all.every((c) => c.name.length <= 100 && t.ctx.sources.get(c.value))).toBe(true);
  });

  it("works the same in /search, and offers nothing for other options", async () => {
    expect((await complete("province", "deir ez", search))[0]?.value).toBe("SY-DY");
    expect(await complete("query", "deir", search)).toEqual([]);
  });
});
