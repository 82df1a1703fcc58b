/** `/help` — what each command does and how to call it, derived from the command definitions themselves. */
import { SlashCommandBuilder } from "discord.js";
import type { APIApplicationCommandOption, RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord-api-types/v10";
import type { Command } from "../src/command.ts";

const SUB_COMMAND = 1;
const INTEGER = 4;
const NUMBER = 10;

/** The help command for a list of commands; `list` is read when help runs, so the list may include help itself. */
export function helpCommand(list: () => Command[]): Command {
  return {
    data: new SlashCommandBuilder().setName("help").setDescription("What each Sitrep command does").toJSON(),
    async run() {
      return {
        kind: "help",
        ephemeral: true,
        commands: list().map((c) => ({ name: c.data.name, description: c.data.description, usage: usageOf(c.data) })),
      };
    },
  };
}

/**
 * "/brief province:<province> [days:<1-30>] [source:<source>]": required options bare, optional in brackets.
 * A command with subcommands gets one line per subcommand ("/digest list", "/digest unsubscribe channel:<channel>").
 */
export function usageOf(data: RESTPostAPIChatInputApplicationCommandsJSONBody): string {
  const options = (data.options ?? []) as APIApplicationCommandOption[];
  const subs = options.filter((o) => o.type === SUB_COMMAND);
  if (subs.length) return subs.map((s) => line(`/${data.name} ${s.name}`, "options" in s ? ((s.options ?? []) as APIApplicationCommandOption[]) : [])).join("\n");
  return line(`/${data.name}`, options);
}

function line(head: string, options: APIApplicationCommandOption[]): string {
  const parts = options.map((o) => {
    const part = `${o.name}:<${hintOf(o)}>`;
    return "required" in o && o.required ? part : `[${part}]`;
  });
  return [head, ...parts].join(" ");
}

function hintOf(option: APIApplicationCommandOption): string {
  if (option.type === INTEGER || option.type === NUMBER) {
    const { min_value: min, max_value: max } = option;
    return min !== undefined && max !== undefined ? `${min}-${max}` : "number";
  }
  return option.name;
}
