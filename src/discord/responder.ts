/**
 * Answering one interaction with rendered messages, whatever state it is in: fresh (reply, or update the
 * message a button is on), deferred (edit the "thinking…" message, or replace it when the answer must be
 * ephemeral), or already answered (follow up). Extra messages of a long reply go out as follow-ups.
 */
import { MessageFlags, type InteractionEditReplyOptions, type InteractionReplyOptions, type MessageCreateOptions, type RepliableInteraction } from "discord.js";
import type { RenderedMessage } from "./layout.ts";

/** discord.js options to post a rendered message in a channel (e.g. a daily digest); never ephemeral. */
export function messageOptions(m: RenderedMessage): MessageCreateOptions {
  // content is always set (possibly "") so discord.js always sends allowed_mentions along with it.
  return { content: m.content ?? "", embeds: m.embeds, components: m.components, allowedMentions: m.allowedMentions };
}

function replyOptions(m: RenderedMessage): InteractionReplyOptions {
  return { content: m.content ?? "", embeds: m.embeds, components: m.components, allowedMentions: m.allowedMentions, ...(m.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
}

function editOptions(m: RenderedMessage): InteractionEditReplyOptions {
  return { content: m.content ?? "", embeds: m.embeds, components: m.components, allowedMentions: m.allowedMentions };
}

/** Tracks how one interaction was acknowledged, so every answer (result or error) goes out the right way. */
export class Responder {
  private pending?: Promise<unknown>;
  private deferredUpdate = false;

  constructor(readonly interaction: RepliableInteraction) {}

  /** Acknowledges now (Discord's 3 s window) and answers later: "thinking…" for commands, a silent ack for buttons. */
  defer(update = false): Promise<void> {
    const i = this.interaction;
    if (this.pending || i.deferred || i.replied) return Promise.resolve();
    this.deferredUpdate = update && i.isMessageComponent();
    this.pending = i.isMessageComponent() && this.deferredUpdate ? i.deferUpdate() : i.deferReply();
    return this.pending.then(() => undefined);
  }

  /**
   * Sends the messages as the answer. With `update`, a button's own message is replaced (paging);
   * otherwise the answer is a new message. An ephemeral answer to a public "thinking…" replaces it.
   */
  async send(messages: RenderedMessage[], options: { update?: boolean } = {}): Promise<void> {
    // A deferral still on its way must land first; if it failed, the state below says so.
    await this.pending?.catch(() => undefined);
    const i = this.interaction;
    const [first, ...rest] = messages;
    if (!first) return;
    if (!i.deferred && !i.replied) {
      if (options.update && i.isMessageComponent()) await i.update(editOptions(first));
      else await i.reply(replyOptions(first));
    } else if (!i.replied) {
      if (this.deferredUpdate) {
        if (options.update) await i.editReply(editOptions(first));
        else await i.followUp(replyOptions(first));
      } else if (first.ephemeral && !i.ephemeral) {
        await i.deleteReply();
        await i.followUp(replyOptions(first));
      } else {
        await i.editReply(editOptions(first));
      }
    } else {
      await i.followUp(replyOptions(first));
    }
    for (const m of rest) await i.followUp(replyOptions(m));
  }
}
