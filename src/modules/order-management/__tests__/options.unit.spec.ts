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

describe("payment channel settings", () => {
  const { resolveOptions, channelFor, channelFeeMinor } = require("../options")
  it("finds a channel by provider, computes the fee exactly (half up) and checks the settings at boot", () => {
    const o = resolveOptions({ paymentChannels: { alipay: { limits: { cny: { min: 100, max: 50000 } }, fee: { rateBps: 60, fixedMinor: 30 } } } })
    expect(channelFor("pp_alipay_alipay", o)).toMatchObject({ fee: { rateBps: 60 } })
    expect(channelFor("pp_wechatpay_wechatpay", o)).toBeNull()
    expect(channelFeeMinor(40900, { rateBps: 60, fixedMinor: 30 })).toBe(245 + 30)
    expect(channelFeeMinor(25, { rateBps: 1000 })).toBe(3)
    expect(channelFeeMinor(24, { rateBps: 1000 })).toBe(2)
    expect(() => resolveOptions({ paymentChannels: { alipay: { limits: { CNY: { min: 1 } } } } })).toThrow(/lower-case currency codes/)
    expect(() => resolveOptions({ paymentChannels: { alipay: { limits: { cny: { min: 10, max: 1 } } } } })).toThrow(/min is above max/)
    expect(() => resolveOptions({ paymentChannels: { alipay: { fee: { rateBps: 1.5 } } } })).toThrow(/whole numbers/)
    expect(resolveOptions({ paymentChannels: { alipay: { fee: { rateBps: 10, bearer: "customer", label: "Alipay fee" } } } }).paymentChannels.alipay.fee.bearer).toBe("customer")
    expect(() => resolveOptions({ paymentChannels: { alipay: { fee: { rateBps: 10, bearer: "buyer" } } } })).toThrow(/must be "merchant" or "customer", got "buyer"/)
    expect(() => resolveOptions({ paymentChannels: { alipay: { fee: { rateBps: 10, bearer: "customer", label: " " } } } })).toThrow(/label must be text/)
  })

  it("takes the store's time zone (default Asia/Shanghai) and refuses a name that is not one", () => {
    expect(resolveOptions({}).timeZone).toBe("Asia/Shanghai")
    expect(resolveOptions({ timeZone: "Europe/Berlin" }).timeZone).toBe("Europe/Berlin")
    expect(() => resolveOptions({ timeZone: "Mars/Olympus" })).toThrow(/timeZone must be an IANA time zone .*"Mars\/Olympus"/)
    expect(() => resolveOptions({ timeZone: "" })).toThrow(/timeZone/)
  })
})

describe("statistics options", () => {
  it("the low-stock threshold defaults to 10, may be 0, and is refused when negative; the refresh job runs unless turned off", () => {
    expect(resolveOptions()).toMatchObject({ lowStockThreshold: 10, statisticsRefreshJob: true })
    expect(resolveOptions({ lowStockThreshold: 0, statisticsRefreshJob: false })).toMatchObject({ lowStockThreshold: 0, statisticsRefreshJob: false })
    expect(() => resolveOptions({ lowStockThreshold: -1 })).toThrow("lowStockThreshold")
  })
})
