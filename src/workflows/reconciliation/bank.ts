import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { RECONCILIATION_MODULE } from "../../modules/reconciliation"
import type ReconciliationModuleService from "../../modules/reconciliation/service"
import type { FoundDifference, RunView } from "../../modules/reconciliation/service"
import type { BankStatementRow } from "../../modules/reconciliation/bills/types"
import { findBankTransferReferences } from "../../modules/reconciliation/bills/reference-match"
import { confirmBankTransferReceipt } from "../bank-transfer"
import type { Actor } from "../../modules/order-management/lifecycle/statuses"

/** An open bank-transfer order by its reference, as the statement matching needs it. */
type TransferOrder = { order_id: string; display_id: number | null; reference: string; expected_minor: number; received_minor: number; currency: string; bank_references: string[]; payment_status: string | null }

/** The bank-transfer sessions with these references, with their order and what it has received so far. */
async function transferOrdersByReference(container: MedusaContainer, references: string[]): Promise<Map<string, TransferOrder>> {
  const out = new Map<string, TransferOrder>()
  if (!references.length) return out
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const { rows } = await knex.raw(
    `select ps.data, opc.order_id, o.display_id, l.payment_status
     from payment_session ps
     join order_payment_collection opc on opc.payment_collection_id = ps.payment_collection_id and opc.deleted_at is null
     join "order" o on o.id = opc.order_id
     left join order_lifecycle l on l.order_id = opc.order_id and l.deleted_at is null
     where ps.deleted_at is null and ps.provider_id like 'pp_bank-transfer%' and ps.data->>'reference' = any(:refs)`,
    { refs: references }
  )
  for (const r of rows) {
    const d = r.data ?? {}
    out.set(d.reference, {
      order_id: r.order_id,
      display_id: r.display_id === null ? null : Number(r.display_id),
      reference: d.reference,
      expected_minor: Number(d.amount_minor ?? 0),
      received_minor: Number(d.received_minor ?? 0),
      currency: String(d.currency ?? "").toUpperCase(),
      bank_references: (d.receipts ?? []).map((x: any) => String(x.bank_reference)),
      payment_status: r.payment_status ?? null,
    })
  }
  return out
}

const statementSide = (r: BankStatementRow, extra: Record<string, unknown> = {}) => ({
  line: r.line,
  kind: "payment",
  date: r.date,
  amount_minor: r.amount_minor,
  currency: r.currency,
  reference_text: r.reference_text,
  payer_name: r.payer_name,
  bank_transaction_id: r.bank_transaction_id,
  raw: r.raw,
  ...extra,
})

/**
 * Match a bank statement's incoming transfers to bank-transfer orders by the plugin's checksummed reference (typed
 * with spaces, lower case, or with one mistyped or swapped symbol the check digits catch, when exactly one open order
 * fits), and record each matched transfer as the order's receipt through the bank-transfer confirmation (idempotent
 * by the bank's transaction id). Found: bank_partial (less than due, recorded, the order waits for the rest),
 * bank_overpaid (more than due, or money for an order already paid), currency_mismatch (not recorded),
 * bank_unmatched (no open order: the queue to assign by hand). Stores the run. Amounts minor units.
 */
