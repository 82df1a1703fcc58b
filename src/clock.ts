/** Time comes from a clock object so schedules and "last N days" windows are testable. */
export interface Clock {
  now(): Date;
}

/** Milliseconds in a day: windows ("last N days"), retention and schedules count in days of UTC time. */
export const DAY_MS = 86_400_000;

export const systemClock: Clock = { now: () => new Date() };

/** A clock that tests move by hand. */
export function fixedClock(start: Date | string): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d) => {
      t = new Date(d).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
