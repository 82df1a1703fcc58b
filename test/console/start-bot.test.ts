import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeDiscord } from "../fakes/fake-discord.ts";

const BIN = path.resolve(import.meta.dirname, "../../bin/sitrep.js");

describe("sitrep start and deploy-commands with a Discord token (against the local fake Discord)", () => {
  let dir: string;
  let fake: FakeDiscord;
  let child: ChildProcess | undefined;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "sitrep-start-"));
    fake = new FakeDiscord();
    const { apiUrl, token } = await fake.start();
    env = { ...process.env, DATA_DIR: dir, DISCORD_TOKEN: token, DISCORD_APP_ID: fake.ids.app, DISCORD_API_URL: apiUrl, LOG_LEVEL: "info" };
  });
  afterEach(async () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  function run(args: string[]): ChildProcess & { output: () => string } {
    let output = "";
    // cwd is the temp dir, so the checkout's .env cannot change the settings.
    const p = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    p.stdout!.on("data", (d) => (output += d));
    p.stderr!.on("data", (d) => (output += d));
    return Object.assign(p, { output: () => output });
  }

  it("deploy-commands --guild registers exactly the commands in commands/", async () => {
    const p = run(["deploy-commands", "--guild", fake.ids.guild]);
    const [code] = await once(p, "close");
    expect(p.output()).toBe(`Registered 7 commands in guild ${fake.ids.guild}: /brief, /search, /report, /sources, /ingest, /digest, /help\n`);
    expect(code).toBe(0);
    expect(fake.commands.guilds.get(fake.ids.guild)?.map((c) => c.name)).toEqual(["brief", "search", "report", "sources", "ingest", "digest", "help"]);
  });

  it("deploy-commands refuses a malformed guild id without calling Discord", async () => {
    const p = run(["deploy-commands", "--guild", "my-server"]);
    const [code] = await once(p, "close");
    expect(p.output()).toBe('error: --guild must be a guild id (17 to 20 digits), not "my-server".\n');
    expect(code).toBe(1);
  });

  it("start runs the bot, which answers /brief, and stops cleanly on SIGTERM", async () => {
    child = run(["start"]);
    await fake.ready();
    const exchange = await fake.slash("brief", { province: "SY-HL" });
    expect(JSON.stringify(exchange.messages)).toContain("No stored report covers Aleppo in this window.");
    child.kill("SIGTERM");
    const [code] = await once(child, "close");
    expect(code).toBe(0);
    expect((child as ReturnType<typeof run>).output()).toMatch(/"msg":"discord bot stopped"/);
  });
});
