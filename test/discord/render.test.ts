import { describe, expect, it } from "vitest";
import type { Reply } from "../../src/command.ts";
import { escapeText, maskedLink, safeUrl } from "../../src/discord/escape.ts";
import { clipMarkdown, layoutMessages, splitMarkdown } from "../../src/discord/layout.ts";
import { highlight, renderReply } from "../../src/discord/render.ts";
import { framedText } from "../../src/discord/render-items.ts";
import { MATCH_CLOSE, MATCH_OPEN, type SearchHit } from "../../src/types.ts";
import { brief, briefItem, expectWithinLimits, sourceView, visibleText } from "./helpers.ts";

const ZW = "\u200b";
const fna = sourceView("fna", "Fars News Agency", "Iranian state news agency (IRGC-affiliated)", "government");
const sohr = sourceView("sohr", "Syrian Observatory for Human Rights", "UK-based opposition-aligned monitor", "opposition");

describe("escapeText", () => {
  it("shows markdown literally", () => {
    const out = escapeText("**bold** _it_ ~~gone~~ `code` ||spoiler|| > quote # head");
    expect(out).toBe("\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~ \\`code\\` \\|\\|spoiler\\|\\| \\> quote \\# head");
  });

  it("escapes list and heading starts and masked links", () => {
    expect(escapeText("- item\n1. first\n-# small")).toBe("\\- item\n1\\. first\n-\\# small");
    expect(escapeText("[click here](https://evil.example/x)")).toBe("\\[click here\\](https://evil.example/x)");
  });

  it("neutralises every mention form with a zero-width space", () => {
    const out = escapeText("@everyone @here <@123456789012345678> <@!1234> <@&987654321098765432> <#111> </cmd:1> <:emo:2>");
    expect(out).toBe(`@${ZW}everyone @${ZW}here <${ZW}@123456789012345678\\> <${ZW}@!1234\\> <${ZW}@&987654321098765432\\> <${ZW}\\#111\\> <${ZW}/cmd:1\\> <${ZW}:emo:2\\>`);
    expect(out).not.toMatch(/@everyone|@here|<@|<#/);
  });

  it("keeps bare URLs clickable and drops control and bidi-override characters", () => {
    expect(escapeText("see https://sana.sy/en/?p=1_2*3 now_")).toBe("see https://sana.sy/en/?p=1_2*3 now\\_");
    expect(escapeText(`a\u0002b\u202Ec`)).toBe("abc");
  });
});

describe("links", () => {
  it("accepts only http(s) and encodes parentheses so a link cannot end early", () => {
    expect(safeUrl("javascript:alert(1)")).toBeUndefined();
    expect(safeUrl("not a url")).toBeUndefined();
    expect(safeUrl("https://x.example/a (b)")).toBe("https://x.example/a%20%28b%29");
    expect(maskedLink("¶3", "https://x.example/a)")).toBe("[¶3](https://x.example/a%29)");
    expect(maskedLink("¶3", undefined)).toBe("¶3");
  });
});

describe("framedText", () => {
  it("quotes each loaded term in bold, absorbing quotes already there", () => {
    expect(framedText('the army purged the city of "terrorists"', ["purged", "terrorists"])).toBe("the army **“purged”** the city of **“terrorists”**");
  });

  it("matches whole words only, case-insensitively, and escapes the text around terms", () => {
    expect(framedText("Regime forces; regimented *units*", ["regime"])).toBe("**“Regime”** forces; regimented \\*units\\*");
  });

  it("lists terms that are not in the text instead of dropping them", () => {
    expect(framedText("forces advanced", ["liberated"])).toBe("forces advanced (loaded terms: **“liberated”**)");
  });
});

describe("highlight", () => {
  it("turns match markers into bold and escapes the text between them", () => {
    expect(highlight(`army ${MATCH_OPEN}entered*${MATCH_CLOSE} the ${MATCH_OPEN}city${MATCH_CLOSE}`)).toBe("army **entered\\*** the **city**");
  });

  it("closes an unclosed match at the end", () => {
    expect(highlight(`a ${MATCH_OPEN}b c`)).toBe("a **b c**");
  });
});

describe("splitting", () => {
  it("never splits inside a bold span or a link, and loses no words", () => {
    const text = Array.from({ length: 60 }, (_, i) => (i % 7 === 3 ? `**“Syrian Arab Army ${i}”**` : i % 11 === 5 ? `[¶${i}, ¶${i + 1}](https://x.example/${i})` : `word${i}`)).join(" ");
    const parts = splitMarkdown(text, 120);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(120);
      expect((part.match(/\*\*/g) ?? []).length % 2).toBe(0);
      expect((part.match(/\[/g) ?? []).length).toBe((part.match(/\]\(/g) ?? []).length);
    }
    expect(parts.join(" ")).toBe(text);
  });

  it("cuts a single over-long word only with an ellipsis, and never between a backslash and what it escapes", () => {
    const parts = splitMarkdown("\\*".repeat(100), 51);
    expect(parts[0].endsWith("…")).toBe(true);
    expect(parts[0].replace("…", "").length % 2).toBe(0);
  });

  it("clips at a word boundary with an ellipsis", () => {
    expect(clipMarkdown("alpha beta gamma", 12)).toBe("alpha beta…");
    expect(clipMarkdown("short", 12)).toBe("short");
  });
});

describe("renderReply: brief", () => {
  it("renders a header with window and flags, one embed per source with label, attributed items and citations", () => {
    const b = brief(
      [
        { source: fna, items: [briefItem('The army purged the eastern districts of "terrorists".', ["purged", "terrorists"])] },
        { source: sohr, items: [briefItem("Regime forces shelled Bustan al-Qasr.", ["regime"], { url: undefined, report: "ff00ee", method: "llm", model: "gpt-4o-mini" })] },
      ],
      [{ type: "one-side-only", text: "Only pro-government sources reported on Aleppo in this window" }],
    );
    const [message, ...rest] = renderReply({ kind: "brief", brief: b });
    expect(rest).toHaveLength(0);
    expect(message.content).toBe("**Aleppo** · 2016-12-15 → 2016-12-22 · 2 sources, 2 items\n⚠ Only pro-government sources reported on Aleppo in this window");
    expect(message.embeds.map((e) => e.title)).toEqual(["Fars News Agency", "Syrian Observatory for Human Rights"]);
    expect(message.embeds[0].description).toBe(
      "*Iranian state news agency (IRGC-affiliated)*\n\n" +
        "• Fars News Agency: The army **“purged”** the eastern districts of **“terrorists”**. — [2016-12-22 ¶3, ¶5](https://en.farsnews.ir/newstext.aspx?nn=13950930000001)",
    );
    expect(message.embeds[1].description).toContain("• Syrian Observatory for Human Rights: **“Regime”** forces shelled Bustan al-Qasr. — 2016-12-22 ¶3, ¶5 · `/report id:ff00ee`");
    expect(message.embeds[0].footer?.text).toBe("Condensed: extractive");
    expect(message.embeds[1].footer?.text).toBe("Condensed by gpt-4o-mini");
    expect(message.allowedMentions).toEqual({ parse: [] });
    expect(message.ephemeral).toBe(false);
  });

  it("says how a mixed condensation was made, notes included", () => {
    const items = [briefItem("a", [], { method: "llm", model: "m1" }), briefItem("b", [], { note: "LLM output failed verification" }), briefItem("c", [], { note: "LLM output failed verification" })];
    const [message] = renderReply({ kind: "brief", brief: brief([{ source: fna, items }]) });
    expect(message.embeds[0].footer?.text).toBe("Condensed by m1 for 1 item; extractive (LLM output failed verification) for 2 items");
  });

  it("says so when there is nothing in the window", () => {
    const [message] = renderReply({ kind: "brief", brief: brief([]) });
    expect(message.content).toContain("No reports on Aleppo in this window.");
    expect(message.embeds).toHaveLength(0);
  });

  it("splits a very long brief into several messages within limits, never mid-word, losing nothing", () => {
    let n = 0;
    const words = (count: number) => Array.from({ length: count }, () => `w${String(n++).padStart(5, "0")}`).join(" ");
    const sources = [fna, sohr, sourceView("sana", "SANA", "Syrian state news agency", "government")].map((source) => ({
      source,
      items: Array.from({ length: 10 }, (_, i) => briefItem(`${words(i === 3 && source === fna ? 900 : 30)} purged`, ["purged"])),
    }));
    const messages = renderReply({ kind: "brief", brief: brief(sources) });
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.length).toBeLessThanOrEqual(5);
    for (const m of messages) expectWithinLimits(m);
    const tokens = messages.flatMap((m) => visibleText(m).match(/\bw\d+\b/g) ?? []);
    expect(tokens).toHaveLength(n);
    expect(tokens.every((t, i) => t === `w${String(i).padStart(5, "0")}`)).toBe(true);
    const titles = messages.flatMap((m) => m.embeds.map((e) => e.title));
    expect(titles).toContain("Fars News Agency (continued)");
    expect(messages[1].content).toMatch(/^\*\(continued, part 2 of \d\)\*$/);
  });

  it("past five messages, shows what fits and says how much more there is", () => {
    const items = Array.from({ length: 400 }, (_, i) => briefItem(`item ${i} ${"lorem ipsum ".repeat(10)}`));
    const messages = renderReply({ kind: "brief", brief: brief([{ source: fna, items }]) });
    expect(messages).toHaveLength(5);
    for (const m of messages) expectWithinLimits(m);
    expect(messages[4].content).toMatch(/more lines not shown\. Narrow it with days: or source:\.\*$/);
  });

  it("escapes hostile source text and never lets it ping", () => {
    const hostile = sourceView("x", "@everyone [Official](https://evil.example)", "**state** <@&123>");
    const b = brief([{ source: hostile, items: [briefItem("Join @here <@&123456789012345678> [now](https://evil.example)")] }], [{ type: "one-side-only", text: "@everyone only <@&1>" }]);
    const [message] = renderReply({ kind: "brief", brief: b });
    const text = visibleText(message);
    expect(text).not.toMatch(/@everyone|@here|<@/);
    expect(text).not.toContain("[now](");
    expect(text).not.toContain("[Official](");
    expect(message.embeds[0].description).toContain("*\\*\\*state\\*\\* <\u200b@&123\\>*");
  });

  it("clips titles over 256 characters at a word boundary", () => {
    const [message] = renderReply({ kind: "brief", brief: brief([{ source: sourceView("long", "Agency ".repeat(60), "label"), items: [briefItem("x")] }]) });
    expect(message.embeds[0].title!.length).toBeLessThanOrEqual(256);
    expect(message.embeds[0].title!.endsWith("Agency…")).toBe(true);
  });
});

