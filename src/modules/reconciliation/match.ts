import type { BillRow, BillSummary } from "./bills/types"
import type { FoundDifference } from "./service"

/**
 * The store's side of one platform trade, as the reconciliation reads it (src/workflows/reconciliation/store-side.ts):
 * Medusa's payment for the trade (via the plugin's payment_trade map), its captures and refunds, and the order.
 * Amounts in minor units of `currency`.
 */
export type StorePayment = {
  /** Medusa's payment id; null when the trade exists in the store but no payment was ever made for it */
  payment_id: string | null
  provider_id: string
  order_id: string | null
  display_id: number | null
  out_trade_no: string | null
  platform_trade_no: string | null
  currency: string
  /** the amount the store asked for (the trade's / payment's amount) */
  amount_minor: number
  /** the money captured (confirmed) in the store, all days */
  captured_minor: number
  /** the first capture, ISO; null when never captured */
  captured_at: string | null
  /** captured within the run's day (platform time zone) */
  captured_in_day: boolean
  /** refunds recorded in the store within the run's day */
  refunded_in_day_minor: number
  /** refunds recorded in the store, all days */
  refunded_minor: number
  /** the channel's configured fee for the captured amount (option paymentChannels.<channel>.fee); null when the channel has no fee configured */
  expected_fee_minor: number | null
}

export type MatchTotals = {
  currency_code: string | null
  /** paid payment rows minus refunded refund rows, in the bill */
  platform_total_minor: number
  platform_payment_total_minor: number
  platform_refund_total_minor: number
  /** captures minus refunds recorded in the store within the day */
  store_total_minor: number
  store_payment_total_minor: number
  store_refund_total_minor: number
  /** the platform's fees in the bill (payment fees minus fees given back on refunds) */
  fee_total_minor: number
  /** the channel's configured fee over the matched payments */
  expected_fee_total_minor: number
  payment_rows: number
  refund_rows: number
  /** rows in another currency than currency_code (reported apart, not summed) */
  other_currency_rows: number
  /** the bill's own summary when it has one, and whether the rows add up to it */
  bill_summary: BillSummary | null
  bill_summary_agrees: boolean | null
}

export type MatchResult = { rows: number; matched: number; differences: FoundDifference[]; totals: MatchTotals }

/** The bill row as kept on a difference (the platform side), without bulky fields. */
function platformSide(r: BillRow) {
  return { line: r.line, kind: r.kind, status: r.status, platform_trade_no: r.platform_trade_no, out_trade_no: r.out_trade_no, refund_no: r.refund_no, out_refund_no: r.out_refund_no, amount_minor: r.amount_minor, received_minor: r.received_minor, currency: r.currency, fee_minor: r.fee_minor, occurred_at: r.occurred_at, raw: r.raw }
}

function storeSide(s: StorePayment) {
  return {
    payment_id: s.payment_id,
    order_id: s.order_id,
    display_id: s.display_id,
    out_trade_no: s.out_trade_no,
    platform_trade_no: s.platform_trade_no,
    amount_minor: s.amount_minor,
    captured_minor: s.captured_minor,
    captured_at: s.captured_at,
    refunded_minor: s.refunded_minor,
    refunded_in_day_minor: s.refunded_in_day_minor,
    currency: s.currency,
    status: s.captured_minor > 0 ? (s.refunded_minor >= s.captured_minor ? "refunded" : s.refunded_minor > 0 ? "partially_refunded" : "captured") : s.payment_id ? "not_captured" : "no_payment",
    expected_fee_minor: s.expected_fee_minor,
  }
}

/**
 * The trade a row or store payment is about: our out-trade-number, else the platform's trade number, else (a store
 * payment carrying neither) its own payment id, so two such payments never share one key; a bill row with neither
 * falls back to its line.
 */
const tradeKey = (r: { out_trade_no: string | null; platform_trade_no: string | null; payment_id?: string | null; line?: number }) =>
  r.out_trade_no ?? (r.platform_trade_no ? `platform:${r.platform_trade_no}` : r.payment_id ? `payment:${r.payment_id}` : `line:${r.line ?? "?"}`)