export async function reconcileBankStatement(container: MedusaContainer, run: RunView, rows: AsyncIterable<BankStatementRow>, actor: Actor): Promise<RunView> {
  const recon: ReconciliationModuleService = container.resolve(RECONCILIATION_MODULE)
  const differences: FoundDifference[] = []
  let count = 0
  let matched = 0
  let incoming = 0
  let recorded = 0
  let currency: string | null = null
  const span: { first: string | null; last: string | null } = { first: null, last: null }
  for await (const r of rows) {
    count++
    incoming += r.amount_minor
    currency ??= r.currency
    if (!span.first || r.date < span.first) span.first = r.date
    if (!span.last || r.date > span.last) span.last = r.date
    const key = `bank:${r.bank_transaction_id}`
    const candidates = findBankTransferReferences(r.reference_text ?? "")
    const orders = await transferOrdersByReference(container, [...new Set(candidates.map((c) => c.reference))])
    const exact = candidates.filter((c) => !c.corrected && orders.has(c.reference))
    const corrected = candidates.filter((c) => c.corrected && orders.has(c.reference))
    const pick = exact[0] ?? (corrected.length === 1 ? corrected[0] : null)
    const order = pick ? orders.get(pick.reference)! : null
    if (!order) {
      differences.push({
        type: "bank_unmatched",
        key,
        currency_code: r.currency,
        delta_minor: r.amount_minor,
        platform: statementSide(r, { candidates: candidates.slice(0, 5).map((c) => c.reference), ambiguous: corrected.length > 1 }),
        store: null,
        detail: candidates.length ? `Reference ${candidates[0].reference} matches no open bank-transfer order${corrected.length > 1 ? " (several corrections fit)" : ""}` : "No bank-transfer reference in the remark",
      })
      continue
    }
    const store = { order_id: order.order_id, display_id: order.display_id, reference: order.reference, expected_minor: order.expected_minor, received_before_minor: order.received_minor, currency: order.currency, payment_status: order.payment_status, corrected: pick!.corrected }
    const base = { key, order_id: order.order_id, out_trade_no: order.reference, currency_code: r.currency, platform: statementSide(r, { matched_reference: order.reference, corrected: pick!.corrected }), store }
    if (order.currency && order.currency !== r.currency) {
      differences.push({ type: "currency_mismatch", ...base, delta_minor: null, detail: `The transfer is in ${r.currency}, the order in ${order.currency}` })
      continue
    }
    let received = order.received_minor
    if (!order.bank_references.includes(r.bank_transaction_id)) {
      if (!["pending", "processing"].includes(order.payment_status ?? "pending")) {
        differences.push({ type: "bank_overpaid", ...base, delta_minor: r.amount_minor, detail: `Money for order ${order.display_id ?? order.order_id}, whose payment is already ${order.payment_status}` })
        continue
      }
      const res = await confirmBankTransferReceipt(container, {
        order_id: order.order_id,
        amount_minor: r.amount_minor,
        received_at: new Date(`${r.date}T00:00:00Z`),
        bank_reference: r.bank_transaction_id,
        actor,
        note: `bank statement, line ${r.line}${pick!.corrected ? `, reference corrected from "${r.reference_text}"` : ""}`,
      })
      received = res.received
      recorded += r.amount_minor
    }
    if (received < order.expected_minor) {
      differences.push({ type: "bank_partial", ...base, delta_minor: received - order.expected_minor, detail: `Received ${received} of ${order.expected_minor} ${r.currency}` })
    } else if (received > order.expected_minor) {
      differences.push({ type: "bank_overpaid", ...base, delta_minor: received - order.expected_minor, detail: `Received ${received}, ${received - order.expected_minor} more than the ${order.expected_minor} ${r.currency} due` })
    } else {
      matched++
    }
  }
  await recon.completeRun(run.id, {
    rows: count,
    matched,
    currency_code: currency,
    totals: { platform_total_minor: incoming, store_total_minor: recorded, fee_total_minor: 0, expected_fee_total_minor: 0, first_date: span.first, last_date: span.last },
    differences,
  })
  return recon.retrieveRun(run.id)
}

/**
 * Assign an unmatched incoming transfer to an order by hand: records it as the order's bank-transfer receipt (the
 * bank's transaction id as the reference). 400 when the order is not paid by bank transfer, the currency differs
 * or the payment is no longer pending.
 */
export async function assignBankTransfer(container: MedusaContainer, platform: Record<string, any>, orderId: string, actor: Actor, note: string | null) {
  if (!platform?.bank_transaction_id) throw new MedusaError(MedusaError.Types.INVALID_DATA, "action: only a bank statement's incoming transfer can be assigned to an order")
  try {
    return await confirmBankTransferReceipt(container, {
      order_id: orderId,
      amount_minor: Number(platform.amount_minor),
      received_at: new Date(`${platform.date}T00:00:00Z`),
      bank_reference: String(platform.bank_transaction_id),
      actor,
      note: note ? `assigned by hand: ${note}` : "assigned by hand from the bank statement",
    })
  } catch (e: any) {
    if (e?.type === MedusaError.Types.NOT_ALLOWED || e?.type === MedusaError.Types.NOT_FOUND) throw new MedusaError(MedusaError.Types.INVALID_DATA, `order_id: ${e.message}`)
    throw e
  }
}
