import { fromMinorUnits, toMinorUnits } from "../money"

describe("money", () => {
  it("converts major to minor units exactly", () => {
    expect(toMinorUnits("0.1", "cny") + toMinorUnits("0.2", "cny")).toBe(30)
    expect(toMinorUnits(19.99, "usd")).toBe(1999)
    expect(toMinorUnits("1234567.89", "cny")).toBe(123456789)
    expect(toMinorUnits(1500, "jpy")).toBe(1500)
    expect(toMinorUnits("1.234", "kwd")).toBe(1234)
  })
  it("rounds computed totals half-up, but refuses in exact mode", () => {
    expect(toMinorUnits("10.005", "cny")).toBe(1001)
    expect(toMinorUnits("10.004", "cny")).toBe(1000)
    expect(() => toMinorUnits("10.005", "cny", { exact: true })).toThrow("more decimals than CNY")
  })
  it("formats minor units back", () => {
    expect(fromMinorUnits(1999, "usd")).toBe("19.99")
    expect(fromMinorUnits(5, "cny")).toBe("0.05")
    expect(fromMinorUnits(1500, "jpy")).toBe("1500")
  })
})
