/**
 * The contract between transports (Discord router, console, CLI) and the commands in `commands/`.
 * A command's `run` returns a transport-neutral Reply; each transport renders it (embeds, text, JSON).
 * Nothing here holds discord.js objects, so commands run the same way in the console and in tests.
 */
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord-api-types/v10";
import type { Context } from "./context.ts";
import type { FeedView } from "./feeds/feed-view.ts";
import type { DigestEdition } from "./digest/compose.ts";
import type { Brief, Report, SearchQuery, SearchResult, SourceLabelView } from "./types.ts";

/** Who ran the command and where. */
export interface Invocation {
  userId: string;
  /** null in DMs. */
  guildId: string | null;
  channelId: string | null;
  /** The member's permissions in the channel (Discord bitfield as bigint), null in DMs or unknown. */
  memberPermissions: bigint | null;
  /** "discord" | "console" — commands rarely care, but e.g. help text may. */
  transport: "discord" | "console";
}

/** Option values as plain data: strings, numbers, booleans; channels/users/roles by id; `subcommand` for subcommands. */
export type Options = Record<string, string | number | boolean | undefined>;

export interface Choice {
  name: string;
  value: string;
}

export type Reply =
  | { kind: "brief"; brief: Brief; ephemeral?: boolean }
  | {
      kind: "search";
      query: SearchQuery;
      result: SearchResult;
      /** 0-based page and page size; the transport adds paging controls when there is more. */
      page: number;
      pageSize: number;
      /** Opaque token a transport puts in paging buttons; resolved by the command's `component` handler. */
      pagingToken?: string;
      ephemeral?: boolean;
    }
  | { kind: "report"; report: Report; source: SourceLabelView; ephemeral?: boolean }
  | { kind: "sources"; sources: { view: SourceLabelView; domains: string[]; feeds?: FeedView[] }[]; ephemeral?: boolean }
  | { kind: "notice"; title?: string; text: string; lines?: string[]; ephemeral?: boolean }
  | { kind: "help"; commands: { name: string; description: string; usage: string }[]; ephemeral?: boolean }
  /** A daily digest as a subscription would post it (`/digest preview`). */
  | { kind: "digest"; edition: DigestEdition; ephemeral?: boolean };

export interface Command {
  /** The slash command definition (a discord.js builder's `.toJSON()`): name, description, options. */
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Answers an autocomplete request for the focused option: at most 25 choices. */
  autocomplete?(ctx: Context, focused: { name: string; value: string }, options: Options, inv: Invocation): Promise<Choice[]>;
  run(ctx: Context, options: Options, inv: Invocation): Promise<Reply>;
  /** Handles a button whose custom id is `<command name>:<args…>` (e.g. search paging). */
  component?(ctx: Context, args: string[], inv: Invocation): Promise<Reply>;
  /** True when the work may take longer than Discord's 3 s: the router defers first, then edits. */
  slow?: boolean | ((options: Options, ctx: Context) => boolean);
  /** Refused in DMs with a clear message. */
  guildOnly?: boolean;
}
