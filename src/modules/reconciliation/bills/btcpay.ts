/**
 * BTCPay Server "bill": the store's invoices for the period from the Greenfield API
 * (`GET /api/v1/stores/{storeId}/invoices?startDate=<unix>&endDate=<unix>&skip&take`), or the "Legacy Invoice Export"
 * report a merchant downloads as CSV. Sources (../shared/reference/settlement-statistics-export.md §4):
 * btcpayserver/btcpayserver `BTCPayServer/wwwroot/swagger/v1/swagger.template.invoices.json` (invoice fields,
 * statuses), `BTCPayServer/Services/Reporting/LegacyInvoiceExportReportProvider.cs` (CSV columns: one row per payment,
 * one row for an invoice without payments), `InvoiceWatcher.cs` (PaidLate: paid in full after expiry, status stays
 * Expired).
 */
import type { BtcpayInvoice } from "../../../gateways/btcpay"
import { type ByteSource, anyTimeToIso, decimalTextToMinor, decodeText, headerIndex, headerKey, cellOf, parsedBill, rawOf, sumDecimalTextsToMinor } from "./common"
import { csvRecords } from "./csv-records"
import type { BillRow, BillRowStatus, ParsedBill } from "./types"

/**
 * An invoice status (Greenfield: New, Processing, Settled, Expired, Invalid; legacy: new, paid, confirmed, complete,
 * expired, invalid) and its additional / exception status → the bill status.
 */
export function btcpayStatus(status: string, additional: string | null | undefined, amountMinor?: number | null, receivedMinor?: number | null): BillRowStatus {
  const s = status.trim().toLowerCase()
  const a = String(additional ?? "").trim().toLowerCase()
  switch (s) {
    case "settled":
    case "confirmed":
    case "complete":
      return "paid"
    case "processing":
    case "paid":
      return "pending"
    case "new":
      return a === "paidpartial" ? "partially_paid" : "pending"
    case "expired":
      if (a === "paidpartial") return "partially_paid"
      if (a === "paidlate") {
        // paid in full after the invoice expired (InvoiceWatcher); when the amount received is known, trust it
        if (receivedMinor !== null && receivedMinor !== undefined && amountMinor !== null && amountMinor !== undefined && receivedMinor < amountMinor) return "partially_paid"
        return "paid"
      }
      return "closed"
    case "invalid":
      return "failed"
    default:
      return "pending"
  }
}

function rawOfInvoice(inv: BtcpayInvoice): Record<string, string> {
  const raw: Record<string, string> = {}
  for (const [k, v] of Object.entries(inv)) {
    if (v === null || v === undefined) continue
    if (typeof v === "object") {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) {
        if (v2 !== null && v2 !== undefined && typeof v2 !== "object") raw[`${k}.${k2}`] = String(v2)
      }
    } else raw[k] = String(v)
  }
  return raw
}

/**
 * Greenfield invoice objects (in order; pages of `GET …/invoices`, or any array) → one BillRow each, streaming.
 * - `platform_trade_no` id, `out_trade_no` metadata.orderId; `kind` "payment" (refunds are pull payments, not in
 *   this listing);
 * - `amount_minor` amount in minor units of `currency` (the invoice currency, upper-cased; exact, half-up beyond the
 *   currency's digits), `received_minor` paidAmount when the server sends it (BTCPay ≥ 2.1.2, else null),
 *   `fee_minor` null (network fees are in the coin, not charged by BTCPay);
 * - status: Settled → "paid" (also with PaidOver/Marked); Processing → "pending" (paid, awaiting confirmations);
 *   New → "pending" ("partially_paid" with PaidPartial); Expired → "closed", with PaidPartial → "partially_paid",
 *   with PaidLate → "paid" (paid in full after expiry; "partially_paid" if paidAmount says less); Invalid → "failed";
 * - `occurred_at` createdTime (unix seconds) as ISO UTC (invoices carry no settlement time); `line` the 1-based
 *   position in the listing.
 * @throws Error naming the invoice when amount / currency is missing or not a number
 */
export async function* btcpayBillRows(invoices: AsyncIterable<BtcpayInvoice> | BtcpayInvoice[]): AsyncGenerator<BillRow> {
  let line = 0
  for await (const inv of invoices as AsyncIterable<BtcpayInvoice>) {
    line++
    const where = `BTCPay invoice ${inv.id ?? "?"} (row ${line})`
    const currency = String(inv.currency ?? "").trim().toUpperCase()
    if (!currency) throw new Error(`${where}: currency is empty`)
    const amount = decimalTextToMinor(inv.amount, currency, `${where}: amount`)
    if (amount === null) throw new Error(`${where}: amount is empty`)
    const received = decimalTextToMinor(inv.paidAmount ?? null, currency, `${where}: paidAmount`)
    const orderId = inv.metadata?.orderId
    yield {
      line,
      kind: "payment",
      status: btcpayStatus(String(inv.status ?? ""), inv.additionalStatus, amount, received),
      platform_trade_no: inv.id ? String(inv.id) : null,
      out_trade_no: orderId === undefined || orderId === null || String(orderId) === "" ? null : String(orderId),
      refund_no: null,
      out_refund_no: null,
      amount_minor: Math.abs(amount),
      received_minor: received === null ? null : Math.abs(received),
      currency,
      fee_minor: null,
      occurred_at: anyTimeToIso(inv.createdTime ?? null),
      raw: rawOfInvoice(inv),
    }
  }
}

