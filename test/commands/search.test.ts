import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PAGE_SIZE, search } from "../../commands/search.ts";
import type { Reply } from "../../src/command.ts";
import { ingest } from "../../src/pipeline/ingest.ts";
import { MATCH_OPEN } from "../../src/types.ts";
import { FNA, tempContext } from "../helpers/context.ts";
import { asUser, userErrorOf } from "./invocation.ts";
import { sampleFile } from "./sample-files.ts";

const alice = asUser("444444444444444444");
const bob = asUser("555555555555555555");
type SearchReply = Extract<Reply, { kind: "search" }>;

function asSearch(reply: Reply): SearchReply {
  if (reply.kind !== "search") throw new Error(`expected search results, got ${reply.kind}`);
  return reply;
}

describe("/search", () => {
  let t: Awaited<ReturnType<typeof tempContext>>;
  beforeEach(async () => {
    t = await tempContext("2026-11-25T12:00:00Z");
    await ingest(t.ctx, { kind: "file", path: FNA }, { published: "2026-11-24" });
  });
  afterEach(async () => t.cleanup());

  it("answers 5 ranked hits per page with marked snippets, and pages them for the searcher", async () => {
    const first = asSearch(await search.run(t.ctx, { query: "terrorists" }, alice));
    expect(first.pageSize).toBe(PAGE_SIZE);
    expect(first.page).toBe(0);
    expect(first.result.total).toBeGreaterThan(2 * PAGE_SIZE);
    expect(first.result.hits).toHaveLength(PAGE_SIZE);
    expect(first.result.hits.every((h) => h.snippet.includes(MATCH_OPEN) && h.source === "fna")).toBe(true);
    expect(first.pagingToken).toMatch(/^[\w-]+$/);
    // Discord's custom id limit is 100 characters: "search:<token>:<page>".
    expect(`search:${first.pagingToken}:999`.length).toBeLessThanOrEqual(100);

    const second = asSearch(await search.component!(t.ctx, [first.pagingToken!, "1"], alice));
    expect(second.page).toBe(1);
    expect(second.pagingToken).toBe(first.pagingToken);
    expect(second.result.hits).toHaveLength(PAGE_SIZE);
    const key = (h: SearchReply["result"]["hits"][number]) => `${h.report}:${h.paragraph}`;
    expect(second.result.hits.map(key).filter((k) => first.result.hits.map(key).includes(k))).toEqual([]);

    const back = asSearch(await search.component!(t.ctx, [first.pagingToken!, "0"], alice));
    expect(back.result.hits.map(key)).toEqual(first.result.hits.map(key));

    const last = Math.ceil(first.result.total / PAGE_SIZE) - 1;
    const beyond = asSearch(await search.component!(t.ctx, [first.pagingToken!, String(last + 5)], alice));
    expect(beyond.page).toBe(last);
    expect(beyond.result.hits.length).toBeGreaterThan(0);
  });

  it("refuses another user's paging", async () => {
    const first = asSearch(await search.run(t.ctx, { query: "terrorists" }, alice));
    const error = await userErrorOf(search.component!(t.ctx, [first.pagingToken!, "1"], bob));
    expect(error.message).toBe("Only the person who searched can page these results.");
  });

  it("says the results expired after 15 minutes, and for a token it never gave out", async () => {
    const first = asSearch(await search.run(t.ctx, { query: "terrorists" }, alice));
    t.clock.advance(14 * 60_000);
    expect(asSearch(await search.component!(t.ctx, [first.pagingToken!, "1"], alice)).page).toBe(1);
    t.clock.advance(2 * 60_000);
    expect((await userErrorOf(search.component!(t.ctx, [first.pagingToken!, "1"], alice))).message).toBe("These results expired — search again.");
    expect((await userErrorOf(search.component!(t.ctx, ["no-such-token", "0"], alice))).message).toMatch(/expired — search again/);
  });

  it("gives no paging token when everything fits on one page", async () => {
    const reply = asSearch(await search.run(t.ctx, { query: '"Naba al-Sakhar"' }, alice));
    expect(reply.result.total).toBeGreaterThan(0);
    expect(reply.result.total).toBeLessThanOrEqual(PAGE_SIZE);
    expect(reply.pagingToken).toBeUndefined();
  });

  it("filters by province, source and days", async () => {
    await ingest(t.ctx, { kind: "file", path: sampleFile("sana") }, { published: "2026-11-01" });
    const homs = asSearch(await search.run(t.ctx, { query: "T4", province: "homs" }, alice));
    expect(homs.query.province).toBe("SY-HI");
    expect(new Set(homs.result.hits.map((h) => h.source))).toEqual(new Set(["fna", "sana"]));
    expect(homs.result.hits.every((h) => h.provinces.includes("SY-HI"))).toBe(true);

    const sana = asSearch(await search.run(t.ctx, { query: "T4", source: "SANA" }, alice));
    expect(sana.result.hits.map((h) => h.source)).toEqual(["sana"]);

    const recent = asSearch(await search.run(t.ctx, { query: "T4", days: 7 }, alice));
    expect(recent.query.from).toBe("2026-11-18T12:00:00.000Z");
    expect(recent.result.hits.length).toBeGreaterThan(0);
    expect(recent.result.hits.every((h) => h.source === "fna")).toBe(true);
  });

  it("answers mistakes the user can fix with a UserError", async () => {
    const province = await userErrorOf(search.run(t.ctx, { query: "T4", province: "Homz" }, alice));
    expect(province.hints.join(" ")).toMatch(/Did you mean: .*Homs/);
    expect((await userErrorOf(search.run(t.ctx, { query: "T4", days: 4000 }, alice))).message).toMatch(/days must be a whole number from 1 to 3650/);
    expect((await userErrorOf(search.run(t.ctx, { query: "   " }, alice))).message).toBe("/search needs query:…");
  });
});
