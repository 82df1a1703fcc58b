/** Test data builders and a Discord-limits checker shared by the Discord tests. */
import { Writable } from "node:stream";
import pino from "pino";
import type { APIEmbed } from "discord-api-types/v10";
import { expect } from "vitest";
import type { Context } from "../../src/context.ts";
import type { Brief, BriefItem, SourceLabelView } from "../../src/types.ts";

export function sourceView(id: string, name: string, label: string, side: string | null = null): SourceLabelView {
  return { id, name, label, side, known: true, references: [] };
}

export function briefItem(text: string, terms: string[] = [], extra: Partial<BriefItem> = {}): BriefItem {
  return {
    text,
    cites: [2, 4],
    framing: terms.map((term) => ({ term, category: "delegitimising" })),
    report: "a1b2c3",
    reportTitle: "Syria in Last 24 Hours",
    url: "https://en.farsnews.ir/newstext.aspx?nn=13950930000001",
    publishedAt: "2016-12-22T08:00:00.000Z",
    method: "extractive",
    ...extra,
  };
}

export function brief(sources: Brief["sources"], flags: Brief["flags"] = []): Brief {
  return { province: { code: "SY-HL", name: "Aleppo" }, from: "2016-12-15T00:00:00.000Z", to: "2016-12-22T23:59:59.000Z", sources, flags };
}

/** A context with only a logger that records JSON lines; the router passes ctx through untouched. */
export function testContext(): { ctx: Context; logs: Record<string, unknown>[] } {
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const logger = pino({ level: "debug", base: undefined }, stream);
  return { ctx: { logger } as unknown as Context, logs };
}

interface MessageLike {
  content?: string | null;
  embeds?: APIEmbed[];
  components?: unknown[];
}

/** Asserts a message body is within every Discord limit the renderer promises to respect. */
export function expectWithinLimits(m: MessageLike): void {
  expect((m.content ?? "").length).toBeLessThanOrEqual(2000);
  const embeds = m.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(25);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  expect(total).toBeLessThanOrEqual(6000);
}

/** All the text a user reads in a message: content, embed titles, descriptions, fields and footers. */
export function visibleText(m: MessageLike): string {
  return [m.content ?? "", ...(m.embeds ?? []).flatMap((e) => [e.title ?? "", e.description ?? "", ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? ""])].join("\n");
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
