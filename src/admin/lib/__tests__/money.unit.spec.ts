import { formatMinor, parseMinor } from "../money"

describe("admin money input", () => {
  it("parses amounts typed by an admin into minor units without floats", () => {
    expect(parseMinor("409", "cny")).toBe(40900)
    expect(parseMinor("409.5", "cny")).toBe(40950)
    expect(parseMinor(" 0,07 ", "cny")).toBe(7)
    expect(parseMinor("1234567.89", "usd")).toBe(123456789)
    expect(parseMinor("1500", "jpy")).toBe(1500)
    expect(parseMinor("1.234", "kwd")).toBe(1234)
  })
  it("refuses what is not a plain positive amount in the currency's precision", () => {
    for (const bad of ["", "0", "0.00", "-5", "1.234", "1e3", "12.3.4", "abc", "1 000"]) expect([bad, parseMinor(bad, "cny")]).toEqual([bad, null])
    expect(parseMinor("10.5", "jpy")).toBeNull()
  })
  it("formats minor units for display", () => {
    expect(formatMinor(40900, "cny", "en")).toBe("CN¥409.00")
    expect(formatMinor(-1500, "usd", "en")).toBe("-$15.00")
  })
})
