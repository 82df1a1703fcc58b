import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough, Writable } from "node:stream";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { fixedClock } from "../../src/clock.ts";
import type { Command } from "../../src/command.ts";
import { testConfig } from "../../src/config.ts";
import { runConsole, type ConsoleOutcome } from "../../src/console/console.ts";
import { createContext, type Context } from "../../src/context.ts";
import { ingest } from "../../src/pipeline/ingest.ts";
import { FNA } from "../helpers/context.ts";

const BIN = path.resolve(import.meta.dirname, "../../bin/sitrep.js");

/** Runs `node bin/sitrep.js start` in a fresh data directory with `stdin` piped in; no Discord token. */
function startCli(dataDir: string, stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DISCORD_TOKEN;
  return new Promise((resolve, reject) => {
    // cwd is the temp dir, so no .env of the checkout can bring a token back.
    const child = spawn(process.execPath, [BIN, "start"], { cwd: dataDir, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe("sitrep start without a Discord token (the console on piped input)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "sitrep-console-"));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it("loads the samples into a fresh data directory, answers each line, and exits 0 at the end of input", async () => {
    const { code, stdout, stderr } = await startCli(dir, "/brief province:aleppo days:7\n/search query:airbase\n");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Loaded \d+ sample reports into an empty data directory/);
    const [, briefOut, searchOut] = stdout.split(/^> /m);
    expect(briefOut).toMatch(/^\/brief province:aleppo days:7\nAleppo \(SY-HL\) · /);
    expect(briefOut).toContain("Fars News Agency (FNA) — state-affiliated");
    expect(briefOut).toMatch(/FNA: .*“purg(ed|ing)”/);
    expect(briefOut).toMatch(/SANA: .*“defunct regime”/);
    expect(searchOut).toMatch(/^\/search query:airbase\n\d+ results?; showing 1–/);
    expect(searchOut).toContain("[airbase]");
    expect(searchOut).toMatch(/T4 Military \[Airbase\]/);
  });

  it("prints a user error with its hints and exits 1 when a piped command failed", async () => {
    const { code, stdout } = await startCli(dir, "/brief province:narnia\n");
    expect(code).toBe(1);
    expect(stdout).toContain('error: Unknown province "narnia".\n  Known provinces: Aleppo, Idlib,');
  });
});

/** An in-process console on a real context; returns what it printed. */
async function converse(ctx: Context, lines: string[], options: { interactive?: boolean; commands?: Command[] } = {}): Promise<{ text: string; outcome: ConsoleOutcome }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (d) => (text += d));
  input.end(lines.map((l) => `${l}\n`).join(""));
  const outcome = await runConsole(ctx, { input, output, interactive: options.interactive ?? false, commands: options.commands });
  return { text, outcome };
}

