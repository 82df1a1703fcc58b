/**
 * The fake Discord refuses what a real Discord refuses; these tests keep it honest, so that a test passing
 * against it means something. Requests are made with plain fetch, as a careless client would make them.
 */
import { InteractionResponseType } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord, ROUTES } from "../fakes/fake-discord.ts";
import { sleep } from "./helpers.ts";

let fake: FakeDiscord;
beforeAll(async () => {
  fake = new FakeDiscord({ interactionDeadlineMs: 200 });
  await fake.start();
});
afterAll(() => fake.close());

async function call(method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; body: any }> {
  const res = await fetch(`${fake.apiUrl}/v10${path}`, {
    method,
    headers: { "content-type": "application/json", ...(auth ? { authorization: `Bot ${fake.token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Registers an interaction without a gateway client (nobody answers it), to call its routes by hand. */
function pending(): { id: string; token: string } {
  const interaction = fake.buildSlash("brief", { province: "aleppo" });
  void fake.interact(interaction, { timeoutMs: 1000, allowIncomplete: true });
  return { id: interaction.id, token: interaction.token };
}

describe("the fake Discord", () => {
  it("pings from content when allowed_mentions does not forbid it, like Discord", async () => {
    const loud = await call("POST", `/channels/${fake.ids.channel}/messages`, { content: "@everyone <@&123456789012345678>" });
    expect(loud.body).toMatchObject({ mention_everyone: true, mention_roles: ["123456789012345678"] });
    const quiet = await call("POST", `/channels/${fake.ids.channel}/messages`, { content: "@everyone <@&123456789012345678>", allowed_mentions: { parse: [] } });
    expect(quiet.body).toMatchObject({ mention_everyone: false, mention_roles: [] });
  });

  it("refuses messages over Discord's limits with 400 Invalid Form Body naming the field", async () => {
    const res = await call("POST", `/channels/${fake.ids.channel}/messages`, { embeds: [{ title: "t", description: "d".repeat(4097) }] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 50035, errors: { embeds: { 0: { description: { _errors: [{ message: "Must be 4096 or fewer in length." }] } } } } });
    const total = await call("POST", `/channels/${fake.ids.channel}/messages`, { embeds: [{ description: "a".repeat(4000) }, { description: "b".repeat(2001) }] });
    expect(total.body.errors.embeds._errors[0].message).toMatch(/6000/);
    expect((await call("POST", `/channels/${fake.ids.channel}/messages`, {})).body.code).toBe(50006);
  });

  it("accepts one acknowledgement per interaction, within the deadline", async () => {
    const a = pending();
    expect((await call("POST", `/interactions/${a.id}/${a.token}/callback`, { type: 4, data: { content: "hi" } }, false)).status).toBe(204);
    const again = await call("POST", `/interactions/${a.id}/${a.token}/callback`, { type: 4, data: { content: "hi" } }, false);
    expect(again).toMatchObject({ status: 400, body: { code: 40060 } });
    const b = pending();
    await sleep(250);
    expect((await call("POST", `/interactions/${b.id}/${b.token}/callback`, { type: InteractionResponseType.DeferredChannelMessageWithSource }, false)).body.code).toBe(10062);
  });

  it("answers 404/403 for deleted channels, removed guilds and lost permissions", async () => {
    fake.revokeSend(fake.ids.otherChannel);
    expect((await call("POST", `/channels/${fake.ids.otherChannel}/messages`, { content: "x" })).body).toMatchObject({ code: 50013 });
    fake.deleteChannel(fake.ids.otherChannel);
    expect((await call("POST", `/channels/${fake.ids.otherChannel}/messages`, { content: "x" })).body).toMatchObject({ code: 10003 });
    expect((await call("GET", `/channels/${fake.ids.otherChannel}`)).status).toBe(404);
    expect((await call("GET", "/users/@me", undefined, false)).status).toBe(401);
  });

  it("plays scripted faults in order, then goes back to normal", async () => {
    fake.failNext(ROUTES.channelMessage, { status: 500, body: { message: "boom", code: 0 } }, 2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call("POST", `/channels/${fake.ids.channel}/messages`, { content: "x" })).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it("uses 17-19 digit snowflakes", () => {
    for (const id of Object.values(fake.ids)) expect(id).toMatch(/^\d{17,19}$/);
  });
});
