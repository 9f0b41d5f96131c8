import { nowPaymentsReport } from "../nowpayments/report"
import { btcpayReport, needsPaymentMethods } from "../btcpay/report"
import type { NowPayment } from "../../gateways/nowpayments"
import type { BtcpayInvoice, BtcpayPaymentMethod } from "../../gateways/btcpay"

const TOL = { under_minor: 100, over_minor: 200 }
const ORDER = "OM01M8P90PJQX5JH6M6HKYE8EX7V"
const SESSION = "payses_01M8P90PJQX5JH6M6HKYE8EX7V"

// NOWPayments: the wire shapes of "Get payment status" / the IPN, and of a repeated or wrong-asset deposit as the
// API docs show it (parent_payment_id, order_id null, priced at the day's rate)
const paid: NowPayment = {
  payment_id: 5000000001, invoice_id: null, payment_status: "finished", pay_address: "TXabc", price_amount: 409, price_currency: "cny",
  pay_amount: 56.442, actually_paid: 56.442, pay_currency: "usdttrc20", order_id: ORDER, outcome_amount: 56.442, outcome_currency: "usdttrc20",
  updated_at: "2026-01-01T10:00:00.000Z", valid_until: "2026-01-01T11:00:00.000Z",
}
const deposit = (o: Partial<NowPayment>): NowPayment => ({
  payment_id: 5000000002, parent_payment_id: 5000000001, invoice_id: null, payment_status: "finished", pay_address: "TXabc", price_amount: 204.50724637,
  price_currency: "cny", pay_amount: 28.221, actually_paid: 28.221, pay_currency: "usdttrc20", order_id: null, order_description: null,
  outcome_amount: 28.221, outcome_currency: "usdttrc20", ...o,
})

describe("NOWPayments reports: the coin, the outcome, a re-deposit", () => {
  it("a payment paid in full in the asked coin, settled in full: no shortfall, nothing irregular", () => {
    const r = nowPaymentsReport("pp_nowpayments_nowpayments", paid, TOL, { askedPayCurrency: "usdttrc20", sessionPaymentId: "5000000001" })
    expect(r).toMatchObject({ session_id: SESSION, status: "paid", amount_minor: 40900, currency: "CNY", shortfall_minor: 0, irregular: null, asset: "usdttrc20", detail: null })
  })

  it("a repeated deposit names no order: the original's order is used; its price at the day's rate is rounded half up", () => {
    const orphan = nowPaymentsReport("pp_nowpayments_nowpayments", deposit({}), TOL)
    expect(orphan).toMatchObject({ session_id: null, irregular: "child_payment" })
    const r = nowPaymentsReport("pp_nowpayments_nowpayments", deposit({}), TOL, { parent: paid })
    expect(r).toMatchObject({ session_id: SESSION, out_trade_no: ORDER, status: "paid", irregular: "child_payment", amount_minor: 20451, bind_payment_id: null })
  })

  it("a deposit in another coin or network is wrong_asset, for a child against its original and for the session's own payment", () => {
    expect(nowPaymentsReport("p", deposit({ pay_currency: "usdtbsc" }), TOL, { parent: paid })).toMatchObject({ irregular: "wrong_asset", asset: "usdtbsc", summary: expect.objectContaining({ asked_pay_currency: "usdttrc20" }) })
    expect(nowPaymentsReport("p", { ...paid, pay_currency: "usdterc20" }, TOL, { askedPayCurrency: "usdttrc20", sessionPaymentId: "5000000001" })).toMatchObject({ irregular: "wrong_asset" })
    // the asked coin is the session's payment's: another payment (e.g. of the same hosted invoice) is not judged by it
    expect(nowPaymentsReport("p", { ...paid, pay_currency: "btc" }, TOL, { askedPayCurrency: "usdttrc20", sessionPaymentId: "5000000009" })).toMatchObject({ irregular: null })
  })

  it("a failed deposit NOWPayments holds money for is reported as money (paid, irregular), with who holds it", () => {
    const r = nowPaymentsReport("p", deposit({ payment_status: "failed", pay_currency: "trx", outcome_amount: null }), TOL, { parent: paid })
    expect(r).toMatchObject({ status: "paid", irregular: "wrong_asset", detail: "NOWPayments could not process it (status failed) and holds the money" })
    // a failed child with nothing received stays closed
    expect(nowPaymentsReport("p", deposit({ payment_status: "failed", actually_paid: 0 }), TOL, { parent: paid })).toMatchObject({ status: "closed" })
  })

  it("the outcome: short of pay_amount in the same coin is a shortfall (fees itemised in that coin added back); nothing settled is short by the whole price; a converted outcome is not compared", () => {
    const short = nowPaymentsReport("p", { ...paid, outcome_amount: "20" }, TOL)
    expect(short).toMatchObject({ shortfall_minor: 26407, detail: "NOWPayments settled 20 usdttrc20 of the 56.442 usdttrc20 asked" })
    const fees = nowPaymentsReport("p", { ...paid, outcome_amount: "55.15979", fee: { currency: "usdttrc20", depositFee: 1, withdrawalFee: 0, serviceFee: "0.28221" } }, TOL)
    expect(fees).toMatchObject({ shortfall_minor: 0, detail: null })
    // fees in another coin cannot be added back
    expect(nowPaymentsReport("p", { ...paid, outcome_amount: "55.15979", fee: { currency: "trx", depositFee: 1, serviceFee: "0.28221" } }, TOL).shortfall_minor).toBe(929)
    expect(nowPaymentsReport("p", { ...paid, outcome_amount: null }, TOL)).toMatchObject({ shortfall_minor: 40900, detail: "NOWPayments settled nothing of the 56.442 usdttrc20 asked" })
    expect(nowPaymentsReport("p", { ...paid, outcome_amount: "0.0006", outcome_currency: "btc" }, TOL)).toMatchObject({ shortfall_minor: 0, detail: null })
    // an overpayment stays an overpayment; an underpayment in actually_paid is not hidden by the outcome
    expect(nowPaymentsReport("p", { ...paid, actually_paid: "62.0862", outcome_amount: "62.0862" }, TOL).shortfall_minor).toBe(-4090)
    expect(nowPaymentsReport("p", { ...paid, actually_paid: "28.221", outcome_amount: "56.442" }, TOL).shortfall_minor).toBe(20450)
    // no outcome reported at all: no evidence either way
    const { outcome_amount, outcome_currency, ...bare } = paid
    expect(nowPaymentsReport("p", bare as NowPayment, TOL)).toMatchObject({ shortfall_minor: 0, detail: null })
  })

  it("paid after valid_until is paid_late", () => {
    expect(nowPaymentsReport("p", { ...paid, updated_at: "2026-01-01T11:01:00.000Z" }, TOL)).toMatchObject({ irregular: "paid_late" })
  })
})

