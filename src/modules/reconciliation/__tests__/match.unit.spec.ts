/**
 * DayReconciler (match.ts), pure: bill rows fed with the store's record of their trade, then the day closed with the
 * store's payments of the day; every rule of its docstring, the totals and the check against the bill's summary.
 */
import { DayReconciler, type StorePayment } from "../match"
import type { BillRow, BillSummary } from "../bills/types"

let lines = 0

function row(over: Partial<BillRow> = {}): BillRow {
  return {
    line: ++lines,
    kind: "payment",
    status: "paid",
    platform_trade_no: "2024051022001400001",
    out_trade_no: "OM1",
    refund_no: null,
    out_refund_no: null,
    amount_minor: 1000,
    received_minor: null,
    currency: "CNY",
    fee_minor: null,
    occurred_at: "2024-05-10T02:00:00.000Z",
    raw: { note: "crafted" },
    ...over,
  }
}

function refundRow(over: Partial<BillRow> = {}): BillRow {
  return row({ kind: "refund", status: "refunded", refund_no: "R1", out_refund_no: "OR1", amount_minor: 300, occurred_at: "2024-05-10T06:00:00.000Z", ...over })
}

function store(over: Partial<StorePayment> = {}): StorePayment {
  return {
    payment_id: "pay_1",
    provider_id: "pp_alipay_alipay",
    order_id: "order_1",
    display_id: 101,
    out_trade_no: "OM1",
    platform_trade_no: "2024051022001400001",
    currency: "CNY",
    amount_minor: 1000,
    captured_minor: 1000,
    captured_at: "2024-05-10T02:00:05.000Z",
    captured_in_day: true,
    refunded_in_day_minor: 0,
    refunded_minor: 0,
    expected_fee_minor: null,
    ...over,
  }
}

/** feed each [row, store] pair, then finish with the day's store payments */
function run(pairs: Array<[BillRow, StorePayment | null]>, dayPayments: StorePayment[] = [], opts: { feeToleranceMinor?: number; summary?: BillSummary | null } = {}) {
  const r = new DayReconciler({ feeToleranceMinor: opts.feeToleranceMinor ?? 0 })
  for (const [b, s] of pairs) r.feed(b, s)
  if (opts.summary !== undefined) r.setSummary(opts.summary)
  return r.finish(dayPayments)
}

const types = (res: ReturnType<typeof run>) => res.differences.map((d) => d.type)

