import OrderNotificationsModuleService from "../service"
import { fillTemplate, renderMessage, escapeHtml } from "../render"
import { normalizeLocale, pickLocale, resolveNotificationOptions } from "../options"
import { BANK_TRANSFER_PROOF_REJECTED, CUSTOMER_EVENT_NAMES, CUSTOMER_NOTIFICATION_EVENTS } from "../events"
import { CUSTOMER_TEMPLATES, ADMIN_FEED_TEMPLATES } from "../templates"
import { BANK_TRANSFER_PROOF_REJECTED as EMITTED_PROOF_REJECTED } from "../../../workflows/bank-transfer"
import { customerVariables, idempotencyKey, adminFeedVariables, type OrderFacts } from "../../../workflows/notifications/variables"
import { REFUND_REQUEST_APPROVED, REFUND_REQUEST_CREATED, REFUND_REQUEST_FAILED, REFUND_REQUEST_REFUNDED, REFUND_REQUEST_REJECTED, type RefundRequestEventData } from "../../after-sales/events"

const service = (notifications?: unknown, logger?: any) => new OrderNotificationsModuleService({ logger }, { notifications } as any)

const facts: OrderFacts = {
  order_id: "order_1",
  order_number: "MO20250101000042",
  display_id: 42,
  email: "buyer@example.com",
  customer_id: "cus_1",
  customer_name: "Li Wei",
  currency_code: "cny",
  total_minor: 13800,
  paid_minor: 13800,
  locale_tags: [],
  items: [
    { id: "item_tea", title: "Longjing tea (250 g)", quantity: 2 },
    { id: "item_vip", title: "Membership", quantity: 1 },
  ],
  store_name: "Demo Tea",
}

const refund = (o: Partial<RefundRequestEventData> = {}): RefundRequestEventData => ({
  id: "rr_1",
  order_id: "order_1",
  display_id: 42,
  customer_id: "cus_1",
  status: "requested",
  currency_code: "cny",
  amount_minor: 5000,
  refunded_minor: 0,
  destination: null,
  reason_code: "damaged",
  note: null,
  actor_type: "customer",
  ...o,
})

describe("fillTemplate", () => {
  it("replaces placeholders, with or without spaces inside the braces", () => {
    expect(fillTemplate("Order {{order_number}} / {{ amount }}", { order_number: "MO1", amount: "1.00 CNY" })).toBe("Order MO1 / 1.00 CNY")
  })
  it("renders a missing or null variable empty and reports it", () => {
    const missing = new Set<string>()
    expect(fillTemplate("a{{x}}b{{y}}c", { y: null }, missing)).toBe("abc")
    expect([...missing].sort()).toEqual(["x", "y"])
  })
  it("shows {{#x}} sections only with a value and {{^x}} only without", () => {
    const t = "{{#tracking}}Tracking: {{tracking}}{{/tracking}}{{^tracking}}No tracking{{/tracking}}"
    expect(fillTemplate(t, { tracking: "SF123" })).toBe("Tracking: SF123")
    expect(fillTemplate(t, { tracking: "" })).toBe("No tracking")
    expect(fillTemplate(t, {})).toBe("No tracking")
  })
  it("handles sections of different names nested", () => {
    expect(fillTemplate("{{#a}}A{{#b}}B{{/b}}{{/a}}", { a: "1", b: "1" })).toBe("AB")
    expect(fillTemplate("{{#a}}A{{#b}}B{{/b}}{{/a}}", { a: "1" })).toBe("A")
  })
  it("prints numbers and leaves unknown syntax alone", () => {
    expect(fillTemplate("#{{n}} {{!x}} {x}", { n: 42 })).toBe("#42 {{!x}} {x}")
  })
})

