/**
 * NOWPayments "bill": the payments list for the period (`GET /v1/payment/?dateFrom&dateTo&limit&page&sortBy=created_at`,
 * x-api-key + Bearer JWT), or a CSV of the same fields a merchant uploads. Sources
 * (../shared/reference/settlement-statistics-export.md §3): the NOWPayments API Postman documentation ("Get list of
 * payments", re-deposits linked by parent_payment_id, the IPN `fee` object, payment statuses);
 * NowPaymentsIO/nowpayments-api-js `src/actions/get-list-payments/index.ts`.
 */
import type { NowPayment } from "../../../gateways/nowpayments/client"
import {
  type ByteSource,
  anyTimeToIso,
  decimalTextToMinor,
  decodeText,
  parsedBill,
  sumDecimalTextsToMinor,
} from "./common"
import { csvRecords } from "./csv-records"
import type { BillRow, BillRowStatus, ParsedBill } from "./types"

const STATUS: Record<string, BillRowStatus> = {
  finished: "paid",
  partially_paid: "partially_paid",
  waiting: "pending",
  confirming: "pending",
  confirmed: "pending",
  sending: "pending",
  failed: "failed",
  expired: "closed",
  refunded: "paid",
}

const str = (v: unknown): string | null => (v === null || v === undefined || String(v).trim() === "" ? null : String(v).trim())

function rawOfPayment(p: NowPayment): Record<string, string> {
  const raw: Record<string, string> = {}
  for (const [k, v] of Object.entries(p)) {
    if (v === null || v === undefined) continue
    if (typeof v === "object") {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) if (v2 !== null && v2 !== undefined) raw[`${k}.${k2}`] = String(v2)
    } else raw[k] = String(v)
  }
  return raw
}

/** A NOWPayments payment → its BillRow(s): one, or two for a refunded payment (the payment, then its refund). */
export function nowpaymentRows(p: NowPayment, line: number): BillRow[] {
  const where = `NOWPayments payment ${p.payment_id ?? "?"} (row ${line})`
  const currency = String(p.price_currency ?? "").trim().toUpperCase()
  if (!currency) throw new Error(`${where}: price_currency is empty`)
  const amount = decimalTextToMinor(p.price_amount as string | number, currency, `${where}: price_amount`)
  if (amount === null) throw new Error(`${where}: price_amount is empty`)
  const status = String(p.payment_status ?? "").trim().toLowerCase()
  const feeCurrency = p.fee?.currency ? String(p.fee.currency).trim().toUpperCase() : null
  const fee =
    p.fee && feeCurrency === currency
      ? sumDecimalTextsToMinor([p.fee.depositFee, p.fee.serviceFee] as Array<string | number | undefined>, currency, `${where}: fee`)
      : null
  const received = decimalTextToMinor((p.actually_paid_at_fiat ?? null) as string | number | null, currency, `${where}: actually_paid_at_fiat`)
  const base: BillRow = {
    line,
    kind: "payment",
    status: STATUS[status] ?? "pending",
    platform_trade_no: str(p.payment_id),
    out_trade_no: str(p.order_id),
    refund_no: null,
    out_refund_no: null,
    amount_minor: Math.abs(amount),
    received_minor: received === null ? null : Math.abs(received),
    currency,
    fee_minor: fee === null ? null : Math.abs(fee),
    occurred_at: anyTimeToIso(p.updated_at ?? p.created_at ?? null),
    parent_trade_no: str(p.parent_payment_id),
    raw: rawOfPayment(p),
  }
  if (status !== "refunded") return [base]
  return [
    base,
    { ...base, kind: "refund", status: "refunded", received_minor: null, fee_minor: null, raw: { ...base.raw } },
  ]
}

