/**
 * The shape every platform's bill is read into before it is matched against the store (reconcile.ts). Parsers
 * (alipay.ts, wechatpay.ts, nowpayments.ts, btcpay.ts, bank-statement.ts) read their platform's real format
 * streaming and yield one BillRow per business row; comment, header and summary lines are not rows (the summary is
 * returned separately so a run can check the rows add up to what the platform says).
 *
 * Money is in the currency's minor units (integers, never floats); currency is ISO 4217 upper case (crypto
 * platforms: the fiat price currency the store charged, e.g. "USD"), times are ISO 8601 UTC strings.
 */
export type BillRowKind = "payment" | "refund"

/**
 * What the platform says about the row:
 * - paid: the money was taken (a payment row that succeeded)
 * - refunded: a refund row that succeeded
 * - refund_pending: a refund row still processing at the platform (WeChat PROCESSING)
 * - closed: a trade closed / revoked / expired without money
 * - pending: not paid yet (crypto waiting/confirming)
 * - partially_paid: crypto underpaid
 * - failed: failed / invalid
 */
export type BillRowStatus = "paid" | "refunded" | "refund_pending" | "closed" | "pending" | "partially_paid" | "failed"

export type BillRow = {
  /** 1-based line number in the file (or position in an API listing), for showing the row to a person */
  line: number
  kind: BillRowKind
  status: BillRowStatus
  /** the platform's own trade id (Alipay 支付宝交易号, WeChat 微信订单号, NOWPayments payment_id, BTCPay invoice id) */
  platform_trade_no: string | null
  /** the store's out-trade-number as the platform echoes it (Alipay/WeChat 商户订单号, NOWPayments order_id, BTCPay orderId) */
  out_trade_no: string | null
  /** refund rows: the platform's refund id (WeChat 微信退款单号) */
  refund_no: string | null
  /** refund rows: the store's refund request number (Alipay 退款批次号/请求号, WeChat 商户退款单号) */
  out_refund_no: string | null
  /** payment rows: the order amount charged; refund rows: the amount refunded (positive), minor units */
  amount_minor: number
  /** what the merchant actually received for a payment row (after platform discounts), minor units; null when the bill has no such column */
  received_minor: number | null
  currency: string
  /** the platform's fee for this row in minor units as an absolute value (a refund row's fee given back is positive too); null when the bill does not say */
  fee_minor: number | null
  /** when the platform completed the row (payment time / refund time), ISO UTC */
  occurred_at: string | null
  /**
   * the platform trade this row hangs off when it is a separate trade for the same order (NOWPayments re-deposit:
   * parent_payment_id); absent / null otherwise
   */
  parent_trade_no?: string | null
  /** the original cells by their header (trimmed of the platform's quirks: backticks, trailing tabs), for display */
  raw: Record<string, string>
}

/** The totals the platform prints at the end of the bill (null when its format has none). Minor units. */
export type BillSummary = {
  /** `payment_total_minor` / `refund_total_minor`: sums of `amount_minor` over payment / refund rows (refunds positive) */
  payment_count: number | null
  refund_count: number | null
  payment_total_minor: number | null
  refund_total_minor: number | null
  /**
   * the platform's net fee for the bill as an absolute value (fees of payment rows minus fees given back on refund
   * rows); WeChat prints it with 5 decimals: rounded once, half-up, so it can differ from the sum of the rows'
   * rounded fees by up to half a minor unit per row
   */
  fee_total_minor: number | null
  /** sum of `received_minor` over payment rows as the platform prints it (Alipay #交易合计 商家实收, WeChat 应结订单总金额) */
  payment_received_total_minor?: number | null
  /** sum of `received_minor` over refund rows, positive (Alipay #退款合计 商家实收退款, WeChat 退款总金额) */
  refund_received_total_minor?: number | null
  /** every business row the platform counts, payments and refunds together (WeChat 总交易单数) */
  row_count?: number | null
}

/** A parsed bill: rows streamed, the summary available after the rows were consumed. */
export type ParsedBill = {
  rows: AsyncIterable<BillRow>
  /** resolves after `rows` has been fully iterated */
  summary: () => BillSummary | null
}

/** One incoming transfer on a bank statement, read with a merchant's saved column mapping. */
export type BankStatementRow = {
  line: number
  /** the booking date, YYYY-MM-DD (the bank's own day) */
  date: string
  /** incoming amount in minor units; outgoing rows (negative) are skipped by the parser */
  amount_minor: number
  currency: string
  /** the remark / purpose text the payer typed (where the BT-… reference should be) */
  reference_text: string
  payer_name: string | null
  /** the bank's own transaction id (unique per statement; the idempotency key for a receipt) */
  bank_transaction_id: string
  raw: Record<string, string>
}

/**
 * A merchant's saved column mapping for one bank's statement export: which header holds each field. `amount` may be
 * one signed column, or `credit` (incoming) with an optional `debit` column.
 */
export type BankProfileMapping = {
  date: string
  amount?: string
  credit?: string
  debit?: string
  currency?: string
  /** used when the file has no currency column */
  default_currency?: string
  reference: string
  payer_name?: string
  bank_transaction_id: string
  /** date pattern of the date column: "YYYY-MM-DD" (default), "YYYY/MM/DD", "DD.MM.YYYY", "MM/DD/YYYY", "YYYYMMDD" */
  date_format?: string
  /** text encoding of a CSV file: "utf-8" (default) or "gbk" */
  encoding?: string
  /** CSV delimiter, default "," */
  delimiter?: string
  /** lines before the header row to skip (banks print the account and period first) */
  skip_lines?: number
  /** decimal separator in amounts: "." (default) or "," */
  decimal?: "." | ","
}

/** The platform says the bill for that day is not published yet (retry later). */
export class BillNotReadyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "BillNotReadyError"
  }
}

/** The platform has no bill for that day because there were no trades (an empty bill, not an error). */
export class NoBillError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "NoBillError"
  }
}
