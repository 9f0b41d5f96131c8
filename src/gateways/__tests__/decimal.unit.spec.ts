import { decimalToMinor, minorToDecimal } from "../decimal"
import { sessionIdForTradeNumber, tradeNumberForSession } from "../../providers/shared/trade-number"
import { beijingTimestamp, parseBeijingTimestamp } from "../alipay"
import { rfc3339Beijing } from "../wechatpay"

describe("wire amounts and numbers", () => {
  it("minor units ↔ 2-decimal strings exactly", () => {
    expect([minorToDecimal(1), minorToDecimal(1250), minorToDecimal(40900), minorToDecimal(0)]).toEqual(["0.01", "12.50", "409.00", "0.00"])
    expect([decimalToMinor("12.5"), decimalToMinor("12.50"), decimalToMinor("0.01"), decimalToMinor("409")]).toEqual([1250, 1250, 1, 40900])
    expect([decimalToMinor("12.505"), decimalToMinor("-1"), decimalToMinor("1e3"), decimalToMinor(""), decimalToMinor(null)]).toEqual([null, null, null, null, null])
    expect(() => minorToDecimal(1.5)).toThrow()
  })

  it("the gateway order number fits WeChat (6-32) and maps back to the session", () => {
    const id = "payses_01JDZ7W4S3N2QK8V5XH6G9BRTE"
    const no = tradeNumberForSession(id)
    expect(no).toMatch(/^[0-9A-Za-z_\-|*]{6,32}$/)
    expect(sessionIdForTradeNumber(no)).toBe(id)
    expect(sessionIdForTradeNumber(tradeNumberForSession(id, 3))).toBe(id)
    expect(tradeNumberForSession(id, 3).length).toBeLessThanOrEqual(32)
    expect(sessionIdForTradeNumber("ORDER123")).toBeNull()
    expect(() => tradeNumberForSession("cart_123")).toThrow()
  })

  it("Beijing timestamps", () => {
    const d = new Date("2026-11-22T16:30:05Z")
    expect(beijingTimestamp(d)).toBe("2026-11-23 00:30:05")
    expect(parseBeijingTimestamp("2026-11-23 00:30:05")!.toISOString()).toBe("2026-11-22T16:30:05.000Z")
    expect(rfc3339Beijing(d)).toBe("2026-11-23T00:30:05+08:00")
  })
})