function hit(i: number): SearchHit {
  return { report: `r${i}`, paragraph: i, source: "fna", title: `Report ${i}`, publishedAt: "2016-12-22T00:00:00Z", provinces: ["SY-HL"], snippet: `the ${MATCH_OPEN}army${MATCH_CLOSE} entered ${i}`, score: 1 };
}

function searchReply(page: number, total: number, hits: SearchHit[]): Reply {
  return { kind: "search", query: { text: "army", province: "SY-HL" }, result: { total, hits }, page, pageSize: 5, pagingToken: "tok" };
}

describe("renderReply: search", () => {
  it("shows five hits with highlighted snippets, the page, and paging buttons disabled at the ends", () => {
    const [first] = renderReply(searchReply(0, 12, [0, 1, 2, 3, 4].map(hit)));
    const embed = first.embeds[0];
    expect(embed.title).toBe("Search: “army”");
    expect(embed.footer?.text).toBe("Page 1 of 3 (12 hits)");
    expect(embed.description).toContain("**1. Report 0**\nfna · 2016-12-22 · SY-HL · `/report id:r0` ¶1\nthe **army** entered 0");
    expect(embed.description).toContain("**5. Report 4**");
    expect(embed.description).toContain("*Filters: province SY-HL*");
    const buttons = first.components[0].components as { custom_id: string; disabled: boolean; label: string }[];
    expect(buttons.map((b) => [b.label, b.custom_id, b.disabled])).toEqual([
      ["◀ Previous", "search:tok:-1", true],
      ["Next ▶", "search:tok:1", false],
    ]);
    const [last] = renderReply(searchReply(2, 12, [10, 11].map(hit)));
    expect(last.embeds[0].footer?.text).toBe("Page 3 of 3 (12 hits)");
    expect(last.embeds[0].description).toContain("**11. Report 10**");
    const lastButtons = last.components[0].components as { custom_id: string; disabled: boolean }[];
    expect(lastButtons.map((b) => b.disabled)).toEqual([false, true]);
  });

  it("has no buttons for a single page and says when nothing matched", () => {
    expect(renderReply(searchReply(0, 3, [0, 1, 2].map(hit)))[0].components).toEqual([]);
    const [none] = renderReply(searchReply(0, 0, []));
    expect(none.embeds[0].description).toContain("No reports match “army”");
  });
});