describe("renderMessage", () => {
  it("escapes values in html built from the text, keeps the text raw", () => {
    const m = renderMessage({ subject: "S {{v}}", text: "Line {{v}}\nnext\n\nPara" }, { v: "<b>&" })
    expect(m.text).toBe("Line <b>&\nnext\n\nPara")
    expect(m.html).toBe("<p>Line &lt;b&gt;&amp;<br>next</p>\n<p>Para</p>")
    expect(m.subject).toBe("S <b>&")
  })
  it("uses a template's own html with escaped values", () => {
    const m = renderMessage({ subject: "s", text: "t", html: "<h1>{{v}}</h1>" }, { v: "a<b" })
    expect(m.html).toBe("<h1>a&lt;b</h1>")
  })
  it("puts the subject on one line and trims blank lines", () => {
    const m = renderMessage({ subject: " A\n{{x}}  B ", text: "a\n\n\n\n{{#no}}x{{/no}}\n\nb" }, { x: "" })
    expect(m.subject).toBe("A B")
    expect(m.text).toBe("a\n\nb")
    expect(escapeHtml("\"'")).toBe("&quot;&#39;")
  })
})

describe("options", () => {
  it("defaults to email, English, everything on", () => {
    const o = resolveNotificationOptions({})
    expect(o).toMatchObject({ channel: "email", defaultLocale: "en", adminFeed: true, adminLocale: "en" })
    expect(o.disabled.size).toBe(0)
  })
  it.each([
    [{ channel: "" }, /channel must be a non-empty string/],
    [{ channel: "feed" }, /cannot be "feed"/],
    [{ defaultLocale: "fr" }, /defaultLocale must be one of "en", "zh-CN", got "fr"/],
    [{ disabled: "order_management.order.approved" }, /disabled must be a list/],
    [{ disabled: ["order.approved"] }, /disabled\[0\]: unknown event "order.approved"; known events: order_management\.payment\.confirmed/],
    [{ templates: { "order_management.nope": {} } }, /unknown event "order_management.nope"/],
    [{ templates: { "order_management.order.approved": { fr: { subject: "s", text: "t" } } } }, /must be one of "en", "zh-CN", got "fr"/],
    [{ templates: { "order_management.order.approved": { en: { subject: "", text: "t" } } } }, /\["en"\]\.subject must be a non-empty string/],
    [{ templates: { "order_management.order.approved": { en: { subject: "s", text: "t", body: "x" } } } }, /unknown keys body/],
    [{ adminFeed: "yes" }, /adminFeed must be true or false/],
    [{ colour: "red" }, /unknown keys colour/],
  ])("refuses %j with a clear message", (notifications, message) => {
    expect(() => resolveNotificationOptions({ notifications } as any)).toThrow(message)
  })
  it("is checked when the service is built", () => {
    expect(() => service({ defaultLocale: "de" })).toThrow(/defaultLocale/)
  })
})

describe("locale", () => {
  it("maps zh* to zh-CN, en* to en, others to null", () => {
    expect(["zh-CN", "zh", "zh_Hans", "zh-TW", "ZH-cn"].map(normalizeLocale)).toEqual(["zh-CN", "zh-CN", "zh-CN", "zh-CN", "zh-CN"])
    expect(["en", "en-US", "EN_gb"].map(normalizeLocale)).toEqual(["en", "en", "en"])
    expect([null, undefined, "", "fr-FR", "ena", 3].map(normalizeLocale)).toEqual([null, null, null, null, null, null])
  })
  it("takes the first usable tag, else the default", () => {
    expect(pickLocale([null, "fr", "zh-Hans-CN", "en"], "en")).toBe("zh-CN")
    expect(pickLocale([undefined, "fr"], "zh-CN")).toBe("zh-CN")
    expect(service({ defaultLocale: "zh-CN" }).localeFor([])).toBe("zh-CN")
    expect(service().localeFor(["en-GB"])).toBe("en")
  })
})

