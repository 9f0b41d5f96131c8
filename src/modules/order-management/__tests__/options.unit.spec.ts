import { providerMatches, resolveOptions } from "../options"
import { formatOrderNumber } from "../lifecycle/order-number"

describe("options", () => {
  it("defaults: bank transfer and the system provider are reviewed by hand, 7 days to auto-complete", () => {
    const o = resolveOptions()
    expect(o.manualReviewProviders).toEqual(["bank-transfer", "system"])
    expect(o.autoCompleteAfterDays).toBe(7)
    expect(o.autoActivate).toBe(false)
  })
  it("rejects bad values with the option named", () => {
    expect(() => resolveOptions({ autoCompleteAfterDays: -1 })).toThrow("autoCompleteAfterDays")
    expect(() => resolveOptions({ orderNumber: { format: "{prefix}-{yyyy}" } })).toThrow("{display_id}")
    expect(() => resolveOptions({ orderNumber: { padding: 0 } })).toThrow("padding")
  })
  it("matches provider ids by identifier", () => {
    expect(providerMatches("pp_system_default", ["system"])).toBe(true)
    expect(providerMatches("pp_bank-transfer_bank-transfer", ["bank-transfer"])).toBe(true)
    expect(providerMatches("pp_alipay_alipay", ["bank-transfer", "system"])).toBe(false)
    expect(providerMatches("pp_systematic_x", ["system"])).toBe(false)
    expect(providerMatches(null, ["system"])).toBe(false)
  })
  it("formats order numbers from the placement date in UTC", () => {
    const at = new Date("2026-03-04T23:30:00Z")
    expect(formatOrderNumber({ prefix: "MO", format: "{prefix}{yyyy}{mm}{dd}{display_id}", padding: 6 }, 42, at)).toBe("MO20260304000042")
    expect(formatOrderNumber({ prefix: "CN", format: "{prefix}-{yy}{mm}-{display_id}", padding: 4 }, 12345, at)).toBe("CN-2603-12345")
  })
})