// BTCPay Greenfield: InvoiceData (paidAmount from 2.1.2 on) and the payment methods in 2.x and 1.x naming
const invoice = (o: Partial<BtcpayInvoice>): BtcpayInvoice => ({
  id: "Inv1", storeId: "S1", amount: "409.00", currency: "CNY", status: "Settled", additionalStatus: "None", checkoutLink: "https://btcpay.test/i/Inv1", metadata: { orderId: ORDER }, ...o,
})
const v2Method = (paid: string): BtcpayPaymentMethod => ({ paymentMethodId: "BTC-CHAIN", currency: "BTC", amount: "0.00081800", totalPaid: paid, paymentMethodPaid: paid, due: "0", rate: "500000", activated: true })
const v1Method = (paid: string): BtcpayPaymentMethod => ({ paymentMethod: "BTC", cryptoCode: "BTC", amount: "0.00081800", totalPaid: paid, paymentMethodPaid: paid, due: "0", rate: "500000", activated: true })

describe("BTCPay reports: what was paid on any server version; a settlement marked by hand", () => {
  it("paidAmount (2.1.2 and later) is read as is", () => {
    const r = btcpayReport("p", invoice({ paidAmount: "409.00" }), TOL)
    expect(needsPaymentMethods(invoice({ paidAmount: "409.00" }))).toBe(false)
    expect(r).toMatchObject({ session_id: SESSION, status: "paid", shortfall_minor: 0, settled_by_merchant: null, summary: expect.objectContaining({ paid_from: "paidAmount" }) })
  })

  it("without paidAmount (before 2.1.2) the payment methods say what was paid, in 2.x and 1.x naming; none is never read as 0", () => {
    expect(needsPaymentMethods(invoice({}))).toBe(true)
    expect(needsPaymentMethods(invoice({ status: "New" }))).toBe(false)
    expect(btcpayReport("p", invoice({}), TOL, [v2Method("0.00081800")])).toMatchObject({ shortfall_minor: 0, summary: expect.objectContaining({ paid_from: "payment-methods", payment_method: "BTC-CHAIN", method_currency: "BTC" }) })
    expect(btcpayReport("p", invoice({ status: "Expired", additionalStatus: "PaidPartial" }), TOL, [v1Method("0.00040900")])).toMatchObject({ status: "paid", shortfall_minor: 20450, summary: expect.objectContaining({ payment_method: "BTC", method_currency: "BTC" }) })
    // the method paid through is the one whose accounting counts; an unused one (nothing due) is skipped
    const ln: BtcpayPaymentMethod = { paymentMethodId: "BTC-LN", currency: "BTC", amount: "0", totalPaid: "0", paymentMethodPaid: "0" }
    expect(btcpayReport("p", invoice({}), TOL, [ln, v2Method("0.00090000")]).shortfall_minor).toBe(-4100)
    expect(btcpayReport("p", invoice({}), TOL, []).shortfall_minor).toBeNull()
    expect(btcpayReport("p", invoice({}), TOL).shortfall_minor).toBeNull()
    // the inbox key changes with what was paid, so a second partial payment is not taken for a duplicate
    expect(btcpayReport("p", invoice({ status: "Expired", additionalStatus: "PaidPartial" }), TOL, [v1Method("0.00040900")]).event_key).toBe("Inv1:Expired:PaidPartial:0.00040900BTC")
  })

  it("Settled / Marked is the merchant's settlement: no shortfall held against it, said so with what BTCPay saw paid", () => {
    const r = btcpayReport("p", invoice({ additionalStatus: "Marked", paidAmount: "204.50" }), TOL)
    expect(r).toMatchObject({ status: "paid", irregular: null, settled_by_merchant: "marked settled by hand at BTCPay; BTCPay saw 204.50 of 409.00 CNY paid" })
    expect("shortfall_minor" in r).toBe(false)
    expect(r.summary).toMatchObject({ settled_by_merchant: r.settled_by_merchant, shortfall_minor: 20450 })
    expect(btcpayReport("p", invoice({ additionalStatus: "Marked" }), TOL, [v1Method("0")]).settled_by_merchant).toBe("marked settled by hand at BTCPay; BTCPay saw 0.00 of 409.00 CNY paid")
    expect(btcpayReport("p", invoice({ additionalStatus: "Marked" }), TOL).settled_by_merchant).toBe("marked settled by hand at BTCPay; BTCPay did not say how much was paid")
    // marked invalid by hand is closed, not a settlement
    expect(btcpayReport("p", invoice({ status: "Invalid", additionalStatus: "Marked", paidAmount: "0.00" }), TOL)).toMatchObject({ status: "closed", settled_by_merchant: null })
  })
})