/**
 * Reconcile one day of one platform: feed each bill row with the store's record of its trade (null when the store
 * has none), then `finish` with the store's payments captured or refunded that day. Pure and streaming: it keeps
 * one entry per trade, never the rows themselves.
 *
 * Payment rows (status paid): no store record, or one without a capture → missing_in_store; currency or amount
 * different → currency_mismatch / amount_mismatch (delta = platform − store); the platform's fee differing from the
 * channel's configured one by more than `feeToleranceMinor` → fee_mismatch (only for channels with a fee
 * configured). Payment rows closed/failed at the platform for a trade the store captured → status_mismatch.
 * Refund rows (status refunded) are summed per trade and compared with the store's refunds of the day:
 * refunded at the platform only → status_mismatch; amounts differ, or refunded in the store only → refund_mismatch.
 * A store payment captured that day with no paid row → missing_at_platform.
 */
export class DayReconciler {
  private rows = 0
  private matched = 0
  private readonly differences: FoundDifference[] = []
  private readonly paidTrades = new Set<string>()
  /** trade → { refunded at the platform that day, the rows, the store side } */
  private readonly refunds = new Map<string, { minor: number; rows: BillRow[]; store: StorePayment | null }>()
  private readonly totals: MatchTotals
  private readonly currencyCount = new Map<string, number>()
  private summary: BillSummary | null = null
  /** sums over every row of a kind, whatever its status: what a platform's own totals add up */
  private readonly all = { payments: 0, refunds: 0, payment_amount: 0, refund_amount: 0, payment_received: 0, refund_received: 0, fee: 0 }

  constructor(private readonly opts: { feeToleranceMinor: number }) {
    this.totals = {
      currency_code: null,
      platform_total_minor: 0,
      platform_payment_total_minor: 0,
      platform_refund_total_minor: 0,
      store_total_minor: 0,
      store_payment_total_minor: 0,
      store_refund_total_minor: 0,
      fee_total_minor: 0,
      expected_fee_total_minor: 0,
      payment_rows: 0,
      refund_rows: 0,
      other_currency_rows: 0,
      bill_summary: null,
      bill_summary_agrees: null,
    }
  }

  /** per currency: the platform's payments, refunds and fees, and the configured fees (only the run's currency is reported) */
  private readonly perCurrency = new Map<string, { rows: number; payment: number; refund: number; fee: number; expected_fee: number }>()

  private sumsOf(currency: string) {
    let s = this.perCurrency.get(currency)
    if (!s) this.perCurrency.set(currency, (s = { rows: 0, payment: 0, refund: 0, fee: 0, expected_fee: 0 }))
    s.rows++
    return s
  }

  private diff(d: FoundDifference) {
    this.differences.push(d)
  }

