/**
 * What keeps model use within bounds: a daily token budget (usage counted per UTC day in keyv, so it holds
 * across restarts), a per-user cooldown for on-demand briefs (in keyv too), and a cap on concurrent calls
 * (in process). Each says no instead of waiting; the caller then falls back to the extractive condensation.
 */
import type Keyv from "keyv";
import type { Clock } from "../clock.ts";
import { DAY_MS } from "../clock.ts";


export interface Reservation {
  /** Books the tokens the call really used (0 when it failed) and frees the reservation. */
  settle(tokens: number): Promise<void>;
}

export interface TokenBudget {
  /** Reserves `estimate` tokens for today, or returns undefined when today's budget would be exceeded. */
  reserve(estimate: number): Promise<Reservation | undefined>;
  /** Tokens booked today. */
  usedToday(): Promise<number>;
}

/**
 * A daily token budget on `llm:tokens:<YYYY-MM-DD>`. Calls in flight hold a reservation of their estimated
 * size, so concurrent calls cannot overshoot by much; bookings are serialised within the process.
 */
export function createTokenBudget(kv: Keyv, clock: Clock, dailyTokens: number): TokenBudget {
  let reserved = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const keyFor = () => `llm:tokens:${clock.now().toISOString().slice(0, 10)}`;
  const usedOn = async (key: string) => (await kv.get<number>(key)) ?? 0;

  return {
    async reserve(estimate) {
      const key = keyFor();
      const used = await usedOn(key);
      if (used + reserved + estimate > dailyTokens) return undefined;
      reserved += estimate;
      let open = true;
      return {
        settle(tokens) {
          if (!open) return Promise.resolve();
          open = false;
          reserved -= estimate;
          if (tokens <= 0) return Promise.resolve();
          const booking = chain.then(async () => kv.set(key, (await usedOn(key)) + tokens, 3 * DAY_MS));
          chain = booking.catch(() => undefined);
          return booking.then(() => undefined);
        },
      };
    },
    usedToday: () => usedOn(keyFor()),
  };
}

export interface Cooldowns {
  /** Seconds until `user` may start model work again (0 when they may). */
  remaining(user: string): Promise<number>;
  start(user: string): Promise<void>;
}

/** Per-user cooldowns on `llm:cooldown:<user>` (the time it ends); `seconds` 0 turns them off. */
export function createCooldowns(kv: Keyv, clock: Clock, seconds: number): Cooldowns {
  const key = (user: string) => `llm:cooldown:${user}`;
  return {
    async remaining(user) {
      if (seconds <= 0) return 0;
      const until = (await kv.get<number>(key(user))) ?? 0;
      return Math.max(0, Math.ceil((until - clock.now().getTime()) / 1000));
    },
    async start(user) {
      if (seconds > 0) await kv.set(key(user), clock.now().getTime() + seconds * 1000, seconds * 1000);
    },
  };
}

export interface Gate {
  /** Runs `work` when one of the slots is free; rejects with the signal's reason if it aborts first. */
  run<T>(work: () => Promise<T>, signal: AbortSignal): Promise<T>;
}

/** At most `slots` concurrent calls; the rest queue in order. */
export function createGate(slots: number): Gate {
  let busy = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    busy--;
    waiting.shift()?.();
  };
  const acquire = (signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      if (busy < slots) {
        busy++;
        return resolve();
      }
      const wake = () => {
        signal.removeEventListener("abort", onAbort);
        busy++;
        resolve();
      };
      const onAbort = () => {
        waiting.splice(waiting.indexOf(wake), 1);
        reject(signal.reason);
      };
      waiting.push(wake);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  return {
    async run(work, signal) {
      await acquire(signal);
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
