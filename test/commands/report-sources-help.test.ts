import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { report } from "../../commands/report.ts";
import { sources } from "../../commands/sources.ts";
import { commandProblems } from "../../src/discord/deploy.ts";
import { ingest } from "../../src/pipeline/ingest.ts";
import { FNA, tempContext } from "../helpers/context.ts";
import { asUser, userErrorOf } from "./invocation.ts";

const user = asUser("333333333333333333");

describe("/report, /sources, /help and the command list", () => {
  let t: Awaited<ReturnType<typeof tempContext>>;
  let fnaId: string;
  beforeAll(async () => {
    t = await tempContext("2026-11-25T12:00:00Z");
    fnaId = (await ingest(t.ctx, { kind: "file", path: FNA }, { published: "2026-11-24" })).id;
  });
  afterAll(async () => t.cleanup());

  it("/report shows a stored report with its source's label, by id in any case", async () => {
    const reply = await report.run(t.ctx, { id: ` ${fnaId.toUpperCase()} ` }, user);
    if (reply.kind !== "report") throw new Error(`expected a report, got ${reply.kind}`);
    expect(reply.report.id).toBe(fnaId);
    expect(reply.report.provinces).toContain("SY-HL");
    expect(reply.source).toMatchObject({ id: "fna", name: "Fars News Agency", short: "FNA", known: true });
  });

  it("/report answers an unknown or malformed id with a UserError explaining ids", async () => {
    for (const id of ["0123456789ab", "not an id"]) {
      const error = await userErrorOf(report.run(t.ctx, { id }, user));
      expect(error.message).toBe(`No report with id "${id}".`);
      expect(error.hints[0]).toMatch(/12-character codes/);
    }
  });

  it("/sources lists every registry source with its label and domains, privately", async () => {
    const reply = await sources.run(t.ctx, {}, user);
    if (reply.kind !== "sources") throw new Error(`expected sources, got ${reply.kind}`);
    expect(reply.ephemeral).toBe(true);
    expect(reply.sources.map((s) => s.view.id)).toEqual(t.ctx.sources.all().map((s) => s.id));
    const sana = reply.sources.find((s) => s.view.id === "sana")!;
    expect(sana.view.label).toMatch(/state media/);
    expect(sana.domains).toContain("sana.sy");
  });

  it("/help lists every command with a usage line built from its options", async () => {
    const help = commands.find((c) => c.data.name === "help")!;
    const reply = await help.run(t.ctx, {}, user);
    if (reply.kind !== "help") throw new Error(`expected help, got ${reply.kind}`);
    expect(reply.commands.map((c) => c.name)).toEqual(["brief", "search", "report", "sources", "ingest", "digest", "help"]);
    const usage = Object.fromEntries(reply.commands.map((c) => [c.name, c.usage]));
    expect(usage).toEqual({
      brief: "/brief province:<province> [days:<1-30>] [source:<source>]",
      search: "/search query:<query> [province:<province>] [source:<source>] [days:<1-3650>]",
      report: "/report id:<id>",
      sources: "/sources",
      ingest: "/ingest [url:<url>] [file:<file>] [source:<source>]",
      digest: [
        "/digest subscribe channel:<channel> time:<time> timezone:<timezone> [provinces:<provinces>] [sources:<sources>]",
        "/digest list",
        "/digest unsubscribe channel:<channel>",
        "/digest preview [provinces:<provinces>] [sources:<sources>]",
      ].join("\n"),
      help: "/help",
    });
  });

  it("every command definition follows Discord's rules and has the options the issue asks for", () => {
    for (const command of commands) expect(commandProblems(command.data), command.data.name).toEqual([]);
    const options = (name: string) => commands.find((c) => c.data.name === name)!.data.options!.map((o) => ({ ...o }));
    expect(options("brief")).toMatchObject([
      { name: "province", type: 3, required: true, autocomplete: true },
      { name: "days", type: 4, min_value: 1, max_value: 30 },
      { name: "source", type: 3, autocomplete: true },
    ]);
    expect(options("search")).toMatchObject([
      { name: "query", type: 3, required: true },
      { name: "province", type: 3, autocomplete: true },
      { name: "source", type: 3, autocomplete: true },
      { name: "days", type: 4, min_value: 1, max_value: 3650 },
    ]);
    expect(options("report")).toMatchObject([{ name: "id", type: 3, required: true }]);
    const paged = commands.filter((c) => c.component).map((c) => c.data.name);
    expect(paged).toEqual(["search"]);
  });
});
