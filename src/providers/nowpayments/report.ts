import { decimalToMinor, decimalToScaled, shortfallMinor } from "../../gateways/decimal"
import type { NowPayment } from "../../gateways/nowpayments"
import type { PlatformReport, PlatformTradeStatus } from "../shared/platform-report"
import { sessionIdForTradeNumber } from "../shared/trade-number"

const STATUS: Record<string, PlatformTradeStatus> = {
  waiting: "unpaid",
  confirming: "unpaid",
  confirmed: "processing",
  sending: "processing",
  partially_paid: "paid",
  finished: "paid",
  failed: "closed",
  expired: "closed",
  refunded: "refunded",
}

/** What the caller knows beyond the payment itself. */
export type NowPaymentContext = {
  /**
   * For a child payment (a repeated or wrong-asset deposit, `parent_payment_id` set): the original payment it was
   * made against. NOWPayments sends children with order_id, order_description and invoice_id null, so the order and
   * the coin asked for are the original's.
   */
  parent?: NowPayment | null
  /** The coin the session asked for (its data.pay_currency), when the caller has the session (status queries). */
  askedPayCurrency?: string | null
  /** The NOWPayments payment the session follows (data.payment_id): the asked coin is checked against it only. */
  sessionPaymentId?: string | null
}

const SCALE = 18
const lower = (v: unknown) => (typeof v === "string" && v ? v.toLowerCase() : null)
const isChild = (p: NowPayment) => p.parent_payment_id !== undefined && p.parent_payment_id !== null && p.parent_payment_id !== ""

/** 10^18-scaled integer → plain decimal string (exact). */
function scaledToDecimal(v: bigint): string {
  const s = v.toString().padStart(SCALE + 1, "0")
  return `${s.slice(0, -SCALE)}.${s.slice(-SCALE)}`.replace(/\.?0+$/, "") || "0"
}

/** A fiat amount with any number of decimals (a child's price at the day's rate) → minor units, half up. */
function roundedMinor(value: unknown): number | null {
  const v = decimalToScaled(value, SCALE)
  if (v === null) return null
  const unit = 10n ** BigInt(SCALE - 2)
  const minor = (v + unit / 2n) / unit
  return minor > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(minor)
}

/**
 * How short the merchant's outcome is of the price, in the price currency's minor units, when it can be told:
 * `outcome_amount` is what NOWPayments settles to the merchant's wallet in `outcome_currency`, after its fees
 * (NOWPayments API docs, "Payments": monitor outcome_amount and outcome_currency). Comparable with pay_amount only
 * when no conversion happened (outcome_currency = pay_currency); the fees NOWPayments itemises in `fee` in that
 * coin are added back. Nothing settled (outcome_amount null or 0) is short by the whole price, whatever the coin.
 * Undefined when the payment does not report an outcome or it was converted (no rate to compare with).
 */
function outcomeShortfall(p: NowPayment, priceMinor: number): { minor: number; detail: string } | undefined {
  if (!("outcome_amount" in p)) return undefined
  const pay = lower(p.pay_currency)
  const asked = `${p.pay_amount} ${pay}`
  const out = p.outcome_amount === null ? 0n : decimalToScaled(p.outcome_amount, SCALE) ?? 0n
  if (out === 0n) return { minor: priceMinor, detail: `NOWPayments settled nothing of the ${asked} asked` }
  const outCurrency = lower(p.outcome_currency)
  if (outCurrency !== pay) return undefined
  const fee = p.fee && lower(p.fee.currency) === outCurrency
    ? [p.fee.depositFee, p.fee.withdrawalFee, p.fee.serviceFee].reduce<bigint>((t, f) => t + (decimalToScaled(f ?? 0, SCALE) ?? 0n), 0n)
    : 0n
  const minor = shortfallMinor(priceMinor, p.pay_amount, scaledToDecimal(out + fee))
  if (minor === null) return undefined
  return { minor, detail: `NOWPayments settled ${p.outcome_amount} ${outCurrency}${fee ? ` (and ${scaledToDecimal(fee)} in fees)` : ""} of the ${asked} asked` }
}

