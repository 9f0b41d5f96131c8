import { paymentLinkFor, resolveManualOrderOptions } from "../options"
import { mergeItems } from "../../../workflows/manual-orders/helpers"

describe("manual-order options", () => {
  it("defaults to a 10% limit, no pay URL and nobody above the limit", () => {
    expect(resolveManualOrderOptions()).toEqual({ manualDiscountMaxPercent: 10, storefrontPayUrl: null, manualDiscount: null })
  })

  it("keeps the store's values and the permission list", () => {
    const o = resolveManualOrderOptions({ manualDiscountMaxPercent: 7.5, storefrontPayUrl: "https://shop.example.com/pay/{order_id}", permissions: { manualDiscount: ["boss@example.com"], cancel: ["x"] } })
    expect(o).toEqual({ manualDiscountMaxPercent: 7.5, storefrontPayUrl: "https://shop.example.com/pay/{order_id}", manualDiscount: ["boss@example.com"] })
  })

  it("stops the boot naming a bad option", () => {
    expect(() => resolveManualOrderOptions({ manualDiscountMaxPercent: 120 })).toThrow(/manualDiscountMaxPercent must be a number from 0 to 100/)
    expect(() => resolveManualOrderOptions({ manualDiscountMaxPercent: Number.NaN })).toThrow(/manualDiscountMaxPercent/)
    expect(() => resolveManualOrderOptions({ storefrontPayUrl: "https://shop.example.com/pay" })).toThrow(/storefrontPayUrl must be an http\(s\) URL containing \{order_id\}/)
    expect(() => resolveManualOrderOptions({ storefrontPayUrl: "ftp://x/{order_id}" })).toThrow(/storefrontPayUrl/)
    expect(() => resolveManualOrderOptions({ permissions: { manualDiscount: "boss" as any } })).toThrow(/permissions.manualDiscount must be a list/)
  })

  it("fills the pay URL with the order id and number, encoded", () => {
    expect(paymentLinkFor("https://shop.example.com/pay/{order_id}?n={display_id}", { id: "order_01 X", display_id: 42 })).toBe("https://shop.example.com/pay/order_01%20X?n=42")
  })

  it("merges lines of the same variant", () => {
    expect(mergeItems([{ variant_id: "a", quantity: 1 }, { variant_id: "b", quantity: 2 }, { variant_id: "a", quantity: 3 }])).toEqual([{ variant_id: "a", quantity: 4 }, { variant_id: "b", quantity: 2 }])
  })
})