describe("DayReconciler: payment rows", () => {
  it("a paid row the store captured in full, same currency: matched, no difference", () => {
    const s = store()
    const res = run([[row(), s]], [s])
    expect(res.rows).toBe(1)
    expect(res.matched).toBe(1)
    expect(res.differences).toEqual([])
  })

  it("currencies compare case-insensitively (the store's lower case)", () => {
    const s = store({ currency: "cny" })
    const res = run([[row(), s]], [s])
    expect(res.matched).toBe(1)
    expect(res.differences).toEqual([])
  })

  it("a paid row the store has no record of → missing_in_store with the amount, no store side", () => {
    const b = row({ out_trade_no: "OMX1", amount_minor: 500 })
    const res = run([[b, null]])
    expect(res.matched).toBe(0)
    expect(res.differences).toHaveLength(1)
    expect(res.differences[0]).toMatchObject({
      type: "missing_in_store",
      key: "missing_in_store:OMX1",
      out_trade_no: "OMX1",
      platform_trade_no: b.platform_trade_no,
      order_id: null,
      currency_code: "CNY",
      delta_minor: 500,
      store: null,
      platform: { line: b.line, kind: "payment", status: "paid", out_trade_no: "OMX1", amount_minor: 500, currency: "CNY", raw: { note: "crafted" } },
    })
    expect(res.differences[0].detail).toContain("does not know")
  })

  it("a row without our out-trade-number is keyed by the platform's trade number", () => {
    const res = run([[row({ out_trade_no: null, platform_trade_no: "NP5000000009" }), null]])
    expect(res.differences.map((d) => d.key)).toEqual(["missing_in_store:platform:NP5000000009"])
  })

  it("a paid row whose store record has no capture → missing_in_store with the store side (not captured / no payment)", () => {
    const notCaptured = store({ captured_minor: 0, captured_at: null, captured_in_day: false })
    const res = run([[row(), notCaptured]], [])
    expect(types(res)).toEqual(["missing_in_store"])
    expect(res.differences[0]).toMatchObject({ key: "missing_in_store:OM1", order_id: "order_1", delta_minor: 1000, store: { payment_id: "pay_1", captured_minor: 0, status: "not_captured" } })
    expect(res.differences[0].detail).toContain("101")
    // only the trade, never a payment (the session the store created, never paid)
    const tradeOnly = store({ payment_id: null, captured_minor: 0, captured_at: null, captured_in_day: false })
    const res2 = run([[row(), tradeOnly]])
    expect(res2.differences[0]).toMatchObject({ type: "missing_in_store", store: { payment_id: null, status: "no_payment" } })
    expect(res2.matched).toBe(0)
  })

  it("another currency → currency_mismatch (no delta), not an amount mismatch as well", () => {
    const s = store({ currency: "USD", captured_minor: 140 })
    const res = run([[row({ amount_minor: 1000 }), s]], [])
    expect(types(res)).toEqual(["currency_mismatch"])
    expect(res.differences[0]).toMatchObject({ key: "currency_mismatch:OM1", delta_minor: null, currency_code: "CNY", store: { currency: "USD", captured_minor: 140 } })
    expect(res.matched).toBe(0)
  })

  it("a different amount than the store captured → amount_mismatch with delta = platform − store", () => {
    const less = store({ captured_minor: 900 })
    const res = run([[row({ amount_minor: 1000 }), less]], [less])
    expect(types(res)).toEqual(["amount_mismatch"])
    expect(res.differences[0]).toMatchObject({ key: "amount_mismatch:OM1", delta_minor: 100, order_id: "order_1", store: { captured_minor: 900, status: "captured" } })
    expect(res.matched).toBe(0)
    const more = store({ captured_minor: 1250 })
    expect(run([[row({ amount_minor: 1000 }), more]], [more]).differences[0]).toMatchObject({ type: "amount_mismatch", delta_minor: -250 })
  })

  it("the amount compared is the captured one, not the amount asked", () => {
    const s = store({ amount_minor: 1200, captured_minor: 1000 })
    expect(run([[row({ amount_minor: 1000 }), s]], [s]).differences).toEqual([])
  })

  it("a difference takes the store's platform trade number when the row has none", () => {
    const s = store({ captured_minor: 900, platform_trade_no: "STORE-PT" })
    const res = run([[row({ platform_trade_no: null }), s]], [s])
    expect(res.differences[0]).toMatchObject({ type: "amount_mismatch", platform_trade_no: "STORE-PT" })
  })
})

describe("DayReconciler: fees", () => {
  it("no fee configured for the channel (expected_fee_minor null): whatever the platform charged, no fee_mismatch", () => {
    const s = store({ expected_fee_minor: null })
    const res = run([[row({ fee_minor: 999 }), s]], [s])
    expect(res.differences).toEqual([])
    expect(res.matched).toBe(1)
    expect(res.totals.fee_total_minor).toBe(999)
    expect(res.totals.expected_fee_total_minor).toBe(0)
  })

  it("the same fee as configured: matched, both fee totals", () => {
    const s = store({ expected_fee_minor: 6 })
    const res = run([[row({ fee_minor: 6 }), s]], [s])
    expect(res.differences).toEqual([])
    expect(res.totals).toMatchObject({ fee_total_minor: 6, expected_fee_total_minor: 6 })
  })

  it("within feeToleranceMinor: matched; beyond it either way: fee_mismatch with delta = platform − configured", () => {
    const s = store({ expected_fee_minor: 6 })
    for (const fee of [5, 7]) expect(run([[row({ fee_minor: fee }), s]], [s], { feeToleranceMinor: 1 }).differences).toEqual([])
    const high = run([[row({ fee_minor: 8 }), s]], [s], { feeToleranceMinor: 1 })
    expect(types(high)).toEqual(["fee_mismatch"])
    expect(high.differences[0]).toMatchObject({ key: "fee_mismatch:OM1", delta_minor: 2, store: { expected_fee_minor: 6 } })
    expect(high.matched).toBe(0)
    const low = run([[row({ fee_minor: 4 }), s]], [s], { feeToleranceMinor: 1 })
    expect(low.differences[0]).toMatchObject({ type: "fee_mismatch", delta_minor: -2 })
    // tolerance 0: a minor unit off is a difference
    expect(types(run([[row({ fee_minor: 7 }), s]], [s]))).toEqual(["fee_mismatch"])
  })

  it("a bill without the fee (fee_minor null) is not compared with the configured one", () => {
    const s = store({ expected_fee_minor: 6 })
    const res = run([[row({ fee_minor: null }), s]], [s])
    expect(res.differences).toEqual([])
    expect(res.matched).toBe(1)
    expect(res.totals.expected_fee_total_minor).toBe(0)
  })

  it("an amount and a fee both off: both differences", () => {
    const s = store({ captured_minor: 900, expected_fee_minor: 5 })
    expect(types(run([[row({ fee_minor: 6 }), s]], [s]))).toEqual(["amount_mismatch", "fee_mismatch"])
  })
})