const LEGACY = {
  invoiceId: "InvoiceId",
  orderId: "OrderId",
  created: "InvoiceCreatedDate",
  paymentId: "PaymentId",
  paidInInvoiceCurrency: "PaidCurrency",
  currency: "InvoiceCurrency",
  price: "InvoicePrice",
  status: "InvoiceStatus",
  fullStatus: "InvoiceFullStatus",
  exception: "InvoiceExceptionStatus",
  accounted: "Accounted",
}

/**
 * Reads BTCPay Server's "Legacy Invoice Export" CSV (Reporting; columns ReceivedDate, StoreId, OrderId, InvoiceId,
 * InvoiceCreatedDate, InvoiceExpirationDate, InvoiceMonitoringDate, PaymentId, Destination, PaymentType, CryptoCode,
 * Paid, NetworkFee, ConversionRate, PaidCurrency, InvoiceCurrency, InvoiceDue, InvoicePrice, InvoiceItemCode,
 * InvoiceItemDesc, InvoiceFullStatus, InvoiceStatus, InvoiceExceptionStatus, BuyerEmail, Accounted; matched by name,
 * case-insensitive), streaming. The export has one row per payment (an invoice without payments has one row with
 * empty payment cells); consecutive rows of the same InvoiceId become one BillRow (as `btcpayBillRows`):
 * - `line` the invoice's first CSV line; `amount_minor` InvoicePrice in InvoiceCurrency; `received_minor` the sum of
 *   PaidCurrency (each payment's amount in the invoice currency, despite the column's name) over accounted payments
 *   (Accounted not false), null when the invoice has none; `fee_minor` null;
 * - status from InvoiceStatus (legacy new/paid/confirmed/complete/expired/invalid or the Greenfield names) and
 *   InvoiceExceptionStatus (paidPartial, paidLate…) as in `btcpayStatus`;
 * - `occurred_at` InvoiceCreatedDate (ISO, unix seconds or "YYYY-MM-DD HH:mm:ss" read as UTC).
 * `raw` holds the first row's cells. `summary()` is null (the export has no totals).
 * @throws Error when the header lacks InvoiceId, InvoicePrice, InvoiceCurrency or InvoiceStatus, or a money cell is
 *   not a decimal (naming the line and column)
 */
export function parseBtcpayLegacyCsv(stream: ByteSource): ParsedBill {
  return parsedBill(
    async function* () {
      let header: string[] | null = null
      let index: Map<string, number> | null = null
      type Group = { line: number; cells: string[]; paid: string[] }
      let group: Group | null = null
      const flush = (g: Group): BillRow => {
        const idx = index!
        const cell = (label: string) => (cellOf(g.cells, idx, label) ?? "").trim()
        const currency = cell(LEGACY.currency).toUpperCase()
        if (!currency) throw new Error(`BTCPay CSV line ${g.line}: ${LEGACY.currency} is empty`)
        const amount = decimalTextToMinor(cell(LEGACY.price), currency, `BTCPay CSV line ${g.line}: ${LEGACY.price}`)
        if (amount === null) throw new Error(`BTCPay CSV line ${g.line}: ${LEGACY.price} is empty`)
        const received = g.paid.length ? sumDecimalTextsToMinor(g.paid, currency, `BTCPay CSV line ${g.line}: ${LEGACY.paidInInvoiceCurrency}`) : null
        const status = cell(LEGACY.status) || cell(LEGACY.fullStatus).replace(/\s*\(.*$/, "")
        return {
          line: g.line,
          kind: "payment",
          status: btcpayStatus(status, cell(LEGACY.exception), amount, received),
          platform_trade_no: cell(LEGACY.invoiceId) || null,
          out_trade_no: cell(LEGACY.orderId) || null,
          refund_no: null,
          out_refund_no: null,
          amount_minor: Math.abs(amount),
          received_minor: received === null ? null : Math.abs(received),
          currency,
          fee_minor: null,
          occurred_at: anyTimeToIso(cell(LEGACY.created)),
          raw: rawOf(header!, g.cells),
        }
      }
      for await (const { line, cells: rawCells } of csvRecords(decodeText(stream))) {
        const cells = rawCells.map((c) => c.trim())
        if (cells.every((c) => c === "")) continue
        if (!header) {
          header = cells.map((c) => c.replace(/^\ufeff/, ""))
          index = headerIndex(header)
          const missing = [LEGACY.invoiceId, LEGACY.price, LEGACY.currency, LEGACY.status].filter((c) => !index!.has(headerKey(c)))
          if (missing.length) throw new Error(`BTCPay CSV line ${line}: the header has no column ${missing.join(", ")}`)
          continue
        }
        const id = (cellOf(cells, index!, LEGACY.invoiceId) ?? "").trim()
        if (group && (cellOf(group.cells, index!, LEGACY.invoiceId) ?? "").trim() !== id) {
          yield flush(group)
          group = null
        }
        if (!group) group = { line, cells, paid: [] }
        const paymentId = (cellOf(cells, index!, LEGACY.paymentId) ?? "").trim()
        const accounted = (cellOf(cells, index!, LEGACY.accounted) ?? "").trim().toLowerCase()
        const paid = (cellOf(cells, index!, LEGACY.paidInInvoiceCurrency) ?? "").trim()
        if (paymentId && paid && accounted !== "false" && accounted !== "0") group.paid.push(paid)
      }
      if (group) yield flush(group)
    },
    () => null,
  )
}
