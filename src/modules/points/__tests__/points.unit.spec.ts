import { DEFAULT_POINTS_OPTIONS, maxPointsFor, pointsEarned, pointsReversedFor, resolvePointsOptions, valueOfPoints } from "../options"
import { reversalsFor } from "../../../workflows/points/refunds"

const opts = resolvePointsOptions({})

describe("points options", () => {
  it("fills the documented defaults", () => {
    expect(resolvePointsOptions(undefined)).toEqual({ earnPerMajorUnit: { cny: 1, usd: 10 }, valueMinor: { cny: 1, usd: 1 }, maxSharePercent: 50 })
    expect(DEFAULT_POINTS_OPTIONS.maxSharePercent).toBe(50)
  })

  it("takes a store's maps whole, lower-casing the currency codes", () => {
    expect(resolvePointsOptions({ earnPerMajorUnit: { CNY: 0.5 }, valueMinor: { cny: 2 }, maxSharePercent: 30 })).toEqual({ earnPerMajorUnit: { cny: 0.5 }, valueMinor: { cny: 2 }, maxSharePercent: 30 })
  })

  it.each([
    [{ earnPerMajorUnit: { cny: -1 } }, /points\.earnPerMajorUnit\.cny must be a number ≥ 0/],
    [{ earnPerMajorUnit: { cny: 0.00001 } }, /points\.earnPerMajorUnit\.cny must be a number ≥ 0 with at most 4 decimals/],
    [{ earnPerMajorUnit: { yuan: 1 } }, /points\.earnPerMajorUnit: "yuan" is not a 3-letter currency code/],
    [{ earnPerMajorUnit: [1] }, /points\.earnPerMajorUnit must be an object/],
    [{ valueMinor: { usd: 0 } }, /points\.valueMinor\.usd must be a whole number of minor units ≥ 1/],
    [{ valueMinor: { usd: 1.5 } }, /points\.valueMinor\.usd must be a whole number/],
    [{ maxSharePercent: 101 }, /points\.maxSharePercent must be a whole number from 0 to 100, got 101/],
    [{ maxSharePercent: "50" }, /points\.maxSharePercent must be a whole number from 0 to 100/],
  ])("refuses %j naming the field", (o, message) => {
    expect(() => resolvePointsOptions(o as any)).toThrow(message)
  })
})

describe("points math", () => {
  it("earns floor(total in major units × rate)", () => {
    expect(pointsEarned(40900, "cny", opts)).toBe(409) // ¥409.00 × 1
    expect(pointsEarned(40999, "cny", opts)).toBe(409) // ¥409.99 → 409, never rounded up
    expect(pointsEarned(1999, "usd", opts)).toBe(199) // $19.99 × 10 = 199.9 → 199
    expect(pointsEarned(99, "cny", opts)).toBe(0)
    expect(pointsEarned(100000, "eur", opts)).toBe(0) // no rate: nothing
    expect(pointsEarned(30000, "cny", resolvePointsOptions({ earnPerMajorUnit: { cny: 0.3333 } }))).toBe(99) // 300 × 0.3333 = 99.99
    expect(pointsEarned(1000, "jpy", resolvePointsOptions({ earnPerMajorUnit: { jpy: 0.01 } }))).toBe(10) // zero-decimal currency
  })

  it("reverses in proportion, rounding down, all of it for a full refund", () => {
    expect(pointsReversedFor(409, 10000, 40900)).toBe(100) // 409 × 100/409
    expect(pointsReversedFor(409, 10001, 40900)).toBe(100)
    expect(pointsReversedFor(409, 40900, 40900)).toBe(409)
    expect(pointsReversedFor(409, 50000, 40900)).toBe(409)
    expect(pointsReversedFor(0, 100, 100)).toBe(0)
  })

  it("splits reversals over several refunds so that they add up to the reversal of their sum", () => {
    const refunds = [{ id: "r1", amount_minor: 333 }, { id: "r2", amount_minor: 333 }, { id: "r3", amount_minor: 334 }]
    const parts = reversalsFor(10, 1000, refunds)
    expect(parts.map((p) => p.points)).toEqual([3, 3, 4])
    expect(parts.reduce((s, p) => s + p.points, 0)).toBe(pointsReversedFor(10, 1000, 1000))
    // each share alone would round 3 + 3 + 3 = 9 and lose a point
    expect(reversalsFor(7, 900, [{ id: "a", amount_minor: 300 }, { id: "b", amount_minor: 300 }, { id: "c", amount_minor: 300 }]).map((p) => p.points)).toEqual([2, 2, 3])
  })

  it("values points and caps them at maxSharePercent of the total", () => {
    expect(valueOfPoints(500, "cny", opts)).toBe(500)
    expect(valueOfPoints(500, "usd", resolvePointsOptions({ valueMinor: { usd: 2 } }))).toBe(1000)
    expect(valueOfPoints(500, "eur", opts)).toBeNull()
    expect(maxPointsFor(40900, "cny", opts)).toBe(20450)
    expect(maxPointsFor(40901, "cny", opts)).toBe(20450) // floor(20450.5)
    expect(maxPointsFor(1001, "usd", resolvePointsOptions({ valueMinor: { usd: 3 } }))).toBe(166) // floor(500/3)
    expect(maxPointsFor(40900, "cny", resolvePointsOptions({ maxSharePercent: 0 }))).toBe(0)
    expect(maxPointsFor(40900, "eur", opts)).toBe(0)
  })
})
