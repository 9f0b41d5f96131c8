import { cursorFits, decodeCursor, encodeCursor, isPgTimestamp } from "../lifecycle/filters"

describe("list cursors", () => {
  it("accept timestamps as PostgreSQL writes them, in every form it uses", () => {
    for (const v of ["2026-11-30 08:00:00+00", "2026-11-30 08:00:00.123456+08", "2026-11-30T08:00:00Z", "2024-02-29 00:00:00+05:30", "2026-11-30 23:59:59-03"]) {
      expect([v, isPgTimestamp(v)]).toEqual([v, true])
    }
  })

  it("refuse a field out of range that JavaScript would roll over but PostgreSQL refuses", () => {
    for (const v of ["2026-02-30 00:00:00+00", "2026-02-29 00:00:00+00", "1900-02-29 00:00:00+00", "0000-01-01 00:00:00+00", "2026-13-01 00:00:00+00", "2026-12-01 24:00:00+00", "2026-12-01 00:60:00+00", "2026-12-01 00:00:00-23", "2026-12-01 00:00:00+08:75", "2026-12-01"]) {
      expect([v, isPgTimestamp(v)]).toEqual([v, false])
    }
  })

  it("fit their sort: timestamps for dates, numbers for amounts, null only in the paid sorts", () => {
    const c = decodeCursor(encodeCursor({ v: "2026-02-30 00:00:00+00", id: "olc_x" }))!
    expect(cursorFits(c, "-created_at")).toBe(false)
    expect(cursorFits({ v: "2026-02-28 00:00:00+00", id: "olc_x" }, "-created_at")).toBe(true)
    expect(cursorFits({ v: "12800", id: "olc_x" }, "-total")).toBe(true)
    expect(cursorFits({ v: "12800", id: "olc_x" }, "-paid_at")).toBe(false)
    expect(cursorFits({ v: null, id: "olc_x" }, "-paid_at")).toBe(true)
    expect(cursorFits({ v: null, id: "olc_x" }, "-created_at")).toBe(false)
    expect(cursorFits({ v: "12800", id: "olc_x'; drop" }, "-total")).toBe(false)
  })
})