describe("renderReply: other kinds", () => {
  it("renders a notice as ephemeral content with hints", () => {
    const [m] = renderReply({ kind: "notice", title: "Unknown province", text: "No province matches “Alepo*”.", lines: ["Did you mean: Aleppo?"], ephemeral: true });
    expect(m).toEqual({ content: "**Unknown province**\nNo province matches “Alepo\\*”.\n• Did you mean: Aleppo?", embeds: [], components: [], ephemeral: true, allowedMentions: { parse: [] } });
  });

  it("renders a report with its link, label, provinces and condensation", () => {
    const messages = renderReply({
      kind: "report",
      source: fna,
      report: {
        id: "a1b2c3",
        origin: "corpus/fna.txt",
        url: "https://en.farsnews.ir/x",
        title: "Syria in Last 24 Hours",
        sourceId: "fna",
        publishedAt: "2016-12-22T00:00:00Z",
        publishedAtEstimated: false,
        ingestedAt: "2024-01-01T00:00:00Z",
        contentHash: "h",
        paragraphs: [],
        provinces: ["SY-HL", "SY-HM"],
        condensations: { "SY-HL": { province: "SY-HL", method: "extractive", items: [{ text: "Terrorists fled.", cites: [3], framing: [{ term: "Terrorists", category: "delegitimising" }] }] } },
      },
    });
    const [about, condensed] = messages[0].embeds;
    expect(about.title).toBe("Syria in Last 24 Hours");
    expect(about.url).toBe("https://en.farsnews.ir/x");
    expect(about.description).toContain("**Fars News Agency** — *Iranian state news agency (IRGC-affiliated)*");
    expect(about.description).toContain("Provinces: SY-HL, SY-HM");
    expect(condensed.title).toBe("SY-HL — condensed");
    expect(condensed.description).toBe("• Fars News Agency: **“Terrorists”** fled. — ¶4");
    expect(condensed.footer?.text).toBe("Condensed: extractive");
  });

  it("renders a long source registry across embeds marked continued, within limits", () => {
    const sources = Array.from({ length: 80 }, (_, i) => ({ view: { ...sourceView(`s${i}`, `Source ${i}`, "A label that is quite long ".repeat(3)), references: [{ title: "Ref", url: `https://ref.example/${i}` }] }, domains: [`s${i}.example`] }));
    const messages = renderReply({ kind: "sources", sources });
    for (const m of messages) expectWithinLimits(m);
    const titles = messages.flatMap((m) => m.embeds.map((e) => e.title));
    expect(titles[0]).toBe("Sources (80)");
    expect(titles[1]).toBe("Sources (80) (continued)");
    expect(messages.map(visibleText).join("\n")).toContain("[Ref](https://ref.example/79)");
  });

  it("renders help with usage as inline code", () => {
    const [m] = renderReply({ kind: "help", commands: [{ name: "brief", description: "Per-source accounts of a province", usage: "/brief province:<name> [days]" }] });
    expect(m.embeds[0].description).toBe("**/brief** — Per-source accounts of a province\n`/brief province:<name> [days]`");
  });

  it("keeps every message of a large layout under 10 embeds and 6000 characters", () => {
    const sections = Array.from({ length: 30 }, (_, i) => ({ title: `S${i}`, lines: ["x ".repeat(700)], footer: "f" }));
    const messages = layoutMessages(sections, { maxMessages: 20 });
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) expectWithinLimits(m);
  });
});
