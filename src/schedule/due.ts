/**
 * Which digest of a subscription is due at an instant — pure functions of the subscription, the ledger and
 * the time. Each local date has one slot (its HH:MM in the subscription's zone, see `zonedInstant`), and
 * the ledger is keyed by local date, so a slot can only ever be delivered once, on DST days too.
 */
import type { LedgerEntry } from "../digest/ledger.ts";
import { isFinal } from "../digest/ledger.ts";
import type { Subscription } from "../digest/subscriptions.ts";
import { addDays, localDate, zonedInstant } from "./zoned-time.ts";
import { DAY_MS } from "../clock.ts";


/** One local date's digest of a subscription and the instant it is due. */
export interface Slot {
  date: string;
  at: Date;
}

/** What a pass should do for one subscription. */
export interface Plan {
  /** Deliver this one (the newest slot that is due and within the grace window). */
  due?: Slot;
  /** Record this one as skipped: missed by more than the grace window, and nothing newer is due. */
  missed?: Slot;
  /** Older attempts still pending when a newer slot is due: they are given up (the newer digest covers their reports). */
  abandoned: Slot[];
}

/** The slot of `date` for a subscription. */
export function slotOf(sub: Pick<Subscription, "time" | "timezone">, date: string): Slot {
  return { date, at: zonedInstant(date, sub.time, sub.timezone) };
}

/**
 * The slots that have come by `now` and could still matter, newest first: from the subscription's creation
 * (a slot before it is never due) and no further back than the grace window plus a day.
 */
export function pastSlots(sub: Pick<Subscription, "time" | "timezone" | "createdAt">, now: Date, graceMs: number): Slot[] {
  const today = localDate(now, sub.timezone);
  const created = Date.parse(sub.createdAt);
  const days = Math.ceil(graceMs / DAY_MS) + 1;
  const slots: Slot[] = [];
  for (let i = 0; i <= days; i++) {
    const slot = slotOf(sub, addDays(today, -i));
    if (slot.at.getTime() > now.getTime()) continue;
    if (slot.at.getTime() < created) break;
    slots.push(slot);
  }
  return slots;
}

/**
 * Decides from the slots (newest first, as `pastSlots` gives them) and their ledger entries. Anything older
 * than a final entry is settled; of the open slots newer than it, the newest within grace is due.
 */
export function plan(slots: Slot[], entries: (LedgerEntry | undefined)[], now: Date, graceMs: number): Plan {
  const result: Plan = { abandoned: [] };
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i];
    const entry = entries[i];
    if (isFinal(entry)) break;
    if (result.due || result.missed) {
      if (entry?.state === "pending") result.abandoned.push(slot);
      continue;
    }
    if (now.getTime() - slot.at.getTime() <= graceMs) result.due = slot;
    else result.missed = slot;
  }
  return result;
}

/** The next slot after `now` that is not settled yet (today's if still ahead and open, else tomorrow's). */
export function nextSlot(sub: Pick<Subscription, "time" | "timezone">, now: Date, todaySettled: boolean): Slot {
  const today = slotOf(sub, localDate(now, sub.timezone));
  if (today.at.getTime() > now.getTime() && !todaySettled) return today;
  let date = addDays(today.date, 1);
  let next = slotOf(sub, date);
  // Rare: around a DST change the next date's slot can still be in the past; step on until it is not.
  while (next.at.getTime() <= now.getTime()) {
    date = addDays(date, 1);
    next = slotOf(sub, date);
  }
  return next;
}
