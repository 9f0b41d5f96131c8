import en from "../../../admin/i18n/en"
import zh from "../../../admin/i18n/zh-cn"
import { LABELS, PROVIDER_NAMES, labelOf, providerName } from "../labels"

// The words a file shows are the words the admin shows: a status or channel renamed in one place must be renamed in both.
describe("export labels", () => {
  it("payment and fulfilment statuses and channels equal the admin's en and zh-CN strings", () => {
    for (const [code, w] of Object.entries(LABELS.payment_status)) expect([code, w]).toEqual([code, { en: (en as any).payment[code], zh: (zh as any).payment[code] }])
    for (const [code, w] of Object.entries(LABELS.fulfillment_status)) expect([code, w]).toEqual([code, { en: (en as any).fulfillment[code], zh: (zh as any).fulfillment[code] }])
    expect(Object.keys(LABELS.payment_status).sort()).toEqual(Object.keys(en.payment).sort())
    expect(Object.keys(LABELS.fulfillment_status).sort()).toEqual(Object.keys(en.fulfillment).filter((k) => k !== "none").sort())
    for (const [key, w] of Object.entries(PROVIDER_NAMES)) expect([key, w]).toEqual([key, { en: (en as any).providers[key], zh: (zh as any).providers[key] }])
  })

  it("provider ids by the name in them; unknown codes and providers pass as they are", () => {
    expect(providerName("pp_bank-transfer_bank-transfer", "zh")).toBe("银行转账")
    expect(providerName("pp_nowpayments_usdt", "en")).toBe("USDT (NOWPayments)")
    expect(providerName("pp_stripe_stripe", "en")).toBe("pp_stripe_stripe")
    expect(providerName(null, "en")).toBe("")
    expect(labelOf("order_status", "requires_action", "zh")).toBe("需要处理")
    expect(labelOf("payment_status", "brand_new", "en")).toBe("brand_new")
  })
})
