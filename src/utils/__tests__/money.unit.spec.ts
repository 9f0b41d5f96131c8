import { MathBN } from "@medusajs/framework/utils"
import { fromMinorUnits, rateOfMinor, toMinorUnits } from "../money"
import { divideRounded } from "../../gateways/decimal"

describe("money", () => {
  it("converts major to minor units exactly", () => {
    expect(toMinorUnits("0.1", "cny") + toMinorUnits("0.2", "cny")).toBe(30)
    expect(toMinorUnits(19.99, "usd")).toBe(1999)
    expect(toMinorUnits("1234567.89", "cny")).toBe(123456789)
    expect(toMinorUnits(1500, "jpy")).toBe(1500)
    expect(toMinorUnits("1.234", "kwd")).toBe(1234)
  })
  it("rounds computed totals once, half-up (half away from zero), to the currency's minor unit", () => {
    expect(toMinorUnits("10.005", "cny")).toBe(1001)
    expect(toMinorUnits("10.004", "cny")).toBe(1000)
    // a ¥9.99 item with 13 % tax exclusive: Medusa's cart total 11.2887 is 1129 fen everywhere
    expect(toMinorUnits(MathBN.mult(MathBN.convert("9.99"), MathBN.convert("1.13")), "cny")).toBe(1129)
    expect(toMinorUnits("-10.005", "cny")).toBe(-1001)
    expect(toMinorUnits("1499.5", "jpy")).toBe(1500)
    expect(toMinorUnits("0.0005", "kwd")).toBe(1)
    expect(toMinorUnits("1e-7", "cny")).toBe(0)
    expect(toMinorUnits("1.5e3", "cny")).toBe(150000)
  })
  it("one rounding rule for fees and shortfalls too", () => {
    expect(divideRounded(5n, 2n)).toBe(3n)
    expect(divideRounded(-5n, 2n)).toBe(-3n)
    expect(divideRounded(4n, 3n)).toBe(1n)
    expect(divideRounded(5n, -2n)).toBe(-3n)
    expect(() => divideRounded(1n, 0n)).toThrow(RangeError)
    expect(rateOfMinor(1129, 60)).toBe(7) // 6.774 fen
    expect(rateOfMinor(2500, 60)).toBe(15)
    expect(rateOfMinor(2500, 2)).toBe(1) // 0.5 fen rounds up
  })
  it("formats minor units back", () => {
    expect(fromMinorUnits(1999, "usd")).toBe("19.99")
    expect(fromMinorUnits(5, "cny")).toBe("0.05")
    expect(fromMinorUnits(1500, "jpy")).toBe("1500")
  })
})

describe("sumToMinorUnits", () => {
  const { sumToMinorUnits } = require("../money")
  it("adds exact decimals of any scale and rounds the total once, half-up", () => {
    // each alone would round to 1 fen (0.005 → 0.01) three times; the sum 0.015 rounds once to 2 fen
    expect(sumToMinorUnits(["0.005", "0.005", "0.005"], "cny")).toBe(2)
    expect(sumToMinorUnits(["1234.5600", "-5.005", "0"], "cny")).toBe(122956)
    expect(sumToMinorUnits([], "usd")).toBe(0)
    expect(sumToMinorUnits(["100"], "jpy")).toBe(100)
    expect(sumToMinorUnits(["-0.005"], "cny")).toBe(-1)
    expect(() => sumToMinorUnits(["abc"], "cny")).toThrow(/not a number/)
  })
})