describe("runConsole", () => {
  let dir: string;
  let ctx: Context;
  let log: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "sitrep-console-"));
    log = "";
    const sink = new Writable({ write: (chunk, _enc, done) => ((log += chunk), done()) });
    ctx = await createContext(testConfig(dir), { clock: fixedClock("2026-11-25T12:00:00Z"), logger: pino({ level: "error" }, sink) });
  });
  afterEach(async () => {
    await ctx.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("pages the last search with next and prev, and says when there is nowhere to go", async () => {
    await ingest(ctx, { kind: "file", path: FNA }, { published: "2026-11-24" });
    const { text, outcome } = await converse(ctx, ["next", "/search query:terrorists", "next", "next", "prev", "prev", "prev", '/search query:"Naba al-Sakhar"', "next"]);
    const answers = text.split(/^> /m).slice(1);
    expect(answers[0]).toContain("error: There is no search to page.");
    expect(answers[1]).toMatch(/results; showing 1–5\n/);
    expect(answers[1]).toMatch(/\(page 1 of \d+ — type next\)/);
    expect(answers[2]).toMatch(/showing 6–10\n/);
    expect(answers[2]).toMatch(/\(page 2 of \d+ — type next or prev\)/);
    expect(answers[3]).toMatch(/showing 11–15\n/);
    expect(answers[4]).toMatch(/showing 6–10\n/);
    expect(answers[5]).toMatch(/showing 1–5\n/);
    expect(answers[6]).toContain("error: Already on the first page.");
    expect(answers[7]).toMatch(/^\/search .*\n1 result; showing 1–1\n/);
    expect(answers[7]).not.toContain("(page");
    expect(answers[8]).toContain("error: All the results are on this page.");
    expect(outcome).toEqual({ ran: 9, failed: 3 });
  });

  it("resolves names the way autocomplete would and says so when the match is not obvious", async () => {
    await ingest(ctx, { kind: "file", path: FNA }, { published: "2026-11-24" });
    const { text } = await converse(ctx, ["/brief province:deir ez", '/brief province:"damascus countr" source:fars', "/brief province:SY-HL source:ANHA"]);
    const [deir, rif, anha] = text.split(/^> /m).slice(1);
    expect(deir).toMatch(/^\/brief province:deir ez\nDeir ez-Zor \(SY-DY\) · /);
    expect(rif).toMatch(/^\/brief .*\n\(taking province "damascus countr" as Rif Dimashq \(SY-RD\)\)\nRif Dimashq \(SY-RD\) · .* · 1 source\n/);
    expect(rif).toContain("FNA: ");
    expect(anha).toMatch(/^\/brief .*\n\(taking source "ANHA" as Hawar News Agency \(hawar\)\)\nAleppo \(SY-HL\) · .* · 0 sources\n/);
  });

  it("prints user errors as one line plus hints, and help with the console's own commands", async () => {
    await ingest(ctx, { kind: "file", path: FNA }, { published: "2026-11-24" });
    const { text } = await converse(ctx, ["/forecast province:aleppo", "/brief days:7", "/report id:0123456789ab", "/help"]);
    expect(text).toContain('error: Unknown command "forecast".\n  Commands: /brief, /search, /report, /sources, /ingest, /digest, /help, next, prev, quit');
    expect(text).toContain("error: /brief needs province:…");
    expect(text).toContain('error: No report with id "0123456789ab".');
    expect(text).toContain("/brief province:<province> [days:<1-30>] [source:<source>]\n  Each source's account");
    expect(text).toContain("next / prev\n  Page through the results of the last /search");
  });

  it("shows an error id for an unexpected error and logs the details with the same id", async () => {
    await ingest(ctx, { kind: "file", path: FNA }, { published: "2026-11-24" });
    const broken: Command = { data: { name: "broken", description: "fails" }, run: async () => Promise.reject(new Error("disk on fire")) };
    const { text, outcome } = await converse(ctx, ["/broken", "/help"], { commands: [broken, ...commands] });
    const id = /error: something went wrong \(error id ([0-9A-F]{6})\)/.exec(text)?.[1];
    expect(id).toBeDefined();
    expect(text).not.toContain("disk on fire");
    const entry = JSON.parse(log.trim().split("\n")[0]);
    expect(entry).toMatchObject({ errorId: id, line: "/broken", msg: "console command failed" });
    expect(entry.err.message).toBe("disk on fire");
    expect(outcome).toEqual({ ran: 2, failed: 1 });
  });

  it("on a fresh store, asks at a terminal before loading the samples (no by default)", async () => {
    const declined = await converse(ctx, ["", "/brief province:aleppo"], { interactive: true });
    expect(declined.text).toContain(`No reports are stored yet (data directory ${dir}).`);
    expect(declined.text).toMatch(/Load the \d+ sample reports shipped in samples\/\? \(y\/N\)/);
    expect(declined.text).toContain("Not loading them.");
    expect(declined.text).toContain("No stored report covers Aleppo in this window.");
    expect(await ctx.store.count()).toBe(0);

    const accepted = await converse(ctx, ["y", "/brief province:aleppo"], { interactive: true });
    expect(accepted.text).toMatch(/Loaded \d+ sample reports/);
    expect(accepted.text).toContain("Fars News Agency (FNA)");
    expect(await ctx.store.count()).toBeGreaterThan(0);

    const later = await converse(ctx, ["/sources"]);
    expect(later.text).not.toMatch(/sample reports/);
  });
});