/**
 * NOWPayments list items (`GET /v1/payment/` pages, in order; or any array) → BillRows, streaming.
 * - `platform_trade_no` payment_id, `out_trade_no` order_id, `parent_trade_no` parent_payment_id: a re-deposit
 *   (another payment to the same address, linked by parent_payment_id) is its own row carrying the order's order_id;
 * - `amount_minor` price_amount in minor units of `currency` = price_currency upper-cased (the fiat price the store
 *   charged; exact, rounded once half-up beyond the currency's digits); `received_minor` actually_paid_at_fiat when the
 *   item has it (else null: actually_paid is in the pay currency); `fee_minor` depositFee + serviceFee of `fee` only
 *   when fee.currency is the price currency (NOWPayments itemises fees in the pay/outcome coin: otherwise null);
 * - status: finished → "paid"; partially_paid → "partially_paid"; waiting/confirming/confirmed/sending → "pending";
 *   failed → "failed"; expired → "closed"; refunded → a "paid" payment row followed by a refund row (status
 *   "refunded", amount price_amount, same ids, no fee); anything else → "pending";
 * - `occurred_at` updated_at (else created_at) as ISO UTC when the item has it; `line` the 1-based position in the
 *   listing (both rows of a refunded payment share it).
 * @throws Error naming the payment when price_amount / price_currency is missing or not a number
 */
export async function* nowpaymentsBillRows(payments: AsyncIterable<NowPayment> | NowPayment[]): AsyncGenerator<BillRow> {
  let line = 0
  for await (const p of payments as AsyncIterable<NowPayment>) {
    line++
    yield* nowpaymentRows(p, line)
  }
}

/** A CSV header → the API field name: case, spaces, dashes and camelCase folded to snake_case, common labels aliased. */
export function nowpaymentsField(label: string): string {
  const k = label
    .replace(/^\ufeff/, "")
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[\s\-.]+/g, "_")
    .replace(/[^a-z0-9_]/g, "")
  const alias: Record<string, string> = {
    id: "payment_id",
    payment: "payment_id",
    status: "payment_status",
    order: "order_id",
    order_description: "order_description",
    created: "created_at",
    created_date: "created_at",
    date: "created_at",
    updated: "updated_at",
    updated_date: "updated_at",
    parent_id: "parent_payment_id",
    parent_payment: "parent_payment_id",
    deposit_fee: "fee_deposit_fee",
    service_fee: "fee_service_fee",
    withdrawal_fee: "fee_withdrawal_fee",
    fee_currency: "fee_currency",
  }
  return alias[k] ?? k
}

/**
 * Reads a CSV of NOWPayments payments a merchant uploads (columns named like the API fields: payment_id,
 * payment_status, price_amount, price_currency, pay_amount, actually_paid, pay_currency, order_id, outcome_amount,
 * created_at, updated_at, parent_payment_id, optional fee_currency / deposit_fee / service_fee; header case, spaces
 * and camelCase do not matter), UTF-8 or GBK, streaming, into the same BillRows as `nowpaymentsBillRows` with `line`
 * the CSV line. `summary()` is null (the format has none).
 * @throws Error when the header lacks payment_id, payment_status, price_amount or price_currency, and as
 *   `nowpaymentsBillRows` for a row (naming its line)
 */
export function parseNowpaymentsCsv(stream: ByteSource): ParsedBill {
  return parsedBill(
    async function* () {
      let fields: string[] | null = null
      let labels: string[] = []
      for await (const { line, cells } of csvRecords(decodeText(stream))) {
        if (cells.every((c) => c.trim() === "")) continue
        if (!fields) {
          labels = cells.map((c) => c.replace(/^\ufeff/, "").trim())
          fields = labels.map(nowpaymentsField)
          const missing = ["payment_id", "payment_status", "price_amount", "price_currency"].filter((f) => !fields!.includes(f))
          if (missing.length) throw new Error(`NOWPayments CSV line ${line}: the header has no column ${missing.join(", ")}`)
          continue
        }
        const o: Record<string, unknown> = {}
        const fee: Record<string, string> = {}
        fields.forEach((f, i) => {
          const v = (cells[i] ?? "").trim()
          if (v === "" || f === "") return
          if (f.startsWith("fee_")) fee[f === "fee_currency" ? "currency" : f.slice(4).replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v
          else if (!(f in o)) o[f] = v
        })
        if (Object.keys(fee).length) o.fee = fee
        const rows = nowpaymentRows(o as unknown as NowPayment, line)
        for (const r of rows) {
          r.raw = Object.fromEntries(labels.map((h, i) => [h, (cells[i] ?? "").trim()]))
          yield r
        }
      }
    },
    () => null,
  )
}
