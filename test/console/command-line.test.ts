import { describe, expect, it } from "vitest";
import { brief } from "../../commands/brief.ts";
import { search } from "../../commands/search.ts";
import { parseCommandLine, typedOptions } from "../../src/console/command-line.ts";
import { UserError } from "../../src/errors.ts";

describe("parseCommandLine", () => {
  it.each([
    ["/brief province:aleppo days:7", "brief", { province: "aleppo", days: "7" }],
    ['/search query:"T4" province:homs', "search", { query: "T4", province: "homs" }],
    ['/search query:"T4 airbase" province:“deir ez-zor”', "search", { query: "T4 airbase", province: "deir ez-zor" }],
    ["search query:T4 airbase province:deir ez-zor", "search", { query: "T4 airbase", province: "deir ez-zor" }],
    ["/BRIEF Province:Aleppo days: 7", "brief", { province: "Aleppo", days: "7" }],
    ['/search query:"say \\"hello\\"" ', "search", { query: 'say "hello"' }],
    ["/report id:https://example.com/x", "report", { id: "https://example.com/x" }],
    ["/sources", "sources", {}],
  ])("%s", (line, name, raw) => {
    expect(parseCommandLine(line)).toEqual({ name, raw });
  });

  it.each([
    ['/search query:"T4', /quote .* never closed/],
    ["/brief province:aleppo province:homs", /province is given twice/],
    ["   ", /Type a command/],
  ])("refuses %j", (line, message) => {
    expect(() => parseCommandLine(line)).toThrow(UserError);
    expect(() => parseCommandLine(line)).toThrow(message);
  });
});

describe("subcommands and bare words", () => {
  it("reads a bare word after the name as a subcommand", () => {
    expect(parseCommandLine("/digest list")).toEqual({ name: "digest", raw: {}, subcommand: "list", bare: "list" });
    expect(parseCommandLine("/digest preview provinces:aleppo")).toEqual({ name: "digest", raw: { provinces: "aleppo" }, subcommand: "preview", bare: "preview" });
  });

  it("takes bare words as the command's main option, as typed", () => {
    const typed = (line: string, data = brief.data) => {
      const { raw, subcommand, bare } = parseCommandLine(line);
      return typedOptions(data, raw, subcommand, bare);
    };
    expect(typed("/brief aleppo")).toEqual({ province: "aleppo" });
    expect(typed("brief Deir ez-Zor days:3")).toEqual({ province: "Deir ez-Zor", days: 3 });
    expect(typed('/search "T4" airbase province:homs', search.data)).toEqual({ query: '"T4" airbase', province: "homs" });
    // The main option given by name too: the bare words have nowhere to go.
    expect(() => typed("/brief aleppo province:homs")).toThrow(/name:value — "aleppo" is not one/);
  });
});

describe("typedOptions", () => {
  it("turns integers into numbers and keeps strings as typed", () => {
    expect(typedOptions(brief.data, { province: "aleppo", days: "7" })).toEqual({ province: "aleppo", days: 7 });
    expect(typedOptions(search.data, { query: "T4", days: "3650" })).toEqual({ query: "T4", days: 3650 });
  });

  it.each([
    [{ province: "aleppo", days: "seven" }, 'days must be a whole number from 1 to 30 (got "seven").'],
    [{ province: "aleppo", days: "31" }, 'days must be a whole number from 1 to 30 (got "31").'],
    [{ province: "aleppo", days: "2.5" }, 'days must be a whole number from 1 to 30 (got "2.5").'],
    [{ days: "7" }, "/brief needs province:…"],
    [{ province: "aleppo", region: "x" }, '/brief has no option "region".'],
  ])("refuses %j", (raw, message) => {
    expect(() => typedOptions(brief.data, raw)).toThrow(message);
  });

  it("names the options a command does have", () => {
    const error = (() => {
      try {
        typedOptions(brief.data, { province: "aleppo", region: "x" });
      } catch (e) {
        return e as UserError;
      }
    })();
    expect(error?.hints).toEqual(["Its options: province, days, source"]);
  });
});