  /** One bill row and the store's record of its trade (null: the store has no trade with that number). */
  feed(row: BillRow, store: StorePayment | null) {
    this.rows++
    if (row.kind === "refund") {
      this.all.refunds++
      this.all.refund_amount += row.amount_minor
      this.all.refund_received += row.received_minor ?? row.amount_minor
      this.all.fee -= row.fee_minor ?? 0
    } else {
      this.all.payments++
      this.all.payment_amount += row.amount_minor
      this.all.payment_received += row.received_minor ?? row.amount_minor
      this.all.fee += row.fee_minor ?? 0
    }
    this.currencyCount.set(row.currency, (this.currencyCount.get(row.currency) ?? 0) + 1)
    // the store's trade when it is known (a row may carry only the platform's number), else the row's own numbers
    const key = tradeKey(store ?? row)
    const sums = this.sumsOf(row.currency)
    const base = { out_trade_no: row.out_trade_no, platform_trade_no: row.platform_trade_no ?? store?.platform_trade_no ?? null, order_id: store?.order_id ?? null, currency_code: row.currency }
    if (row.kind === "refund") {
      this.totals.refund_rows++
      if (row.status !== "refunded" && row.status !== "refund_pending") return
      if (row.status === "refunded") {
        sums.refund += row.amount_minor
        if (row.fee_minor) sums.fee -= row.fee_minor
      }
      const r = this.refunds.get(key) ?? { minor: 0, rows: [], store }
      if (row.status === "refunded") r.minor += row.amount_minor
      if (r.rows.length < 20) r.rows.push(row)
      this.refunds.set(key, r)
      return
    }
    this.totals.payment_rows++
    if (row.status === "paid" || row.status === "partially_paid") {
      this.paidTrades.add(key)
      sums.payment += row.amount_minor
      if (row.fee_minor) sums.fee += row.fee_minor
      if (!store || store.captured_minor <= 0) {
        this.diff({
          type: "missing_in_store",
          key: `missing_in_store:${key}`,
          ...base,
          delta_minor: row.amount_minor,
          platform: platformSide(row),
          store: store ? storeSide(store) : null,
          detail: store
            ? `Paid at the platform (${row.amount_minor} ${row.currency}), but the store never recorded the money for order ${store.display_id ?? store.order_id ?? "(none)"}`
            : `Paid at the platform (${row.amount_minor} ${row.currency}) on a trade the store does not know`,
        })
        return
      }
      let ok = true
      if (store.currency.toUpperCase() !== row.currency.toUpperCase()) {
        ok = false
        this.diff({ type: "currency_mismatch", key: `currency_mismatch:${key}`, ...base, delta_minor: null, platform: platformSide(row), store: storeSide(store), detail: `The platform charged ${row.currency}, the store ${store.currency.toUpperCase()}` })
      } else if (store.captured_minor !== row.amount_minor) {
        ok = false
        this.diff({ type: "amount_mismatch", key: `amount_mismatch:${key}`, ...base, delta_minor: row.amount_minor - store.captured_minor, platform: platformSide(row), store: storeSide(store), detail: `The platform charged ${row.amount_minor}, the store captured ${store.captured_minor} (${row.currency})` })
      }
      if (row.status === "partially_paid" && ok) {
        ok = false
        this.diff({ type: "status_mismatch", key: `status_mismatch:${key}`, ...base, delta_minor: null, platform: platformSide(row), store: storeSide(store), detail: "Partly paid at the platform, captured in full in the store" })
      }
      if (store.expected_fee_minor !== null && row.fee_minor !== null) {
        sums.expected_fee += store.expected_fee_minor
        const delta = row.fee_minor - store.expected_fee_minor
        if (Math.abs(delta) > this.opts.feeToleranceMinor) {
          ok = false
          this.diff({ type: "fee_mismatch", key: `fee_mismatch:${key}`, ...base, delta_minor: delta, platform: platformSide(row), store: storeSide(store), detail: `The platform's fee is ${row.fee_minor}, the channel's configured fee ${store.expected_fee_minor} (${row.currency})` })
        }
      }
      if (ok) this.matched++
      return
    }
    // a trade closed, failed, pending at the platform: a difference only when the store took the money
    if (store && store.captured_minor > 0 && (row.status === "closed" || row.status === "failed")) {
      this.paidTrades.add(key)
      this.diff({ type: "status_mismatch", key: `status_mismatch:${key}`, ...base, delta_minor: -store.captured_minor, platform: platformSide(row), store: storeSide(store), detail: `Confirmed in the store, but ${row.status} at the platform` })
      return
    }
    if (store && store.captured_minor > 0) this.paidTrades.add(key)
    this.matched++
  }

  /** The bill's own totals, to check the rows add up (set once the parser finished). */
  setSummary(summary: BillSummary | null) {
    this.summary = summary
  }