describe("default templates", () => {
  it("exist in both languages for every event, with distinct stable template ids", () => {
    for (const e of CUSTOMER_EVENT_NAMES) {
      expect(CUSTOMER_TEMPLATES[e].en.subject).toBeTruthy()
      expect(CUSTOMER_TEMPLATES[e]["zh-CN"].subject).toBeTruthy()
      expect(CUSTOMER_NOTIFICATION_EVENTS[e]).toMatch(/^order-management\.[a-z-]+\.[a-z-]+$/)
    }
    expect(new Set(Object.values(CUSTOMER_NOTIFICATION_EVENTS)).size).toBe(CUSTOMER_EVENT_NAMES.length)
    expect(Object.keys(ADMIN_FEED_TEMPLATES).sort()).toEqual(["order_management.anomaly.opened", "order_management.refund_request.created"])
  })
  it("names the bank-transfer event the route emits", () => {
    expect(BANK_TRANSFER_PROOF_REJECTED).toBe(EMITTED_PROOF_REJECTED)
  })
  it("render every event in both languages without an unfilled placeholder", () => {
    const s = service()
    const payloads: Record<string, any> = {
      "order_management.order.dispatched": { order_id: "order_1", tracking_number: "SF1", shipped_items: [{ id: "item_tea", quantity: 2 }], activated_items: [{ id: "item_vip", quantity: 1, title: "Membership" }] },
      [BANK_TRANSFER_PROOF_REJECTED]: { id: "proof_1", order_id: "order_1", reason: "blurry" },
      [REFUND_REQUEST_CREATED]: refund(),
      [REFUND_REQUEST_APPROVED]: refund({ status: "approved", destination: "original" }),
      [REFUND_REQUEST_REJECTED]: refund({ status: "rejected", reason: "used" }),
      [REFUND_REQUEST_REFUNDED]: refund({ status: "refunded", destination: "balance", refunded_minor: 5000, full: false }),
      [REFUND_REQUEST_FAILED]: refund({ status: "failed", destination: "original", failure: { cause: "merchant_balance_insufficient", message: "NOT_ENOUGH" } }),
    }
    for (const e of CUSTOMER_EVENT_NAMES) {
      for (const locale of ["en", "zh-CN"] as const) {
        const vars = customerVariables(e, payloads[e] ?? { order_id: "order_1", history_id: "h1" }, facts, { reason: "out of stock", actor_type: "user" }, locale)
        const m = s.renderCustomer(e, locale, vars)
        expect([e, locale, m.missing]).toEqual([e, locale, []])
        expect(m.text).toContain("MO20250101000042")
        expect(m.text).not.toMatch(/\{\{|\}\}/)
        expect(m.html.startsWith("<p>")).toBe(true)
      }
    }
  })
})

