/**
 * Reading option values in a command's `run`. Discord enforces types and ranges before a command runs, but
 * the console and other callers do not, so each command checks again and says what it expected.
 */
import type { Options } from "../../src/command.ts";
import { UserError } from "../../src/errors.ts";

/** A non-empty string option (trimmed), or undefined when absent or blank. */
export function stringOption(options: Options, name: string): string | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  const text = String(value).trim();
  return text === "" ? undefined : text;
}

/** A string option the command cannot run without. */
export function requiredString(options: Options, name: string, command: string): string {
  const value = stringOption(options, name);
  if (value === undefined) throw new UserError(`/${command} needs ${name}:…`);
  return value;
}

/** A whole-number option within [min, max], or undefined when absent. Accepts numeric strings. */
export function integerOption(options: Options, name: string, min: number, max: number): number | undefined {
  const value = options[name];
  if (value === undefined || value === "") return undefined;
  const n = typeof value === "number" ? value : typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`${name} must be a whole number from ${min} to ${max} (got ${String(value)}).`);
  return n;
}
