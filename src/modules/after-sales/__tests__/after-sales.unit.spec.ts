import { ChannelError } from "../../../providers/shared/channel-error"
import { refundFailureOf } from "../failure"
import { approvalThreshold, deadlineDaysFor, resolveAfterSalesOptions } from "../options"
import { platformMoveOf } from "../../../workflows/after-sales/process-refund"

const channel = (code: string, retryable = false) =>
  new ChannelError(`refused: ${code}`, { channel: "wechatpay", operation: "refund", failure: retryable ? "platform_error" : "refused", platform_code: code, http_status: 400, retryable })

describe("refund failure causes", () => {
  it.each([
    ["NOT_ENOUGH", "merchant_balance_insufficient"],
    ["ACQ.SELLER_BALANCE_NOT_ENOUGH", "merchant_balance_insufficient"],
    ["NO_AUTH", "channel_not_configured"],
    ["ACQ.ACCESS_FORBIDDEN", "channel_not_configured"],
    ["PARAM_ERROR", "information_incomplete"],
    ["ACQ.INVALID_PARAMETER", "information_incomplete"],
    ["isv.missing-signature", "information_incomplete"],
    ["ACQ.TRADE_HAS_FINISHED", "deadline_passed"],
    ["SYSTEM_ERROR", "platform_error"],
  ])("%s → %s", (code, cause) => {
    expect(refundFailureOf(channel(code))).toMatchObject({ cause, platform_code: code })
  })

  it("reads the cause through a wrapper and from a message tag, and keeps retryable from the channel", () => {
    const wrapped = Object.assign(new Error("workflow failed"), { cause: channel("NOT_ENOUGH") })
    expect(refundFailureOf(wrapped)).toMatchObject({ cause: "merchant_balance_insufficient", retryable: true })
    expect(refundFailureOf(channel("SYSTEM_ERROR", true))).toMatchObject({ cause: "platform_error", retryable: true })
    expect(refundFailureOf(new Error("WeChat Pay: 订单已超过退款期限"))).toMatchObject({ cause: "deadline_passed", platform_code: null })
    expect(refundFailureOf(new Error("Could not resolve 'pp_alipay_alipay'"))).toMatchObject({ cause: "channel_not_configured", retryable: true })
    expect(refundFailureOf(channel("ACQ.INVALID_PARAMETER"))).toMatchObject({ retryable: false })
    expect(refundFailureOf(Object.assign(new Error("refund needs Medusa's refund id"), { type: "invalid_data" }))).toMatchObject({ cause: "information_incomplete" })
  })
})

describe("after-sales options", () => {
  it("defaults: reasons, WeChat one year, Alipay 90 days, no limit", () => {
    const o = resolveAfterSalesOptions({})
    expect(o.refundReasons).toContain("damaged")
    expect(deadlineDaysFor(o, "pp_wechatpay_wechatpay")).toBe(365)
    expect(deadlineDaysFor(o, "pp_alipay_alipay")).toBe(90)
    expect(deadlineDaysFor(o, "pp_nowpayments_nowpayments")).toBeNull()
    expect(approvalThreshold(o, "cny")).toBeNull()
  })

  it("a store's deadlines and per-currency limits; bad options fail at start with the option's name", () => {
    const o = resolveAfterSalesOptions({ refundDeadlineDays: { wechatpay: 30, alipay: null }, refundApprovalAboveMinor: { cny: 50000 } })
    expect([deadlineDaysFor(o, "pp_wechatpay_wechatpay"), deadlineDaysFor(o, "pp_alipay_alipay")]).toEqual([30, null])
    expect([approvalThreshold(o, "CNY"), approvalThreshold(o, "usd")]).toEqual([50000, null])
    expect(() => resolveAfterSalesOptions({ refundReasons: [] })).toThrow(/refundReasons/)
    expect(() => resolveAfterSalesOptions({ refundReasons: ["Bad Reason"] })).toThrow(/refundReasons/)
    expect(() => resolveAfterSalesOptions({ refundDeadlineDays: { wechatpay: 0 } })).toThrow(/refundDeadlineDays.wechatpay/)
    expect(() => resolveAfterSalesOptions({ refundApprovalAboveMinor: 1.5 })).toThrow(/refundApprovalAboveMinor/)
  })
})

describe("what the platform did with a refund", () => {
  it("WeChat processing or settled, Alipay settled, crypto and transfer manual, BTCPay a claim link", () => {
    expect(platformMoveOf({ provider_id: "pp_wechatpay_wechatpay", data: { refunds: [{ out_refund_no: "ref_1", refund_id: "501", status: "processing" }] } }, "ref_1")).toEqual({ platform_refund_no: "501", status: "processing", claim_url: null })
    expect(platformMoveOf({ provider_id: "pp_wechatpay_wechatpay", data: { refunds: [{ out_refund_no: "ref_1", refund_id: "501", status: "success" }] } }, "ref_1").status).toBe("succeeded")
    expect(platformMoveOf({ provider_id: "pp_alipay_alipay", data: { refunds: [{ out_request_no: "ref_2" }] } }, "ref_2")).toEqual({ platform_refund_no: "ref_2", status: "succeeded", claim_url: null })
    expect(platformMoveOf({ provider_id: "pp_nowpayments_nowpayments", data: {} }, "ref_3").status).toBe("manual_task")
    expect(platformMoveOf({ provider_id: "pp_bank-transfer_bank-transfer", data: {} }, "ref_3").status).toBe("manual_task")
    expect(platformMoveOf({ provider_id: "pp_btcpay_btcpay", data: { refunds: [{ refund_id: "ref_4", pull_payment_id: "pp1", claim_link: "https://btcpay/pp1" }] } }, "ref_4")).toEqual({ platform_refund_no: "pp1", status: "manual_task", claim_url: "https://btcpay/pp1" })
  })
})
