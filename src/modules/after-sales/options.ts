import { providerMatches } from "../order-management/options"

/**
 * The after-sales options, read from the plugin's options (every module of the plugin gets them).
 *
 * - `refundReasons`: the reason codes a customer or an admin picks from (labels live in the admin and the
 *   storefront). Default: not_received, damaged, not_as_described, wrong_item, changed_mind, duplicate_payment,
 *   service_problem, other.
 * - `refundDeadlineDays`: per payment provider id, how many days after payment a refund may still be asked for
 *   (`null`: no deadline). Defaults follow what each platform documents:
 *   - wechatpay 365: WeChat Pay v3 "申请退款": 交易时间超过一年的订单无法提交退款 (a trade older than one year cannot be refunded);
 *   - alipay 90: alipay.trade.query — a paid trade turns TRADE_FINISHED (no longer refundable) when its refund
 *     window ends, three months by default (longer only by contract);
 *   - nowpayments, btcpay, bank-transfer, balance, system: no platform deadline (refunds are manual tasks, pull
 *     payments, transfers or ledger credits).
 *   A store shortens or lengthens any of them (e.g. `{ wechatpay: 30 }` for a 30-day policy).
 * - `refundApprovalAboveMinor`: approving a refund above this amount (minor units; a number for every currency, or
 *   `{ cny: 100000, usd: 20000 }`) needs the permission `permissions.approveRefund` (a list of admin ids or emails).
 *   Without the list, any admin may approve.
 */
export type AfterSalesOptions = {
  refundReasons?: string[]
  refundDeadlineDays?: Record<string, number | null>
  refundApprovalAboveMinor?: number | Record<string, number>
  permissions?: Partial<Record<string, string[]>>
}

export const DEFAULT_REFUND_REASONS = ["not_received", "damaged", "not_as_described", "wrong_item", "changed_mind", "duplicate_payment", "service_problem", "other"]

export const DEFAULT_REFUND_DEADLINE_DAYS: Record<string, number | null> = {
  wechatpay: 365,
  alipay: 90,
}

export type ResolvedAfterSalesOptions = {
  refundReasons: string[]
  refundDeadlineDays: Record<string, number | null>
  refundApprovalAboveMinor: number | Record<string, number> | null
  approveRefund: string[] | null
}

/** Check and fill the options; throws an Error naming the bad option (the store does not start with it). */
export function resolveAfterSalesOptions(o: AfterSalesOptions = {}): ResolvedAfterSalesOptions {
  const reasons = o.refundReasons ?? DEFAULT_REFUND_REASONS
  if (!Array.isArray(reasons) || !reasons.length || reasons.some((r) => typeof r !== "string" || !/^[a-z0-9_]{1,40}$/.test(r))) {
    throw new Error("medusa-order-management: refundReasons must be a non-empty list of codes (a-z, 0-9, _; up to 40 characters)")
  }
  const deadlines = { ...DEFAULT_REFUND_DEADLINE_DAYS, ...(o.refundDeadlineDays ?? {}) }
  for (const [k, v] of Object.entries(deadlines)) {
    if (v !== null && !(Number.isInteger(v) && v > 0)) throw new Error(`medusa-order-management: refundDeadlineDays.${k} must be a whole number of days > 0, or null`)
  }
  const above = o.refundApprovalAboveMinor ?? null
  if (above !== null) {
    const values = typeof above === "number" ? [above] : Object.values(above)
    if (values.some((v) => !Number.isInteger(v) || v < 0)) throw new Error("medusa-order-management: refundApprovalAboveMinor must be whole minor units ≥ 0 (a number, or one per currency)")
  }
  const list = o.permissions?.approveRefund ?? null
  return { refundReasons: [...reasons], refundDeadlineDays: deadlines, refundApprovalAboveMinor: above, approveRefund: list ? [...list] : null }
}

/** The provider's deadline in days (null: none); `provider_id` may be Medusa's `pp_<id>_<id>` form. */
export function deadlineDaysFor(options: ResolvedAfterSalesOptions, providerId: string): number | null {
  for (const [k, v] of Object.entries(options.refundDeadlineDays)) {
    if (providerMatches(providerId, [k])) return v
  }
  return null
}

/** The threshold above which approving needs the permission, in this currency (null: none). */
export function approvalThreshold(options: ResolvedAfterSalesOptions, currency: string): number | null {
  const a = options.refundApprovalAboveMinor
  if (a === null) return null
  if (typeof a === "number") return a
  return a[currency.toLowerCase()] ?? null
}
