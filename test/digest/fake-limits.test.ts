/** The fake Discord's digest-related rules, as raw HTTP sees them: message nonces and the global rate limit. */
import { afterEach, describe, expect, it } from "vitest";
import { FakeDiscord } from "../fakes/fake-discord.ts";

let fake: FakeDiscord;
afterEach(async () => fake?.close());

function post(channelId: string, body: Record<string, unknown>) {
  return fetch(`${fake.apiUrl}/v10/channels/${channelId}/messages`, { method: "POST", headers: { authorization: `Bot ${fake.token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
}

describe("fake Discord", () => {
  it("enforce_nonce: the same nonce in the same channel within the window returns the first message", async () => {
    fake = new FakeDiscord({ nonceWindowMs: 300 });
    await fake.start();
    const first = await (await post(fake.ids.otherChannel, { content: "one", nonce: "n-1", enforce_nonce: true })).json();
    const again = await (await post(fake.ids.otherChannel, { content: "one", nonce: "n-1", enforce_nonce: true })).json();
    expect(again.id).toBe(first.id);
    expect(first.nonce).toBe("n-1");
    const elsewhere = await (await post(fake.ids.channel, { content: "one", nonce: "n-1", enforce_nonce: true })).json();
    expect(elsewhere.id).not.toBe(first.id);
    const unenforced = await (await post(fake.ids.otherChannel, { content: "one", nonce: "n-1" })).json();
    expect(unenforced.id).not.toBe(first.id);
    await new Promise((r) => setTimeout(r, 350));
    const later = await (await post(fake.ids.otherChannel, { content: "one", nonce: "n-1", enforce_nonce: true })).json();
    expect(later.id).not.toBe(first.id);
    expect(fake.channelMessages.get(fake.ids.otherChannel)).toHaveLength(3);
    expect((await post(fake.ids.otherChannel, { content: "x", nonce: "n".repeat(26) })).status).toBe(400);
  });

  it("rateLimit: over R bot requests/s in all, real 429s with Retry-After and X-RateLimit-Global", async () => {
    fake = new FakeDiscord({ rateLimit: { globalPerSecond: 5 } });
    await fake.start();
    const { channels } = fake.createGuild("Many", Array.from({ length: 30 }, (_, i) => `c${i}`));
    const answers = await Promise.all(channels.map((c) => post(c, { content: "hello" })));
    // The full bucket (5), plus at most what refills (5/s) while the burst is answered.
    const accepted = answers.filter((r) => r.status === 200).length;
    expect(accepted).toBeGreaterThanOrEqual(5);
    expect(accepted).toBeLessThanOrEqual(7);
    const refused = answers.filter((r) => r.status === 429);
    expect(refused).toHaveLength(30 - accepted);
    for (const r of refused) {
      expect(r.headers.get("x-ratelimit-global")).toBe("true");
      expect(r.headers.get("x-ratelimit-scope")).toBe("global");
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await r.json()).toMatchObject({ global: true, retry_after: expect.any(Number) });
    }
    const ok = answers.find((r) => r.status === 200)!;
    expect(ok.headers.get("x-ratelimit-limit")).toBe("5");
    expect(ok.headers.get("x-ratelimit-remaining")).toBe("4");
    expect(ok.headers.get("x-ratelimit-bucket")).toMatch(/^channel-messages-\d+$/);
  });

  it("rateLimit: at most 5 messages per channel in 5 s (a per-route 429)", async () => {
    fake = new FakeDiscord({ rateLimit: { globalPerSecond: 50 } });
    await fake.start();
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await post(fake.ids.otherChannel, { content: `m${i}` });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(last!.headers.get("x-ratelimit-scope")).toBe("user");
    expect(last!.headers.get("x-ratelimit-global")).toBeNull();
    expect(last!.headers.get("x-ratelimit-remaining")).toBe("0");
  });
});
