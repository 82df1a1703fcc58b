/** What tests pass as the Invocation of a command, and a way to look at the UserError a call fails with. */
import { expect } from "vitest";
import type { Invocation } from "../../src/command.ts";
import { UserError } from "../../src/errors.ts";

/** A Discord user in a guild channel. */
export function asUser(userId: string): Invocation {
  return { userId, guildId: "111111111111111111", channelId: "222222222222222222", memberPermissions: null, transport: "discord" };
}

/** The UserError `work` rejects with (fails the test when it resolves or fails otherwise). */
export async function userErrorOf(work: Promise<unknown>): Promise<UserError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}