describe("DayReconciler: statuses", () => {
  it("partially paid at the platform, captured in full in the store → status_mismatch", () => {
    const s = store()
    const res = run([[row({ status: "partially_paid" }), s]], [s])
    expect(types(res)).toEqual(["status_mismatch"])
    expect(res.differences[0]).toMatchObject({ key: "status_mismatch:OM1", delta_minor: null, platform: { status: "partially_paid" }, store: { status: "captured" } })
    expect(res.matched).toBe(0)
    // it still counts as the platform's money of the day: no missing_at_platform for the trade
    expect(res.totals.platform_payment_total_minor).toBe(1000)
  })

  it("partially paid with no capture in the store → missing_in_store", () => {
    expect(types(run([[row({ status: "partially_paid" }), null]]))).toEqual(["missing_in_store"])
  })

  it.each(["closed", "failed"] as const)("a %s row for a trade the store captured → status_mismatch (delta −captured), no missing_at_platform", (status) => {
    const s = store({ captured_minor: 1000 })
    const res = run([[row({ status }), s]], [s])
    expect(types(res)).toEqual(["status_mismatch"])
    expect(res.differences[0]).toMatchObject({ key: "status_mismatch:OM1", delta_minor: -1000, platform: { status }, store: { captured_minor: 1000 } })
    expect(res.differences[0].detail).toContain(status)
    expect(res.matched).toBe(0)
    expect(res.totals.platform_payment_total_minor).toBe(0)
  })

  it.each(["closed", "failed"] as const)("a %s row for a trade the store did not capture (or does not know) → matched", (status) => {
    const s = store({ captured_minor: 0, captured_at: null, captured_in_day: false })
    const res = run([[row({ status }), s], [row({ status, out_trade_no: "OM2" }), null]], [])
    expect(res.differences).toEqual([])
    expect(res.matched).toBe(2)
  })

  it("a pending row → no difference, also when the store captured it (and no missing_at_platform)", () => {
    const s = store()
    const res = run([[row({ status: "pending" }), s], [row({ status: "pending", out_trade_no: "OM2" }), null]], [s])
    expect(res.differences).toEqual([])
    expect(res.matched).toBe(2)
    expect(res.totals.platform_payment_total_minor).toBe(0)
  })
})

