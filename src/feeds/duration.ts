/**
 * Feed intervals as people write them: "15m", "2h", "1d" (also "90 min"). Minutes are the finest unit because
 * the poller ticks once a minute; a week is the longest interval that still makes a feed worth polling.
 */

const MINUTE = 60_000;
const UNITS: Record<string, number> = { m: MINUTE, min: MINUTE, h: 60 * MINUTE, d: 24 * 60 * MINUTE };
const MAX = 7 * UNITS.d;

/** What a valid duration looks like, for error messages. */
export const DURATION_HINT = "a duration from 1m to 7d, such as 15m, 2h or 1d";

/** Milliseconds for "15m"/"2h"/"1d", or undefined when the text is not a duration from 1 minute to 7 days. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d{1,6})\s*(m|min|h|d)\s*$/i.exec(text);
  if (!m) return undefined;
  const ms = Number(m[1]) * UNITS[m[2].toLowerCase()];
  return ms >= MINUTE && ms <= MAX ? ms : undefined;
}

/** The shortest exact spelling of a duration: 900000 → "15m", 7200000 → "2h", 5400000 → "90m". */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [["d", UNITS.d], ["h", UNITS.h]] as const) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${Math.round(ms / MINUTE)}m`;
}
