import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { RECONCILIATION_MODULE } from "../../modules/reconciliation"
import type ReconciliationModuleService from "../../modules/reconciliation/service"
import type { DifferenceView } from "../../modules/reconciliation/service"
import type { Actor } from "../../modules/order-management/lifecycle/statuses"
import { openAnomalyFor } from "./anomalies"
import { assignBankTransfer } from "./bank"

/**
 * Take a decision on an open difference:
 * - open_anomaly: hand it to the anomaly desk (openAnomalyFor) → state anomaly_opened with the anomaly's id;
 * - explained: an admin's note says why → state explained;
 * - assign (bank_unmatched only): record the transfer as the order's bank-transfer receipt → state assigned.
 * 400 a wrong action for the type; 404 unknown; 409 already decided (by someone else meanwhile).
 */
export async function resolveDifference(
  container: MedusaContainer,
  id: string,
  input: { action: "open_anomaly" | "explained" | "assign"; note: string | null; order_id: string | null; actor: Actor }
): Promise<DifferenceView> {
  const recon: ReconciliationModuleService = container.resolve(RECONCILIATION_MODULE)
  const d = await recon.retrieveDifference(id)
  if (d.state !== "open") throw new MedusaError(MedusaError.Types.CONFLICT, `This difference was already decided (${d.state})`)
  const run = await recon.retrieveRun(d.run_id)
  const by = input.actor.id ?? null
  if (input.action === "explained") return recon.decideDifference(id, { state: "explained", note: input.note, by })
  if (input.action === "open_anomaly") {
    const anomaly = await openAnomalyFor(container, run, d, input.actor, input.note)
    return recon.decideDifference(id, { state: "anomaly_opened", note: input.note, by, anomaly_id: anomaly.id })
  }
  if (d.type !== "bank_unmatched") throw new MedusaError(MedusaError.Types.INVALID_DATA, `action: only unmatched bank transfers can be assigned to an order (this difference is ${d.type})`)
  // claim it first (compare-and-set), so two admins assigning the same money to two orders cannot both record it;
  // the claim is undone when the receipt cannot be recorded
  const claimed = await recon.decideDifference(id, { state: "assigned", note: input.note, by, order_id: input.order_id })
  try {
    await assignBankTransfer(container, d.platform ?? {}, input.order_id!, input.actor, input.note)
  } catch (e) {
    await recon.reopenDifference(id, d.order_id)
    throw e
  }
  return claimed
}
