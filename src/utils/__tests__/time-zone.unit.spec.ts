import { boundInstant, dayIn, dayRangeIn, isCalendarDay, periodStart } from "../time-zone"

describe("date filter bounds in the store's time zone", () => {
  it("a day is the whole day there, both ends inclusive", () => {
    expect(boundInstant("2026-11-30", "gte", "Asia/Shanghai")?.toISOString()).toBe("2026-11-29T16:00:00.000Z")
    expect(boundInstant("2026-11-30", "lte", "Asia/Shanghai")?.toISOString()).toBe("2026-11-30T15:59:59.999Z")
    expect(boundInstant("2026-11-30", "gte", "UTC")?.toISOString()).toBe("2026-11-30T00:00:00.000Z")
    // a day with a daylight-saving change is 23 hours long in New York
    expect(boundInstant("2026-03-08", "gte", "America/New_York")?.toISOString()).toBe("2026-03-08T05:00:00.000Z")
    expect(boundInstant("2026-03-08", "lte", "America/New_York")?.toISOString()).toBe("2026-03-09T03:59:59.999Z")
  })
  it("a date-time is taken as written; anything else is refused", () => {
    expect(boundInstant("2026-11-30T08:00:00+08:00", "gte", "UTC")?.toISOString()).toBe("2026-11-30T00:00:00.000Z")
    expect(boundInstant("2026-11-30T08:00:00Z", "lte", "Asia/Shanghai")?.toISOString()).toBe("2026-11-30T08:00:00.000Z")
    expect(boundInstant("2026-02-30", "gte", "UTC")).toBeNull()
    expect(boundInstant("yesterday", "gte", "UTC")).toBeNull()
  })
  it("periods start on the day, the Monday and the first of the month there", () => {
    const at = new Date("2026-11-29T20:30:00Z") // Monday 30 Nov 04:30 in Shanghai
    expect(periodStart(at, "day", "Asia/Shanghai").toISOString()).toBe("2026-11-29T16:00:00.000Z")
    expect(periodStart(at, "week", "Asia/Shanghai").toISOString()).toBe("2026-11-29T16:00:00.000Z")
    expect(periodStart(at, "week", "UTC").toISOString()).toBe("2026-11-23T00:00:00.000Z")
    expect(periodStart(at, "month", "Asia/Shanghai").toISOString()).toBe("2026-10-31T16:00:00.000Z")
  })
})

describe("calendar days of a time zone (a platform's bill day)", () => {
  it("a real day written YYYY-MM-DD only", () => {
    expect(isCalendarDay("2026-11-30")).toBe(true)
    expect(isCalendarDay("2026-02-30")).toBe(false)
    expect(isCalendarDay("2026-11-30T00:00:00Z")).toBe(false)
    expect(isCalendarDay(20261130)).toBe(false)
  })
  it("the day containing an instant, and a day's UTC range, in the zone", () => {
    const at = new Date("2026-11-30T17:00:00Z") // 01:00 on 12-01 in Beijing
    expect(dayIn("Asia/Shanghai", at)).toBe("2026-12-01")
    expect(dayIn("UTC", at)).toBe("2026-11-30")
    const r = dayRangeIn("2026-12-01", "Asia/Shanghai")
    expect([r.from.toISOString(), r.to.toISOString()]).toEqual(["2026-11-30T16:00:00.000Z", "2026-12-01T16:00:00.000Z"])
    expect(dayRangeIn("2026-12-01", "UTC").to.toISOString()).toBe("2026-12-02T00:00:00.000Z")
  })
})