/**
 * A (re-queried) NOWPayments payment as a PlatformReport (NOWPayments API docs: "Get payment status", IPN body,
 * "Repeated Deposits and Wrong-Asset Deposits").
 * - amount_minor / currency: price_amount / price_currency (a child's price is its deposit at the day's rate, rounded
 *   half up to minor units).
 * - shortfall_minor (price currency, minor units; positive = short): the larger of what actually_paid says against
 *   pay_amount and what the outcome says (see outcomeShortfall); `detail` names the outcome when it decided.
 * - irregular: wrong_asset when the coin paid (pay_currency) is not the one asked (a child's parent's coin, or the
 *   session's for its own payment), child_payment for any other child, paid_late after valid_until.
 * - a child NOWPayments marked failed after money arrived (a wrong-asset deposit it could not convert) is still
 *   money: reported paid (never captured, it is irregular), with who holds it in `detail`.
 */
export function nowPaymentsReport(provider: string, p: NowPayment, tolerance: { under_minor: number; over_minor: number }, ctx: NowPaymentContext = {}): PlatformReport {
  const child = isChild(p)
  const parent = child ? ctx.parent ?? null : null
  const orderId = p.order_id ?? parent?.order_id ?? null
  const price = child ? roundedMinor(p.price_amount) : decimalToMinor(typeof p.price_amount === "number" ? p.price_amount.toFixed(2) : p.price_amount)
  const paidAfterExpiry = !!(p.valid_until && p.updated_at && Date.parse(p.updated_at) > Date.parse(p.valid_until))
  const received = (decimalToScaled(p.actually_paid ?? 0, SCALE) ?? 0n) > 0n
  const held = child && p.payment_status === "failed" && received
  const status: PlatformTradeStatus = held ? "paid" : STATUS[p.payment_status] ?? "unknown"
  const asset = lower(p.pay_currency)
  const asked = child ? lower(parent?.pay_currency) : ctx.sessionPaymentId && ctx.sessionPaymentId === String(p.payment_id) ? lower(ctx.askedPayCurrency) : null
  const irregular: PlatformReport["irregular"] =
    asked && asset && asset !== asked ? "wrong_asset" : child ? "child_payment" : status === "paid" && paidAfterExpiry ? "paid_late" : null
  const paidShort = price === null ? null : shortfallMinor(price, p.pay_amount, p.actually_paid ?? 0)
  const outcome = price === null || irregular ? undefined : outcomeShortfall(p, price)
  const byOutcome = !!outcome && paidShort !== null && outcome.minor > 0 && outcome.minor > paidShort
  return {
    provider,
    kind: "payment",
    event_key: [p.payment_id, p.payment_status, String(p.actually_paid ?? "0")].join(":"),
    session_id: sessionIdForTradeNumber(orderId),
    out_trade_no: orderId,
    status,
    transaction_id: String(p.payment_id),
    amount_minor: price,
    currency: String(p.price_currency ?? "").toUpperCase() || null,
    paid_at: status === "paid" ? p.updated_at ?? null : null,
    payer: null,
    shortfall_minor: byOutcome ? outcome!.minor : paidShort,
    tolerance,
    irregular,
    asset,
    detail: byOutcome ? outcome!.detail : held ? `NOWPayments could not process it (status ${p.payment_status}) and holds the money` : null,
    // a hosted invoice's payment: the session learns which payment it is once the buyer picked a coin
    bind_payment_id: p.invoice_id && !child ? String(p.payment_id) : null,
    summary: {
      payment_id: p.payment_id, parent_payment_id: p.parent_payment_id ?? null, invoice_id: p.invoice_id ?? parent?.invoice_id ?? null, payment_status: p.payment_status, pay_currency: p.pay_currency,
      pay_amount: p.pay_amount, actually_paid: p.actually_paid, price_amount: p.price_amount, price_currency: p.price_currency,
      outcome_amount: p.outcome_amount, outcome_currency: p.outcome_currency, fee: p.fee ?? null, updated_at: p.updated_at,
      ...(asked ? { asked_pay_currency: asked } : {}),
    },
  }
}
