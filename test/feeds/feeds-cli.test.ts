/** `sitrep feeds …` and `sitrep start` polling feeds, as an operator runs them: real processes, a real data dir. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, runSitrep } from "../helpers/cli.ts";
import { articleHtml, FakeFeeds } from "../fakes/fake-feeds.ts";
import { fullItem, story } from "./stories.ts";

/** Each test starts several processes (about 1 s each, more on a busy machine). */
const SPAWNS_TIMEOUT = 60_000;
let dir: string;
let fake: FakeFeeds;

const sitrep = (args: string[], input?: string) => runSitrep(dir, args, input);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "sitrep-feeds-cli-"));
  fake = await new FakeFeeds().start();
  fake.page("/a/2", articleHtml("Incident 2", story(2).paragraphs));
  fake.feed("/news.rss", "rss", [fullItem(1, fake.url("/n")), { guid: "s2", title: "Incident 2", link: fake.url("/a/2"), date: "2026-11-24T10:00:00Z", summary: "Short." }]);
  fake.feed("/later.atom", "atom", [fullItem(3, fake.url("/l"))]);
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

describe("sitrep feeds", () => {
  it("adds, polls, lists and removes feeds, refusing one added twice", async () => {
    const added = await sitrep(["feeds", "add", "sana", fake.url("/news.rss"), "--every", "30m"]);
    expect(added.code).toBe(0);
    const id = /^Added feed ([0-9a-f]{8}): /.exec(added.stdout)?.[1];
    expect(added.stdout).toContain(`(source sana, every 30m)`);

    const twice = await sitrep(["feeds", "add", "SANA", fake.url("/news.rss")]);
    expect([twice.code, twice.stderr.trim()]).toEqual([1, `error: That feed is already added (id ${id}, source sana).`]);

    const polled = await sitrep(["feeds", "poll"]);
    expect(polled.code).toBe(0);
    expect(polled.stdout).toContain(`${id} ok: 2 items, 2 new, 2 stored, 0 already stored, 1 article pages fetched  ${fake.url("/news.rss")}`);

    const list = await sitrep(["feeds", "list"]);
    expect(list.stdout).toMatch(new RegExp(`^Syrian Arab News Agency \\(sana\\)\\n  ${fake.url("/news.rss").replace(/\./g, "\\.")} \\(feed ${id}, every 30m\\)\\n    last success \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC · 2 items ingested · next poll`));
    const json = JSON.parse((await sitrep(["feeds", "list", "--json"])).stdout);
    expect(json).toEqual([expect.objectContaining({ id, sourceId: "sana", every: "30m", itemsIngested: 2, failures: 0, origin: "added" })]);

    expect((await sitrep(["feeds", "remove", id!])).stdout.trim()).toBe(`Removed feed ${id}: ${fake.url("/news.rss")}`);
    expect((await sitrep(["feeds", "list"])).stdout.trim()).toBe("No feeds configured. Add one with: sitrep feeds add SOURCE URL [--every 15m]");
  }, SPAWNS_TIMEOUT);

  it("are polled by `sitrep start` (the console here), and the poller stops with it", async () => {
    await sitrep(["feeds", "add", "sohr", fake.url("/later.atom")]);
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, LOG_LEVEL: "silent" };
    delete env.DISCORD_TOKEN;
    const child = spawn("node", [BIN, "start"], { env, cwd: dir, stdio: ["pipe", "ignore", "inherit"] });
    const exited = once(child, "exit");
    // The operator's console stays open until the first tick has fetched the feed, then ends.
    for (let waited = 0; fake.hits("/later.atom").length === 0 && waited < 15_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    child.stdin.end("/help\n");
    expect((await exited)[0]).toBe(0);
    expect(fake.hits("/later.atom")).toHaveLength(1);
    const [view] = JSON.parse((await sitrep(["feeds", "list", "--json"])).stdout);
    expect(view).toMatchObject({ itemsIngested: 1, failures: 0, lastSuccessAt: expect.any(String) });
  }, SPAWNS_TIMEOUT);
});