describe("DayReconciler: refunds", () => {
  it("the platform's refunds of a trade summed and equal to the store's of the day → no difference", () => {
    const s = store({ refunded_in_day_minor: 300, refunded_minor: 300 })
    const res = run([[row(), s], [refundRow({ amount_minor: 100, out_refund_no: "OR1" }), s], [refundRow({ amount_minor: 200, out_refund_no: "OR2" }), s]], [s])
    expect(res.differences).toEqual([])
    expect(res.rows).toBe(3)
    expect(res.matched).toBe(1)
    expect(res.totals).toMatchObject({ platform_refund_total_minor: 300, store_refund_total_minor: 300, refund_rows: 2, payment_rows: 1 })
  })

  it("refunded at the platform only → status_mismatch keyed refunded_at_platform_only:", () => {
    const s = store({ refunded_in_day_minor: 0 })
    const res = run([[row(), s], [refundRow({ amount_minor: 300 }), s]], [s])
    expect(types(res)).toEqual(["status_mismatch"])
    expect(res.differences[0]).toMatchObject({ key: "refunded_at_platform_only:OM1", delta_minor: 300, out_trade_no: "OM1", order_id: "order_1", platform: { kind: "refund", amount_minor: 300 }, store: { refunded_in_day_minor: 0 } })
  })

  it("refunded at the platform for a trade the store does not know → refunded_at_platform_only with no store side", () => {
    const res = run([[refundRow({ out_trade_no: "OMX9", amount_minor: 50 }), null]])
    expect(res.differences).toHaveLength(1)
    expect(res.differences[0]).toMatchObject({ type: "status_mismatch", key: "refunded_at_platform_only:OMX9", store: null, delta_minor: 50 })
  })

  it("refund amounts differ → refund_mismatch with delta = platform − store", () => {
    const s = store({ refunded_in_day_minor: 200, refunded_minor: 200 })
    const res = run([[row(), s], [refundRow({ amount_minor: 300 }), s]], [s])
    expect(types(res)).toEqual(["refund_mismatch"])
    expect(res.differences[0]).toMatchObject({ key: "refund_mismatch:OM1", delta_minor: 100, store: { refunded_in_day_minor: 200, status: "partially_refunded" } })
  })

  it("refunded in the store only → refund_mismatch with delta −refunded and no platform side", () => {
    const s = store({ refunded_in_day_minor: 1000, refunded_minor: 1000 })
    const res = run([[row(), s]], [s])
    expect(types(res)).toEqual(["refund_mismatch"])
    expect(res.differences[0]).toMatchObject({ key: "refund_mismatch:OM1", delta_minor: -1000, platform: null, currency_code: "CNY", store: { status: "refunded" } })
  })

  it("a refund of a trade captured another day: compared with the store's refunds of the day, no missing_at_platform", () => {
    const s = store({ captured_in_day: false, captured_at: "2024-05-01T02:00:00.000Z", refunded_in_day_minor: 300, refunded_minor: 300 })
    expect(run([[refundRow({ amount_minor: 300 }), s]], [s]).differences).toEqual([])
    // the store side fed with the row serves when the day's payments do not hold the trade
    expect(run([[refundRow({ amount_minor: 300 }), s]], []).differences).toEqual([])
  })

  it("refund rows not (yet) refunded are not summed; refund_pending rows alone agree with no refund in the store", () => {
    const s = store()
    const res = run([[row(), s], [refundRow({ status: "refund_pending", amount_minor: 300 }), s], [refundRow({ status: "closed", amount_minor: 400 }), s]], [s])
    expect(res.differences).toEqual([])
    expect(res.totals).toMatchObject({ platform_refund_total_minor: 0, refund_rows: 2 })
  })
})

describe("DayReconciler: missing_at_platform", () => {
  it("a store payment captured that day with no paid row → missing_at_platform (delta −captured, no platform side)", () => {
    const s = store({ out_trade_no: "OM7", currency: "cny", captured_minor: 700 })
    const res = run([[row(), store()]], [store(), s])
    expect(types(res)).toEqual(["missing_at_platform"])
    expect(res.differences[0]).toMatchObject({ key: "missing_at_platform:OM7", out_trade_no: "OM7", order_id: "order_1", currency_code: "CNY", delta_minor: -700, platform: null, store: { captured_minor: 700 } })
  })

  it("with an empty bill every capture of the day is missing at the platform", () => {
    const res = run([], [store({ out_trade_no: "OMA" }), store({ out_trade_no: "OMB", captured_minor: 50 })])
    expect(res.differences.map((d) => [d.type, d.key, d.delta_minor])).toEqual([
      ["missing_at_platform", "missing_at_platform:OMA", -1000],
      ["missing_at_platform", "missing_at_platform:OMB", -50],
    ])
    expect(res.totals.currency_code).toBe("CNY")
  })

  it("not for a payment captured another day, nor for one without a capture", () => {
    const otherDay = store({ out_trade_no: "OM8", captured_in_day: false, captured_at: "2024-05-01T00:00:00.000Z" })
    const none = store({ out_trade_no: "OM9", captured_minor: 0, captured_at: null, captured_in_day: true })
    expect(run([[row(), store()]], [store(), otherDay, none]).differences).toEqual([])
  })
})

