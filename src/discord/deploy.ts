/**
 * Registering slash commands with Discord (`sitrep deploy-commands`), and checking each definition against
 * Discord's rules first, so a bad builder fails here with its name instead of as a 400 from Discord.
 */
import { REST, Routes } from "discord.js";
import type { APIApplicationCommandOption, RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord-api-types/v10";
import type { Command } from "../command.ts";

export interface DeployOptions {
  token: string;
  appId: string;
  /** Register in one guild (instant, for testing) instead of globally. */
  guildId?: string;
  /** REST base (`…/api`); Discord's by default. */
  apiUrl?: string;
}

/**
 * Replaces the application's commands (global, or in `guildId`) with exactly `commands`, in one PUT.
 * Every definition is validated first. Returns how many commands Discord now has registered.
 */
export async function deployCommands(commands: Command[], options: DeployOptions): Promise<number> {
  const names = new Set<string>();
  for (const command of commands) {
    validateCommand(command.data);
    if (names.has(command.data.name)) throw new Error(`/${command.data.name}: two commands have this name`);
    names.add(command.data.name);
  }
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  try {
    const route = options.guildId ? Routes.applicationGuildCommands(options.appId, options.guildId) : Routes.applicationCommands(options.appId);
    const registered = (await rest.put(route, { body: commands.map((c) => c.data) })) as unknown[];
    return registered.length;
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

// Discord's rules for chat input commands (https://discord.com/developers/docs/interactions/application-commands).
const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_TOTAL_CHARACTERS = 4000;
type Option = APIApplicationCommandOption;
const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;
const STRING = 3;

/**
 * Throws an Error listing every way `data` breaks Discord's rules, each naming the command and option:
 * names (lowercase, 1–32 of letters/digits/-/_), descriptions (1–100), ≤ 25 options and choices,
 * required options before optional ones, subcommand nesting, and ≤ 4000 characters in all.
 */
export function validateCommand(data: RESTPostAPIChatInputApplicationCommandsJSONBody): void {
  const problems = commandProblems(data);
  if (problems.length > 0) throw new Error(`Invalid command /${data.name}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
}

/** The problems `validateCommand` would report, as a list (empty when the command is valid). */
export function commandProblems(data: RESTPostAPIChatInputApplicationCommandsJSONBody): string[] {
  const problems: string[] = [];
  const where = `/${data.name}`;
  checkName(data.name, where, problems);
  checkDescription(data.description, where, problems);
  checkOptions(data.options ?? [], where, 0, problems);
  const total = characterCount(data.name, data.description, data.options ?? []);
  if (total > MAX_TOTAL_CHARACTERS) problems.push(`${where}: names, descriptions and choices add up to ${total} characters (at most ${MAX_TOTAL_CHARACTERS})`);
  return problems;
}

function checkName(name: string, where: string, problems: string[]): void {
  if (!NAME.test(name)) problems.push(`${where}: name "${name}" must be 1-32 letters, digits, "-" or "_"`);
  else if (name !== name.toLowerCase()) problems.push(`${where}: name "${name}" must be lowercase`);
}

function checkDescription(description: string | undefined, where: string, problems: string[]): void {
  const length = description?.length ?? 0;
  if (length < 1 || length > 100) problems.push(`${where}: description must be 1-100 characters (has ${length})`);
}

/** depth 0: the command's options; 1: a subcommand group's; 2: a subcommand's inside a group. */
function checkOptions(options: Option[], where: string, depth: number, problems: string[]): void {
  if (options.length > MAX_OPTIONS) problems.push(`${where}: ${options.length} options (at most ${MAX_OPTIONS})`);
  const nested = options.filter((o) => o.type === SUBCOMMAND || o.type === SUBCOMMAND_GROUP);
  if (nested.length > 0 && nested.length < options.length) problems.push(`${where}: subcommands cannot be mixed with other options`);
  const seen = new Set<string>();
  let optionalSeen = false;
  for (const option of options) {
    const at = `${where} option "${option.name}"`;
    checkName(option.name, at, problems);
    checkDescription(option.description, at, problems);
    if (seen.has(option.name)) problems.push(`${at}: the name is used twice`);
    seen.add(option.name);
    if (option.type === SUBCOMMAND_GROUP) {
      if (depth > 0) problems.push(`${at}: a subcommand group can only be at the top level`);
      const inner = (option.options ?? []) as Option[];
      if (inner.some((o) => o.type !== SUBCOMMAND)) problems.push(`${at}: a subcommand group may only contain subcommands`);
      checkOptions(inner, at, 1, problems);
    } else if (option.type === SUBCOMMAND) {
      if (depth > 1) problems.push(`${at}: subcommands cannot be nested this deep`);
      checkOptions((option.options ?? []) as Option[], at, 2, problems);
    } else {
      const required = "required" in option && option.required === true;
      if (required && optionalSeen) problems.push(`${at}: required options must come before optional ones`);
      if (!required) optionalSeen = true;
      checkValueOption(option, at, problems);
    }
  }
}

function checkValueOption(option: Option, at: string, problems: string[]): void {
  const o = option as Option & { choices?: { name: string; value: string | number }[]; autocomplete?: boolean; min_value?: number; max_value?: number; min_length?: number; max_length?: number };
  const choices = o.choices ?? [];
  if (choices.length > MAX_CHOICES) problems.push(`${at}: ${choices.length} choices (at most ${MAX_CHOICES})`);
  if (choices.length > 0 && o.autocomplete) problems.push(`${at}: cannot have both choices and autocomplete`);
  for (const choice of choices) {
    if (choice.name.length < 1 || choice.name.length > 100) problems.push(`${at}: choice "${choice.name}" name must be 1-100 characters`);
    if (typeof choice.value === "string" && choice.value.length > 100) problems.push(`${at}: choice "${choice.name}" value is over 100 characters`);
  }
  if (o.min_value !== undefined && o.max_value !== undefined && o.min_value > o.max_value) problems.push(`${at}: min_value ${o.min_value} is above max_value ${o.max_value}`);
  if (o.type === STRING) {
    if (o.min_length !== undefined && (o.min_length < 0 || o.min_length > 6000)) problems.push(`${at}: min_length must be 0-6000`);
    if (o.max_length !== undefined && (o.max_length < 1 || o.max_length > 6000)) problems.push(`${at}: max_length must be 1-6000`);
    if (o.min_length !== undefined && o.max_length !== undefined && o.min_length > o.max_length) problems.push(`${at}: min_length is above max_length`);
  }
}

function characterCount(name: string, description: string, options: Option[]): number {
  let total = name.length + description.length;
  for (const o of options) {
    const choices = "choices" in o ? ((o.choices ?? []) as { name: string; value: string | number }[]) : [];
    total += characterCount(o.name, o.description, "options" in o ? ((o.options ?? []) as Option[]) : []);
    total += choices.reduce((n, c) => n + c.name.length + String(c.value).length, 0);
  }
  return total;
}
