import { decimalToMinor, decimalToScaled, minorToDecimal, shortfallMinor } from "../../gateways/decimal"
import type { BtcpayInvoice, BtcpayPaymentMethod } from "../../gateways/btcpay"
import type { PlatformReport, PlatformTradeStatus } from "../shared/platform-report"
import { sessionIdForTradeNumber } from "../shared/trade-number"

const STATUS: Record<string, PlatformTradeStatus> = { New: "unpaid", Processing: "processing", Settled: "paid", Expired: "closed", Invalid: "closed" }

/** Whether what was paid must be read from the payment methods: a server before 2.1.2 sends no paidAmount. */
export function needsPaymentMethods(inv: BtcpayInvoice): boolean {
  return (inv.paidAmount === undefined || inv.paidAmount === null) && inv.status !== "New"
}

/**
 * The method whose accounting says what was paid: the one paid through most (its totalPaid counts every method,
 * converted into its currency), among those with something due; the first such when none was paid.
 */
function accountingMethod(methods: BtcpayPaymentMethod[]): BtcpayPaymentMethod | null {
  const usable = methods.filter((m) => (decimalToScaled(m.amount) ?? 0n) > 0n)
  const paid = (m: BtcpayPaymentMethod) => decimalToScaled(m.paymentMethodPaid ?? "0") ?? 0n
  return usable.reduce<BtcpayPaymentMethod | null>((best, m) => (!best || paid(m) > paid(best) ? m : best), null)
}

/**
 * A (re-fetched) BTCPay invoice as a PlatformReport (Greenfield API: InvoiceData, InvoicePaymentMethodDataModel;
 * webhook InvoiceSettled `manuallyMarked`).
 * - shortfall_minor (invoice currency, minor units; positive = short): price − paidAmount; without paidAmount
 *   (servers before 2.1.2) price × (amount − totalPaid) / amount of the payment method that was paid (exact
 *   integer arithmetic on the decimal strings); null when neither says.
 * - Settled with additionalStatus "Marked": the merchant marked the invoice settled by hand. That is the
 *   merchant's decision: no shortfall is held against it (`shortfall_minor` left out), and `settled_by_merchant`
 *   says so, with what BTCPay saw paid, for the order's history and the inbox.
 * - a late or partial payment on an expired invoice counts as money to look at (paid, never captured).
 */
export function btcpayReport(provider: string, inv: BtcpayInvoice, tolerance: { under_minor: number; over_minor: number }, methods?: BtcpayPaymentMethod[] | null): PlatformReport {
  const price = decimalToMinor(inv.amount)
  const method = !needsPaymentMethods(inv) || !methods ? null : accountingMethod(methods)
  const fromInvoice = inv.paidAmount !== undefined && inv.paidAmount !== null
  const shortfall =
    price === null ? null
      : fromInvoice ? (decimalToMinor(inv.paidAmount) === null ? null : price - decimalToMinor(inv.paidAmount)!)
      : method ? shortfallMinor(price, method.amount, method.totalPaid)
      : null
  const late = inv.additionalStatus === "PaidLate"
  const partialExpired = inv.status === "Expired" && inv.additionalStatus === "PaidPartial"
  const marked = inv.status === "Settled" && inv.additionalStatus === "Marked"
  const status: PlatformTradeStatus = late || partialExpired ? "paid" : STATUS[inv.status] ?? "unknown"
  const orderId = (inv.metadata?.orderId as string | undefined) ?? null
  const currency = inv.currency?.toUpperCase() ?? null
  const paidText = price !== null && shortfall !== null && price - shortfall >= 0 ? `${minorToDecimal(price - shortfall)} of ${minorToDecimal(price)} ${currency}` : null
  const settledByMerchant = marked ? `marked settled by hand at BTCPay; ${paidText ? `BTCPay saw ${paidText} paid` : "BTCPay did not say how much was paid"}` : null
  const methodName = method ? method.paymentMethodId ?? method.paymentMethod ?? null : null
  const methodCurrency = method ? method.currency ?? method.cryptoCode ?? null : null
  return {
    provider,
    kind: "payment",
    event_key: [inv.id, inv.status, inv.additionalStatus, fromInvoice ? inv.paidAmount : method ? `${method.totalPaid}${methodCurrency ?? ""}` : "0"].join(":"),
    session_id: sessionIdForTradeNumber(orderId),
    out_trade_no: orderId,
    status,
    transaction_id: inv.id,
    amount_minor: price,
    currency,
    paid_at: status === "paid" ? new Date().toISOString() : null,
    payer: null,
    ...(marked ? {} : { shortfall_minor: shortfall }),
    tolerance,
    irregular: late ? "paid_late" : null,
    settled_by_merchant: settledByMerchant,
    summary: {
      invoice_id: inv.id, status: inv.status, additional_status: inv.additionalStatus, amount: inv.amount, paid_amount: inv.paidAmount, currency: inv.currency,
      paid_from: fromInvoice ? "paidAmount" : method ? "payment-methods" : null,
      ...(method ? { payment_method: methodName, method_currency: methodCurrency, method_amount: method.amount, method_total_paid: method.totalPaid, method_rate: method.rate ?? null } : {}),
      ...(marked ? { settled_by_merchant: settledByMerchant, shortfall_minor: shortfall } : {}),
    },
  }
}
