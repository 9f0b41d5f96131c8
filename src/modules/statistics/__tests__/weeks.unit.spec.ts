import { splitWeeks } from "../rollup/weeks"
import { bucketOf, daysBetween } from "../report"

describe("a period split into whole ISO weeks and edge days", () => {
  it("30 days from a Monday: four whole weeks, two edge days after", () => {
    // 2026-11-02 is a Monday, 2026-12-01 a Tuesday
    expect(splitWeeks("2026-11-02", "2026-12-01")).toEqual({ weeks: { from: "2026-11-02", to: "2026-11-23" }, days: [{ from: "2026-11-30", to: "2026-12-01" }] })
  })

  it("from a Saturday to a Sunday: edge days before, none after", () => {
    expect(splitWeeks("2026-10-03", "2026-11-01")).toEqual({ weeks: { from: "2026-10-05", to: "2026-10-26" }, days: [{ from: "2026-10-03", to: "2026-10-04" }] })
  })

  it("exactly one week, and periods too short or misaligned for any: all days", () => {
    expect(splitWeeks("2026-11-02", "2026-11-08")).toEqual({ weeks: { from: "2026-11-02", to: "2026-11-02" }, days: [] })
    expect(splitWeeks("2026-11-02", "2026-11-07")).toEqual({ weeks: null, days: [{ from: "2026-11-02", to: "2026-11-07" }] })
    expect(splitWeeks("2026-11-03", "2026-11-09")).toEqual({ weeks: null, days: [{ from: "2026-11-03", to: "2026-11-09" }] })
    expect(splitWeeks("2026-11-04", "2026-11-04")).toEqual({ weeks: null, days: [{ from: "2026-11-04", to: "2026-11-04" }] })
  })

  it("covers every day of any period exactly once (every start weekday, lengths 1–40, across a year's end and 29 February)", () => {
    for (const start of ["2027-12-27", "2027-12-28", "2027-12-29", "2027-12-30", "2027-12-31", "2028-01-01", "2028-01-02", "2028-02-20"]) {
      for (let n = 1; n <= 40; n++) {
        const days = daysBetween(start, "2030-01-01").slice(0, n)
        const to = days[days.length - 1]
        const { weeks, days: edges } = splitWeeks(start, to)
        const covered = [
          ...(weeks ? daysBetween(weeks.from, weeks.to).filter((d) => bucketOf(d, "week") === d).flatMap((w) => daysBetween(w, daysBetween(w, "2030-01-01")[6])) : []),
          ...edges.flatMap((e) => daysBetween(e.from, e.to)),
        ].sort()
        expect(covered).toEqual(days)
        if (weeks) expect([bucketOf(weeks.from, "week"), bucketOf(weeks.to, "week")]).toEqual([weeks.from, weeks.to])
      }
    }
  })
})
