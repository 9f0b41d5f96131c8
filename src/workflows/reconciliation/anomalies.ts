import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { ANOMALY_OPENED_EVENT } from "../../modules/order-management/lifecycle/events"
import type { Actor } from "../../modules/order-management/lifecycle/statuses"
import { RECONCILIATION_MODULE } from "../../modules/reconciliation"
import type ReconciliationModuleService from "../../modules/reconciliation/service"
import type { DifferenceView, RunView } from "../../modules/reconciliation/service"
import { recordAnomalyOpened } from "../anomalies/open-anomaly"

/** The anomaly desk's type for a difference: the desk's own where one fits, else reconciliation_difference. */
export function anomalyTypeFor(d: DifferenceView): string {
  if (d.type === "missing_in_store") return "paid_not_received"
  if (d.type === "amount_mismatch") return "amount_mismatch"
  if (d.type === "currency_mismatch") return "currency_mismatch"
  if (d.type === "status_mismatch" && d.key.startsWith("refunded_at_platform_only:")) return "refunded_outside_store"
  return "reconciliation_difference"
}

/**
 * Hand a difference to the anomaly desk: an anomaly of anomalyTypeFor(d) for its order (or trade, when the store has
 * no order for it), deduplicated per provider, difference type and trade, with the amount the platform holds and both
 * sides in its metadata; the opening is a timeline step and is announced. Returns the anomaly.
 */
export async function openAnomalyFor(container: MedusaContainer, run: RunView, d: DifferenceView, actor: Actor, note?: string | null) {
  const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const type = anomalyTypeFor(d)
  const amount = d.platform?.amount_minor ?? null
  const reason = note?.trim() || `Reconciliation of ${run.provider_id} for ${run.date}: ${d.detail ?? d.type}`
  const { anomaly, created } = await om.openAnomaly({
    order_id: d.order_id,
    out_trade_no: d.out_trade_no,
    type,
    dedupe_key: `reconciliation:${run.provider_id}:${d.key}`,
    // money the platform holds for us (missing in the store) is what the desk handles; other differences carry none
    amount_minor: d.type === "missing_in_store" || d.type === "bank_unmatched" ? amount : null,
    currency_code: (d.currency_code ?? "").toLowerCase() || null,
    provider_id: run.provider_id,
    payment_id: d.store?.payment_id ?? null,
    platform_transaction_id: d.platform_trade_no,
    metadata: { reason, reconciliation: { run_id: run.id, date: run.date, difference_id: d.id, type: d.type, delta_minor: d.delta_minor }, platform: d.platform, store: d.store },
  })
  if (created) {
    await recordAnomalyOpened(container, anomaly, { actor, note: reason })
    await container.resolve(Modules.EVENT_BUS).emit({ name: ANOMALY_OPENED_EVENT, data: { id: anomaly.id, order_id: anomaly.order_id, type: anomaly.type, amount_minor: anomaly.amount_minor, currency_code: anomaly.currency_code } })
  }
  return anomaly
}

/**
 * After a run: every open `missing_in_store` difference (money the platform took that the store never recorded)
 * goes to the anomaly desk as `paid_not_received` at once, and the difference records it (state anomaly_opened).
 */
export async function openDifferenceAnomalies(container: MedusaContainer, run: RunView) {
  const recon: ReconciliationModuleService = container.resolve(RECONCILIATION_MODULE)
  const todo: DifferenceView[] = []
  for (let offset = 0; ; offset += 500) {
    const [rows] = await recon.listDifferences(run.id, { type: ["missing_in_store"], state: ["open"], present: true }, { limit: 500, offset })
    todo.push(...rows)
    if (rows.length < 500) break
  }
  const pairs: Array<{ id: string; anomaly_id: string }> = []
  for (const d of todo) {
    const anomaly = await openAnomalyFor(container, run, d, { type: "system", id: "reconciliation" })
    pairs.push({ id: d.id, anomaly_id: anomaly.id })
  }
  // one statement; a decision an admin took meanwhile stands (compare-and-set on state open)
  await recon.markAnomaliesOpened(pairs, "Opened automatically: the platform took money the store never recorded")
}