describe("DayReconciler: totals", () => {
  it("platform and store totals, fee totals, row counts, the currency of the day and store payments in another currency apart", () => {
    const a = store({ out_trade_no: "OM1", captured_minor: 1000, expected_fee_minor: 6, refunded_in_day_minor: 200, refunded_minor: 200 })
    const b = store({ out_trade_no: "OM2", captured_minor: 2000, expected_fee_minor: 12 })
    const older = store({ out_trade_no: "OM3", captured_in_day: false, captured_minor: 5000, refunded_in_day_minor: 500, refunded_minor: 500 })
    const usd = store({ out_trade_no: "OMUSD", currency: "usd", captured_minor: 4000 })
    const res = run(
      [
        [row({ out_trade_no: "OM1", amount_minor: 1000, fee_minor: 6 }), a],
        [row({ out_trade_no: "OM2", amount_minor: 2000, fee_minor: 12 }), b],
        [row({ out_trade_no: "OM4", amount_minor: 300, status: "closed", fee_minor: 2 }), null],
        [refundRow({ out_trade_no: "OM1", amount_minor: 200, fee_minor: 1 }), a],
        [refundRow({ out_trade_no: "OM3", amount_minor: 500, fee_minor: 3 }), older],
      ],
      [a, b, older, usd]
    )
    expect(res.differences).toEqual([])
    expect(res.rows).toBe(5)
    expect(res.matched).toBe(3)
    expect(res.totals).toEqual({
      currency_code: "CNY",
      platform_payment_total_minor: 3000,
      platform_refund_total_minor: 700,
      platform_total_minor: 2300,
      store_payment_total_minor: 3000,
      store_refund_total_minor: 700,
      store_total_minor: 2300,
      fee_total_minor: 6 + 12 - 1 - 3,
      expected_fee_total_minor: 18,
      payment_rows: 3,
      refund_rows: 2,
      other_currency_rows: 1,
      bill_summary: null,
      bill_summary_agrees: null,
    })
  })

  it("the currency of the day is the bill's most frequent one", () => {
    const res = run([[row({ currency: "USD", out_trade_no: "U1" }), null], [row({ currency: "USD", out_trade_no: "U2" }), null], [row({ currency: "CNY", out_trade_no: "C1" }), null]], [])
    expect(res.totals.currency_code).toBe("USD")
  })

  it("with an empty bill the store's currency is the day's (upper case), and the totals are the store's only", () => {
    const res = run([], [store({ currency: "cny", captured_minor: 800 })])
    expect(res.totals).toMatchObject({ currency_code: "CNY", platform_total_minor: 0, store_payment_total_minor: 800, store_total_minor: 800, other_currency_rows: 0 })
    const none = run([], [])
    expect(none.totals.currency_code).toBeNull()
    expect(none).toMatchObject({ rows: 0, matched: 0, differences: [] })
  })
})

