/**
 * Reading a console line as a slash command: `/search query:"T4 airbase" province:homs days:30`.
 * `parseCommandLine` splits the line into a name and raw `option:value` strings; `typedOptions` checks them
 * against the command's definition (names, required options, integer ranges) the way Discord's client would
 * before it sends an interaction, so commands receive the same kind of Options from both transports.
 */
import type { APIApplicationCommandOption, RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord-api-types/v10";
import type { Options } from "../command.ts";
import { UserError } from "../errors.ts";

export interface CommandLine {
  /** Lowercased, without the leading "/". */
  name: string;
  /** Option values as typed, quotes removed. */
  raw: Record<string, string>;
  /** A bare word right after the name: a subcommand ("/digest list"), checked by `typedOptions`. */
  subcommand?: string;
  /** What comes before the first option, as typed ("/brief Deir ez-Zor", '/search "T4" airbase'). */
  bare?: string;
}

const QUOTES: Record<string, string> = { '"': '"', "'": "'", "“": "”", "‘": "’", "«": "»" };
const KEY = /^([A-Za-z_][\w-]*):/;

/**
 * Splits `name opt:value opt:"quoted value"`. A bare word continues the previous option's value, so
 * `province:deir ez-zor` and `query:T4 airbase` mean what they look like; words before any option are kept
 * in `bare` for `typedOptions` (a subcommand, or the value of the command's main option). Throws a UserError
 * for an unclosed quote or an option given twice.
 */
export function parseCommandLine(line: string): CommandLine {
  const text = line.trim();
  const nameMatch = /^\/?(\S+)/.exec(text);
  if (!nameMatch) throw new UserError("Type a command, e.g. /brief province:aleppo — or /help.");
  const name = nameMatch[1].toLowerCase();
  const raw: Record<string, string> = {};
  let last: string | undefined;
  let i = nameMatch[0].length;
  const sub = /^\s+([a-z][\w-]*)(?=\s|$)/i.exec(text.slice(i));
  let subcommand: string | undefined;
  if (sub && !KEY.test(text.slice(i).trimStart())) subcommand = sub[1].toLowerCase();
  let bareStart = -1;
  let bareEnd = -1;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    const key = KEY.exec(text.slice(i));
    if (key) {
      const option = key[1].toLowerCase();
      if (option in raw) throw new UserError(`${option} is given twice.`);
      i += key[0].length;
      const { value, end } = readValue(text, i);
      raw[option] = value;
      last = option;
      i = end;
      continue;
    }
    const { value, end } = readValue(text, i);
    if (last === undefined) {
      if (bareStart < 0) bareStart = i;
      bareEnd = end;
    } else raw[last] = raw[last] === "" ? value : `${raw[last]} ${value}`;
    i = end;
  }
  const bare = bareStart < 0 ? undefined : text.slice(bareStart, bareEnd);
  return { name, raw, ...(subcommand === undefined ? {} : { subcommand }), ...(bare === undefined ? {} : { bare }) };
}

/** A quoted value (quotes removed, `\"` kept as `"`) or a run of non-space characters starting at `start`. */
function readValue(text: string, start: number): { value: string; end: number } {
  const close = QUOTES[text[start]];
  if (close === undefined) {
    const m = /^\S*/.exec(text.slice(start))!;
    return { value: m[0], end: start + m[0].length };
  }
  let value = "";
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\" && i + 1 < text.length && text[i + 1] === close) {
      value += close;
      i++;
    } else if (text[i] === close) return { value, end: i + 1 };
    else value += text[i];
  }
  throw new UserError(`A quote opened at "${text.slice(start, start + 20)}" is never closed.`);
}

const SUB_COMMAND = 1;
const STRING = 3;
const INTEGER = 4;
const BOOLEAN = 5;
const NUMBER = 10;

/**
 * Converts raw values to the types the definition declares and checks them: unknown option names, missing
 * required options, whole numbers and their ranges, string lengths. Throws a UserError naming the option.
 */
export function typedOptions(
  data: RESTPostAPIChatInputApplicationCommandsJSONBody,
  raw: Record<string, string>,
  subcommand?: string,
  bare: string = subcommand ?? "",
): Options {
  const top = (data.options ?? []) as APIApplicationCommandOption[];
  const subs = top.filter((o) => o.type === SUB_COMMAND);
  // The first bare word names the subcommand; what is left is the main option's value.
  const words = (subs.length ? bare.replace(/^\S+/, "") : bare).trim();
  if (!subs.length) subcommand = undefined;
  let defs = top;
  if (subs.length) {
    const chosen = subs.find((o) => o.name === subcommand);
    if (!chosen) {
      throw new UserError(subcommand ? `/${data.name} has no subcommand "${subcommand}".` : `/${data.name} needs a subcommand.`, [`Its subcommands: ${subs.map((o) => o.name).join(", ")}`]);
    }
    defs = ("options" in chosen ? chosen.options ?? [] : []) as APIApplicationCommandOption[];
  }
  if (words) raw = withMainOption(data.name, defs, raw, words);
  const known = new Map(defs.map((d) => [d.name, d]));
  for (const name of Object.keys(raw)) {
    if (!known.has(name)) {
      const names = defs.map((d) => d.name);
      throw new UserError(`/${data.name} has no option "${name}".`, [names.length ? `Its options: ${names.join(", ")}` : `/${data.name} takes no options.`]);
    }
  }
  const options: Options = subs.length ? { subcommand } : {};
  for (const def of defs) {
    const value = raw[def.name]?.trim();
    if (value === undefined || value === "") {
      if ("required" in def && def.required) throw new UserError(`/${data.name} needs ${def.name}:…`, [`Type /help to see how to call it.`]);
      continue;
    }
    options[def.name] = convert(def, value);
  }
  return options;
}

/**
 * Bare words are the value of the first required text option not given by name ("/brief aleppo",
 * "/search T4 airbase province:homs"), as a user would expect from a command line.
 */
function withMainOption(command: string, defs: APIApplicationCommandOption[], raw: Record<string, string>, value: string): Record<string, string> {
  const main = defs.find((d) => d.type === STRING && "required" in d && d.required && !(d.name in raw));
  if (!main) throw new UserError(`Options look like name:value — "${value.split(" ")[0]}" is not one.`, [`Type /help to see the options of /${command}.`]);
  return { ...raw, [main.name]: value };
}

function convert(def: APIApplicationCommandOption, value: string): string | number | boolean {
  if (def.type === INTEGER || def.type === NUMBER) {
    const n = def.type === INTEGER ? (/^[+-]?\d+$/.test(value) ? Number(value) : NaN) : Number(value);
    const { min_value: min, max_value: max } = def;
    if (!Number.isFinite(n) || (min !== undefined && n < min) || (max !== undefined && n > max)) {
      const range = min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `of at least ${min}` : max !== undefined ? `of at most ${max}` : "";
      throw new UserError(`${def.name} must be a ${def.type === INTEGER ? "whole " : ""}number${range ? ` ${range}` : ""} (got "${value}").`);
    }
    return n;
  }
  if (def.type === BOOLEAN) {
    if (/^(true|yes|y|1)$/i.test(value)) return true;
    if (/^(false|no|n|0)$/i.test(value)) return false;
    throw new UserError(`${def.name} must be true or false (got "${value}").`);
  }
  if (def.type === STRING && def.max_length !== undefined && value.length > def.max_length) {
    throw new UserError(`${def.name} is too long (${value.length} characters; at most ${def.max_length}).`);
  }
  return value;
}
