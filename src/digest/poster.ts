/**
 * What the digest needs from a chat transport, without naming one: check a channel, render a digest into
 * messages, post a message idempotently (a nonce), find a message already posted, post a notice. The
 * Discord implementation lives in `src/discord/digest-poster.ts`; commands reach it as `ctx.discord`, which
 * is absent in the console and in tests that do not need Discord.
 */
import type { DigestEdition } from "./compose.ts";

/** What a transport knows about a channel before anything is posted there. */
export interface ChannelCheck {
  /** False when the channel does not exist or the bot cannot see it at all. */
  exists: boolean;
  /** The guild the channel belongs to (null for DMs). */
  guildId?: string | null;
  name?: string;
  /** Why the bot cannot post there ("the bot lacks Send Messages"); absent when it can. */
  problem?: string;
}

/**
 * How a post failed, as the scheduler acts on it: `forbidden` (403) pauses the subscription, `gone` (404:
 * unknown channel or guild) removes it, `rejected` (another 4xx: our message was refused) fails that day's
 * digest, `transient` (5xx, timeouts, network) is retried later with back-off. 429s never get here: the
 * transport waits them out.
 */
export type DeliveryFailure = "forbidden" | "gone" | "rejected" | "transient";

export class DeliveryError extends Error {
  constructor(
    readonly failure: DeliveryFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}

/** A transport's way to deliver digests. `M` is its rendered message type, opaque to the scheduler. */
export interface DigestPoster<M = unknown> {
  checkChannel(channelId: string): Promise<ChannelCheck>;
  /** The messages an edition becomes; deterministic, so a retry sends the very same parts. */
  render(edition: DigestEdition): M[];
  /**
   * Posts `message` with `nonce`, which the transport must make idempotent (Discord: `enforce_nonce`), and
   * returns the message id. Throws a DeliveryError.
   */
  post(channelId: string, message: M, nonce: string): Promise<string>;
  /** The id of a message like `message` that the bot posted in the channel since `since`, if any. */
  findPosted(channelId: string, message: M, since: Date): Promise<string | undefined>;
  /** Posts a short plain notice (e.g. "the digest is paused"). Throws a DeliveryError. */
  notice(channelId: string, text: string, nonce: string): Promise<void>;
}
