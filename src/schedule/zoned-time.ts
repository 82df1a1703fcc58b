/**
 * Wall-clock time in IANA time zones with nothing but `Intl.DateTimeFormat`: which local date an instant
 * falls on, and which instant a local date and time of day means — including the two daylight-saving days.
 * A time that does not exist (spring forward: 02:30 in Berlin) is moved forward by the gap, to 03:30; a time
 * that happens twice (fall back: 01:30 in New York) is the first one. That is what Temporal calls
 * "compatible", and it makes every local date map to exactly one instant.
 */
import { UserError } from "../errors.ts";
import { DAY_MS } from "../clock.ts";

/** A time of day as a subscription stores it. */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The IANA name as Intl spells it ("europe/berlin" → "Europe/Berlin"), or undefined when it is not a time zone. */
export function canonicalTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === "" || /^[+-]?\d/.test(trimmed)) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Every time zone the runtime knows, for autocomplete. */
export function allTimeZones(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone")];
}

/** Parses "HH:MM" (24-hour, "8:05" accepted); throws a UserError that shows the expected form. */
export function parseTimeOfDay(text: string): TimeOfDay {
  const m = /^\s*([01]?\d|2[0-3])[:.h]([0-5]\d)\s*$/.exec(text);
  if (!m) throw new UserError(`"${text}" is not a time of day. Use 24-hour HH:MM, e.g. 08:00 or 18:30.`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** "08:05". */
export function formatTimeOfDay(t: TimeOfDay): string {
  return `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;
}

/** The wall-clock fields of `instant` in `timeZone`, as milliseconds of a UTC date with the same fields. */
function wallAsUtc(instant: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) if (part.type !== "literal") p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The zone's offset from UTC at `instant`, in ms (Berlin in summer: +7 200 000). */
function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallAsUtc(whole, timeZone) - whole;
}

/** The local date ("2026-11-25") of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  return new Date(wallAsUtc(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** `date` ("YYYY-MM-DD") plus `days` (negative goes back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instant at which the wall clock in `timeZone` shows `time` on `date`. Skipped times move forward by
 * the gap; repeated times take the first occurrence (see the module comment).
 */
export function zonedInstant(date: string, time: TimeOfDay, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + (time.hour * 60 + time.minute) * 60_000;
  // The offsets in force around that wall time: a day earlier and later bracket any one transition.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((instant) => wallAsUtc(instant, timeZone) === wall)
    .sort((a, b) => a - b);
  // No candidate: the time falls in a gap. The offset before the gap puts it as far after the gap as it was into it.
  return new Date(candidates[0] ?? wall - before);
}

/** "Thu 26 Nov 2026, 08:00" on the wall clock of `timeZone`. */
export function formatLocal(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .format(instant)
    .replace(/ at /, ", ");
}