describe("DayReconciler: the bill's own summary", () => {
  // 3 payment rows (paid, paid, closed) and 1 refund row; the platform counts every row of a kind
  const rows = (): Array<[BillRow, StorePayment | null]> => {
    const a = store({ out_trade_no: "OM1", refunded_in_day_minor: 500, refunded_minor: 500 })
    const b = store({ out_trade_no: "OM2", captured_minor: 2000 })
    return [
      [row({ out_trade_no: "OM1", amount_minor: 1000, received_minor: 990, fee_minor: 6 }), a],
      [row({ out_trade_no: "OM2", amount_minor: 2000, received_minor: null, fee_minor: 12 }), b],
      [row({ out_trade_no: "OM4", amount_minor: 300, status: "closed", received_minor: null, fee_minor: null }), null],
      [refundRow({ out_trade_no: "OM1", amount_minor: 500, received_minor: 500, fee_minor: 3 }), a],
    ]
  }
  const good: BillSummary = {
    payment_count: 3,
    refund_count: 1,
    row_count: 4,
    payment_total_minor: 3300,
    refund_total_minor: 500,
    payment_received_total_minor: 990 + 2000 + 300,
    refund_received_total_minor: 500,
    fee_total_minor: 15,
  }

  it("no summary: bill_summary and bill_summary_agrees null", () => {
    expect(run(rows(), []).totals).toMatchObject({ bill_summary: null, bill_summary_agrees: null })
    expect(run(rows(), [], { summary: null }).totals).toMatchObject({ bill_summary: null, bill_summary_agrees: null })
  })

  it("a summary that prints nothing comparable: agrees null, kept as bill_summary", () => {
    const empty: BillSummary = { payment_count: null, refund_count: null, payment_total_minor: null, refund_total_minor: null, fee_total_minor: null }
    expect(run(rows(), [], { summary: empty }).totals).toMatchObject({ bill_summary: empty, bill_summary_agrees: null })
  })

  it("counts, totals, received totals and the net fee adding up: agrees", () => {
    const res = run(rows(), [], { summary: good })
    expect(res.totals.bill_summary).toEqual(good)
    expect(res.totals.bill_summary_agrees).toBe(true)
  })

  it.each([
    ["payment_count", 2],
    ["refund_count", 0],
    ["row_count", 3],
    ["payment_total_minor", 3000],
    ["refund_total_minor", 499],
    ["payment_received_total_minor", 3300],
    ["refund_received_total_minor", 501],
  ] as const)("%s off → does not agree", (field, value) => {
    expect(run(rows(), [], { summary: { ...good, [field]: value } }).totals.bill_summary_agrees).toBe(false)
  })

  it("only the totals printed are checked", () => {
    const partial: BillSummary = { payment_count: null, refund_count: null, row_count: 4, payment_total_minor: 3300, refund_total_minor: null, fee_total_minor: null }
    expect(run(rows(), [], { summary: partial }).totals.bill_summary_agrees).toBe(true)
    expect(run(rows(), [], { summary: { ...partial, row_count: 5 } }).totals.bill_summary_agrees).toBe(false)
  })

  it("the fee within half a minor unit per row (rounded up) agrees, beyond does not", () => {
    // 4 rows: up to 2 minor units apart
    for (const fee of [13, 14, 15, 16, 17]) expect(run(rows(), [], { summary: { ...good, fee_total_minor: fee } }).totals.bill_summary_agrees).toBe(true)
    for (const fee of [12, 18, 0]) expect(run(rows(), [], { summary: { ...good, fee_total_minor: fee } }).totals.bill_summary_agrees).toBe(false)
  })

  it("the summary does not change the differences", () => {
    const a = run(rows(), [], { summary: good })
    const b = run(rows(), [], { summary: { ...good, payment_count: 99 } })
    expect(b.differences).toEqual(a.differences)
    expect(b.matched).toBe(a.matched)
  })
})

describe("rows that carry only the platform's trade number, and rows in another currency", () => {
  it("a payment row without our out-trade-number, found by the platform's number, matches its store payment (no missing_at_platform)", () => {
    const s = store()
    const r = run([[row({ out_trade_no: null }), s]], [s])
    expect(r.matched).toBe(1)
    expect(r.differences).toEqual([])
  })

  it("a refund row without our out-trade-number is compared with the same trade's store refunds", () => {
    const s = store({ refunded_in_day_minor: 300, refunded_minor: 300 })
    const r = run([[row({ out_trade_no: null }), s], [refundRow({ out_trade_no: null }), s]], [s])
    expect(r.differences).toEqual([])
  })

  it("bill rows in another currency are counted apart, never added to the run's totals", () => {
    const r = run(
      [
        [row({ out_trade_no: "OM1" }), store({ out_trade_no: "OM1" })],
        [row({ out_trade_no: "OM2", platform_trade_no: "P2" }), store({ out_trade_no: "OM2", platform_trade_no: "P2", payment_id: "pay_2" })],
        [row({ out_trade_no: "OM3", platform_trade_no: "P3", currency: "USD", amount_minor: 700, fee_minor: 5 }), store({ out_trade_no: "OM3", platform_trade_no: "P3", payment_id: "pay_3", currency: "USD", amount_minor: 700, captured_minor: 700, captured_in_day: false })],
      ],
      []
    )
    expect(r.totals).toMatchObject({ currency_code: "CNY", platform_payment_total_minor: 2000, fee_total_minor: 0, other_currency_rows: 1 })
  })
})

describe("store payments that carry no trade number at all", () => {
  it("each is its own missing_at_platform difference (keyed by the payment id), none lost", () => {
    const a = store({ payment_id: "pay_a", out_trade_no: null, platform_trade_no: null })
    const b = store({ payment_id: "pay_b", out_trade_no: null, platform_trade_no: null })
    const r = run([], [a, b])
    expect(r.differences.map((d) => [d.type, d.key]).sort()).toEqual([
      ["missing_at_platform", "missing_at_platform:payment:pay_a"],
      ["missing_at_platform", "missing_at_platform:payment:pay_b"],
    ])
  })
})