  /**
   * Close the day: `dayPayments` are the store's payments of this provider captured or refunded within the day.
   * Returns every difference, the count of rows that matched and the totals.
   */
  finish(dayPayments: StorePayment[]): MatchResult {
    const currency = [...this.currencyCount.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? dayPayments[0]?.currency?.toUpperCase() ?? null
    this.totals.currency_code = currency
    // bill rows in another currency are reported apart, never summed with the run's currency
    for (const [cur, sums] of this.perCurrency) {
      if (cur === currency) {
        this.totals.platform_payment_total_minor = sums.payment
        this.totals.platform_refund_total_minor = sums.refund
        this.totals.fee_total_minor = sums.fee
        this.totals.expected_fee_total_minor = sums.expected_fee
      } else {
        this.totals.other_currency_rows += sums.rows
      }
    }
    const byKey = new Map<string, StorePayment>()
    for (const p of dayPayments) {
      if (currency && p.currency.toUpperCase() !== currency) {
        this.totals.other_currency_rows++
        continue
      }
      const key = tradeKey(p)
      byKey.set(key, p)
      if (p.captured_in_day) this.totals.store_payment_total_minor += p.captured_minor
      this.totals.store_refund_total_minor += p.refunded_in_day_minor
      if (p.captured_in_day && p.captured_minor > 0 && !this.paidTrades.has(key)) {
        this.diff({
          type: "missing_at_platform",
          key: `missing_at_platform:${key}`,
          out_trade_no: p.out_trade_no,
          platform_trade_no: p.platform_trade_no,
          order_id: p.order_id,
          currency_code: p.currency.toUpperCase(),
          delta_minor: -p.captured_minor,
          platform: null,
          store: storeSide(p),
          detail: `Captured in the store (${p.captured_minor} ${p.currency.toUpperCase()}), not in the platform's bill of the day`,
        })
      }
    }
    // refunds: the platform's of the day per trade against the store's of the day
    for (const [key, r] of this.refunds) {
      const store = byKey.get(key) ?? r.store
      const storeMinor = store?.refunded_in_day_minor ?? 0
      const first = r.rows[0]
      const base = { out_trade_no: first.out_trade_no, platform_trade_no: first.platform_trade_no, order_id: store?.order_id ?? null, currency_code: first.currency }
      if (r.minor === storeMinor) continue
      if (storeMinor === 0 && r.minor > 0) {
        this.diff({ type: "status_mismatch", key: `refunded_at_platform_only:${key}`, ...base, delta_minor: r.minor, platform: platformSide(first), store: store ? storeSide(store) : null, detail: `Refunded ${r.minor} at the platform; the store recorded no refund that day` })
      } else {
        this.diff({ type: "refund_mismatch", key: `refund_mismatch:${key}`, ...base, delta_minor: r.minor - storeMinor, platform: platformSide(first), store: store ? storeSide(store) : null, detail: `Refunded ${r.minor} at the platform, ${storeMinor} in the store that day` })
      }
    }
    for (const [key, p] of byKey) {
      if (p.refunded_in_day_minor > 0 && !this.refunds.has(key)) {
        this.diff({
          type: "refund_mismatch",
          key: `refund_mismatch:${key}`,
          out_trade_no: p.out_trade_no,
          platform_trade_no: p.platform_trade_no,
          order_id: p.order_id,
          currency_code: p.currency.toUpperCase(),
          delta_minor: -p.refunded_in_day_minor,
          platform: null,
          store: storeSide(p),
          detail: `Refunded ${p.refunded_in_day_minor} in the store, no refund in the platform's bill of the day`,
        })
      }
    }
    const t = this.totals
    t.platform_total_minor = t.platform_payment_total_minor - t.platform_refund_total_minor
    t.store_total_minor = t.store_payment_total_minor - t.store_refund_total_minor
    t.bill_summary = this.summary
    if (this.summary) {
      // each total the platform printed against the same sum over the rows (every row of the kind, as platforms count)
      const s = this.summary
      const checks: boolean[] = []
      const check = (printed: number | null | undefined, rows: number) => {
        if (printed !== null && printed !== undefined) checks.push(printed === rows)
      }
      check(s.payment_count, this.all.payments)
      check(s.refund_count, this.all.refunds)
      check(s.row_count, this.all.payments + this.all.refunds)
      check(s.payment_total_minor, this.all.payment_amount)
      check(s.refund_total_minor, this.all.refund_amount)
      check(s.payment_received_total_minor, this.all.payment_received)
      check(s.refund_received_total_minor, this.all.refund_received)
      // a fee printed with more decimals than the rows' rounded fees: within half a minor unit per row
      if (s.fee_total_minor !== null && s.fee_total_minor !== undefined) checks.push(Math.abs(Math.abs(this.all.fee) - s.fee_total_minor) <= Math.ceil((this.all.payments + this.all.refunds) / 2))
      t.bill_summary_agrees = checks.length ? checks.every(Boolean) : null
    }
    return { rows: this.rows, matched: this.matched, differences: this.differences, totals: t }
  }
}
