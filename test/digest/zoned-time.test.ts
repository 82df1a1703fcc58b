/** Local dates and times in IANA zones, DST days included, and which slot of a subscription is due. */
import { describe, expect, it } from "vitest";
import type { LedgerEntry } from "../../src/digest/ledger.ts";
import { nextSlot, pastSlots, plan } from "../../src/schedule/due.ts";
import { canonicalTimeZone, localDate, parseTimeOfDay, zonedInstant } from "../../src/schedule/zoned-time.ts";

const at = (h: number, m: number) => ({ hour: h, minute: m });

describe("zonedInstant", () => {
  it.each([
    ["an ordinary winter day in Berlin", "2026-11-25", at(8, 0), "Europe/Berlin", "2026-11-25T07:00:00.000Z"],
    ["a summer day in Berlin", "2027-07-01", at(8, 0), "Europe/Berlin", "2027-07-01T06:00:00.000Z"],
    ["Damascus (UTC+3 all year)", "2026-11-25", at(9, 30), "Asia/Damascus", "2026-11-25T06:30:00.000Z"],
    ["02:30 on Berlin's spring-forward day does not exist: 03:30 CEST", "2027-03-28", at(2, 30), "Europe/Berlin", "2027-03-28T01:30:00.000Z"],
    ["02:00 on that day is the gap's start: 03:00 CEST", "2027-03-28", at(2, 0), "Europe/Berlin", "2027-03-28T01:00:00.000Z"],
    ["03:00 on that day exists (CEST)", "2027-03-28", at(3, 0), "Europe/Berlin", "2027-03-28T01:00:00.000Z"],
    ["01:30 on New York's fall-back day happens twice: the first (EDT)", "2026-11-01", at(1, 30), "America/New_York", "2026-11-01T05:30:00.000Z"],
    ["02:00 on that day happens once (EST)", "2026-11-01", at(2, 0), "America/New_York", "2026-11-01T07:00:00.000Z"],
    ["a half-hour gap (Lord Howe 02:00 → 02:30): 02:15 is 02:45 (+11)", "2026-10-04", at(2, 15), "Australia/Lord_Howe", "2026-10-03T15:45:00.000Z"],
  ])("%s", (_, date, time, zone, expected) => {
    expect(zonedInstant(date, time, zone).toISOString()).toBe(expected);
  });

  it("maps back to the same local date", () => {
    expect(localDate(new Date("2027-03-28T01:30:00Z"), "Europe/Berlin")).toBe("2027-03-28");
    expect(localDate(new Date("2026-11-01T06:30:00Z"), "America/New_York")).toBe("2026-11-01");
    expect(localDate(new Date("2026-11-25T22:30:00Z"), "Asia/Damascus")).toBe("2026-11-26");
  });
});

describe("parsing what users type", () => {
  it.each([["08:00", at(8, 0)], ["8:05", at(8, 5)], ["23:59", at(23, 59)], [" 00:00 ", at(0, 0)]])("time %j", (text, expected) => {
    expect(parseTimeOfDay(text)).toEqual(expected);
  });
  it.each(["24:00", "8", "08:60", "8pm", ""])("refuses time %j", (text) => {
    expect(() => parseTimeOfDay(text)).toThrow(/is not a time of day\. Use 24-hour HH:MM/);
  });
  it("canonicalises zones and refuses what is not one", () => {
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
    expect(canonicalTimeZone("Mars/Olympus")).toBeUndefined();
    expect(canonicalTimeZone("+03:00")).toBeUndefined();
  });
});

describe("which slot is due", () => {
  const sub = { time: at(8, 0), timezone: "Europe/Berlin", createdAt: "2026-11-20T00:00:00Z" };
  const GRACE = 12 * 3_600_000;
  const entry = (state: LedgerEntry["state"], date: string): LedgerEntry => ({ state, date, slot: "", attempts: 1, updatedAt: "" });

  it("nothing before the slot, nothing before the subscription existed", () => {
    expect(pastSlots(sub, new Date("2026-11-25T06:59:00Z"), GRACE).map((s) => s.date)).toEqual(["2026-11-24", "2026-11-23"]);
    expect(pastSlots({ ...sub, createdAt: "2026-11-25T12:00:00Z" }, new Date("2026-11-25T12:00:00Z"), GRACE)).toEqual([]);
  });

  it("the newest open slot within grace is due; older open ones are settled by it", () => {
    const now = new Date("2026-11-25T07:00:00Z");
    const slots = pastSlots(sub, now, GRACE);
    expect(plan(slots, [undefined, undefined, undefined], now, GRACE)).toMatchObject({ due: { date: "2026-11-25" }, abandoned: [] });
    expect(plan(slots, [entry("posted", "2026-11-25"), undefined, undefined], now, GRACE)).toEqual({ abandoned: [] });
    expect(plan(slots, [undefined, entry("pending", "2026-11-24"), entry("posted", "2026-11-23")], now, GRACE)).toMatchObject({ due: { date: "2026-11-25" }, abandoned: [{ date: "2026-11-24" }] });
  });

  it("past the grace window it is skipped, once", () => {
    const now = new Date("2026-11-25T20:00:00Z");
    const slots = pastSlots(sub, now, GRACE);
    expect(plan(slots, slots.map(() => undefined), now, GRACE)).toMatchObject({ missed: { date: "2026-11-25" } });
    expect(plan(slots, [entry("skipped", "2026-11-25")], now, GRACE)).toEqual({ abandoned: [] });
  });

  it("the next slot skips today once settled", () => {
    expect(nextSlot(sub, new Date("2026-11-25T06:00:00Z"), false).at.toISOString()).toBe("2026-11-25T07:00:00.000Z");
    expect(nextSlot(sub, new Date("2026-11-25T06:00:00Z"), true).at.toISOString()).toBe("2026-11-26T07:00:00.000Z");
    expect(nextSlot(sub, new Date("2026-11-25T08:00:00Z"), false).at.toISOString()).toBe("2026-11-26T07:00:00.000Z");
  });
});