describe("messages", () => {
  const s = service()
  it("payment received in English and Chinese with the amount in its currency", () => {
    const vars = customerVariables("order_management.payment.confirmed", { order_id: "order_1" }, facts, null, "en")
    const en = s.renderCustomer("order_management.payment.confirmed", "en", vars)
    expect(en.template).toBe("order-management.payment.confirmed")
    expect(en.subject).toBe("Payment received for order MO20250101000042")
    expect(en.text).toBe("Hello Li Wei,\n\nWe have received your payment of 138.00 CNY for order MO20250101000042. We will let you know when it is on its way.\n\nDemo Tea")
    const zh = s.renderCustomer("order_management.payment.confirmed", "zh-CN", vars)
    expect(zh.subject).toBe("订单 MO20250101000042 已收到付款")
    expect(zh.text).toContain("Li Wei，您好：")
    expect(zh.text).toContain("付款 138.00 CNY")
    expect(zh.locale).toBe("zh-CN")
  })
  it("rejected and canceled carry the reason from history and the refund when paid", () => {
    const vars = customerVariables("order_management.order.rejected", { order_id: "order_1", history_id: "h" }, facts, { reason: "address outside our area", actor_type: "user" }, "en")
    const m = s.renderCustomer("order_management.order.rejected", "en", vars)
    expect(m.text).toContain("Reason: address outside our area")
    expect(m.text).toContain("The 138.00 CNY you paid is refunded")
    const unpaid = customerVariables("order_management.order.canceled", { order_id: "order_1" }, { ...facts, paid_minor: 0 }, { reason: null, actor_type: "system" }, "zh-CN")
    const c = s.renderCustomer("order_management.order.canceled", "zh-CN", unpaid)
    expect(c.text).not.toContain("原因")
    expect(c.text).not.toContain("退回")
  })
  it("dispatch lists shipped items with the tracking number and activated services", () => {
    const vars = customerVariables("order_management.order.dispatched", { order_id: "order_1", tracking_number: "SF100", shipped_items: [{ id: "item_tea", quantity: 2 }], activated_items: [{ id: "item_vip", quantity: 1 }] }, facts, null, "en")
    const m = s.renderCustomer("order_management.order.dispatched", "en", vars)
    expect(m.text).toContain("Shipped:\n- Longjing tea (250 g) × 2")
    expect(m.text).toContain("Tracking number: SF100")
    expect(m.text).toContain("Activated and ready to use:\n- Membership × 1")
    const serviceOnly = customerVariables("order_management.order.dispatched", { order_id: "order_1", tracking_number: null, shipped_items: [], activated_items: [{ id: "item_vip", quantity: 1 }] }, facts, null, "zh-CN")
    const z = s.renderCustomer("order_management.order.dispatched", "zh-CN", serviceOnly)
    expect(z.text).not.toContain("物流单号")
    expect(z.text).toContain("已开通，可立即使用：\n- Membership × 1")
  })
  it("refund messages word destinations, reasons and causes in the customer's language", () => {
    const approved = s.renderCustomer(REFUND_REQUEST_APPROVED, "zh-CN", customerVariables(REFUND_REQUEST_APPROVED, refund({ destination: "balance", amount_minor: 4500 }), facts, null, "zh-CN"))
    expect(approved.text).toContain("45.00 CNY 将退回至您的账户余额")
    const received = s.renderCustomer(REFUND_REQUEST_CREATED, "en", customerVariables(REFUND_REQUEST_CREATED, refund({ reason_code: "store_specific" }), facts, null, "en"))
    expect(received.text).toContain("refund 50.00 CNY for order MO20250101000042 (store_specific)")
    const failed = s.renderCustomer(REFUND_REQUEST_FAILED, "en", customerVariables(REFUND_REQUEST_FAILED, refund({ failure: { cause: "deadline_passed", message: "TRADE_FINISHED" } }), facts, null, "en"))
    expect(failed.text).toContain("(the payment platform's refund period has passed)")
    expect(failed.text).not.toContain("TRADE_FINISHED")
    const jpy = s.renderCustomer(REFUND_REQUEST_REFUNDED, "en", customerVariables(REFUND_REQUEST_REFUNDED, refund({ currency_code: "jpy", refunded_minor: 1200, destination: "original" }), facts, null, "en"))
    expect(jpy.subject).toBe("Refund of 1200 JPY for order MO20250101000042")
    expect(jpy.text).toContain("may take a few days")
    expect(customerVariables(REFUND_REQUEST_CREATED, refund(), facts, null, "en").refunded_amount).toBeNull()
    expect(customerVariables(REFUND_REQUEST_REFUNDED, refund({ refunded_minor: 0, amount_minor: 700 }), facts, null, "en").refunded_amount).toBe("7.00 CNY")
  })
  it("greets without a name and signs without a store name", () => {
    const m = s.renderCustomer("order_management.order.approved", "en", customerVariables("order_management.order.approved", { order_id: "order_1" }, { ...facts, customer_name: null, store_name: null }, null, "en"))
    expect(m.text).toBe("Hello,\n\nYour order MO20250101000042 has been reviewed and approved. We are now preparing it.")
  })
})

describe("store options at work", () => {
  it("an override replaces one language only, with placeholders, and logs a missing variable at debug", () => {
    const debug = jest.fn()
    const s = service(
      { templates: { "order_management.order.approved": { "zh-CN": { subject: "好消息 {{order_number}}", text: "{{customer_name}}：订单已审核 {{coupon}}", html: "<b>{{order_number}}</b>" } } } },
      { debug }
    )
    const vars = customerVariables("order_management.order.approved", { order_id: "order_1" }, facts, null, "zh-CN")
    const zh = s.renderCustomer("order_management.order.approved", "zh-CN", vars)
    expect(zh).toMatchObject({ subject: "好消息 MO20250101000042", text: "Li Wei：订单已审核", html: "<b>MO20250101000042</b>", overridden: true, missing: ["coupon"] })
    expect(debug).toHaveBeenCalledWith(expect.stringContaining("has no value for coupon"))
    const en = s.renderCustomer("order_management.order.approved", "en", vars)
    expect(en.overridden).toBe(false)
    expect(en.subject).toBe("Order MO20250101000042 approved")
  })
  it("a disabled event sends nothing; the others still do", () => {
    const s = service({ disabled: ["order_management.order.approved", "order_management.anomaly.opened"] })
    expect(s.isCustomerEnabled("order_management.order.approved")).toBe(false)
    expect(s.isCustomerEnabled("order_management.order.rejected")).toBe(true)
    expect(s.isCustomerEnabled("order_management.order.held")).toBe(false)
    expect(s.isAdminFeedEnabled("order_management.anomaly.opened")).toBe(false)
    expect(s.isAdminFeedEnabled(REFUND_REQUEST_CREATED)).toBe(true)
    expect(service({ adminFeed: false }).isAdminFeedEnabled(REFUND_REQUEST_CREATED)).toBe(false)
  })
  it("renders admin-feed notices in the admin's language", () => {
    const anomaly = { id: "anom_1", order_id: "order_1", type: "paid_after_cancel", amount_minor: 13800, currency_code: "cny" }
    const en = service().renderAdminFeed("order_management.anomaly.opened", adminFeedVariables("order_management.anomaly.opened", anomaly, "MO1", "en"))
    expect(en).toMatchObject({ subject: "Payment anomaly: Paid after cancel", text: "Order MO1: 138.00 CNY. See Order management to resolve it." })
    const cart = service({ adminLocale: "zh-CN" }).renderAdminFeed("order_management.anomaly.opened", adminFeedVariables("order_management.anomaly.opened", { id: "a", order_id: null, cart_id: "cart_9", type: "unmatched_payment", amount_minor: null }, null, "zh-CN"))
    expect(cart).toMatchObject({ subject: "支付异常：已更换结账方式的付款", text: "购物车 cart_9（未成单）。请在订单管理中处理。" })
    const rr = service().renderAdminFeed(REFUND_REQUEST_CREATED, adminFeedVariables(REFUND_REQUEST_CREATED, refund({ actor_type: "user" }), "MO1", "en"))
    expect(rr.text).toBe("Order MO1: 50.00 CNY requested (damaged), opened by an admin.")
  })
})

describe("idempotency keys", () => {
  it("one per occurrence", () => {
    expect(idempotencyKey("t", "order_management.order.approved", { order_id: "o", history_id: "h1" })).toBe("t:h1")
    expect(idempotencyKey("t", BANK_TRANSFER_PROOF_REJECTED, { id: "proof_1", order_id: "o" })).toBe("t:proof_1")
    expect(idempotencyKey("t", REFUND_REQUEST_FAILED, refund({ status: "failed", failure: { cause: "platform_error", message: "x" } }))).toBe("t:rr_1:failed:5000:0:platform_error")
    expect(idempotencyKey("t", REFUND_REQUEST_FAILED, { ...refund(), history_id: "rre_2" })).toBe("t:rre_2")
    expect(idempotencyKey("t", "order_management.order.approved", { order_id: "o" })).toBeNull()
  })
})
