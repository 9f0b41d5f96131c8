import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import type { Actor } from "../../modules/order-management/lifecycle/statuses"
import { ANOMALY_OPENED_EVENT } from "../../modules/order-management/lifecycle/events"
import { ANOMALY_DESK_MODULE } from "../../modules/anomaly-desk"
import type AnomalyDeskModuleService from "../../modules/anomaly-desk/service"
import { UNFINISHED_STATUSES } from "../../modules/anomaly-desk/transitions"
import { toMinorUnits } from "../../utils/money"

const SYSTEM: Actor = { type: "system", id: null }

/**
 * The "opened" step of an anomaly's timeline, dated the anomaly's created_at; once per anomaly (a second call returns
 * the first). The note is the anomaly's reason (metadata.reason) unless given. Called by the subscriber of
 * order_management.anomaly.opened for every anomaly the plugin opens, and first by the desk's own openings (so an
 * admin's or a risk rule's opening names its actor).
 */
export async function recordAnomalyOpened(container: MedusaContainer, anomaly: any, opts: { actor?: Actor; note?: string | null } = {}) {
  const desk: AnomalyDeskModuleService = container.resolve(ANOMALY_DESK_MODULE)
  return desk.recordOpened({
    anomaly_id: anomaly.id,
    to_status: "open",
    actor: opts.actor ?? SYSTEM,
    note: opts.note ?? (typeof anomaly.metadata?.reason === "string" ? anomaly.metadata.reason : null),
    metadata: { type: anomaly.type },
    created_at: anomaly.created_at ? new Date(anomaly.created_at) : undefined,
  })
}

/**
 * Open a `malicious_order` anomaly for a placed order: by a risk rule (review, or a block turned review because the
 * money had arrived; actor system) or by an admin by hand. One unfinished one per order: while one is open,
 * investigating or waiting for the customer it is returned with `created: false`; after it was resolved or dismissed
 * a new one can be opened. The opening is a timeline step (actor, reason) and is announced
 * (order_management.anomaly.opened, the admin feed). Currency and channel are the order's; amount_minor stays null
 * (no money to handle), the order's total is metadata.order_total_minor.
 * 404 for an unknown order.
 */
export async function openMaliciousOrderAnomaly(
  container: MedusaContainer,
  input: { order_id: string; reason: string; actor?: Actor; metadata?: Record<string, unknown> }
): Promise<{ anomaly: any; created: boolean }> {
  const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const actor = input.actor ?? SYSTEM
  const { data: [order] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["id", "currency_code", "total"], filters: { id: input.order_id } })
  if (!order) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${input.order_id} not found`)
  const [existing] = await om.listAnomalies({ order_id: input.order_id, type: ["malicious_order"], status: [...UNFINISHED_STATUSES] }, { limit: 1, offset: 0 })
  if (existing.length) return { anomaly: existing[0], created: false }
  const [, earlier] = await om.listAnomalies({ order_id: input.order_id, type: ["malicious_order"] }, { limit: 1, offset: 0 })
  const lifecycle = await om.findLifecycleByOrder(input.order_id)
  const { anomaly, created } = await om.openAnomaly({
    order_id: input.order_id,
    type: "malicious_order",
    dedupe_key: `malicious_order:${input.order_id}:${earlier + 1}`,
    // no amount: amount_minor is money received that needs handling (the unpaid-order release holds for it); the
    // order's total goes into metadata
    amount_minor: null,
    currency_code: lifecycle?.currency_code ?? (order as any).currency_code ?? null,
    provider_id: lifecycle?.payment_provider ?? null,
    metadata: { reason: input.reason, opened_by: actor.type, order_total_minor: lifecycle?.total_minor ?? toMinorUnits((order as any).total ?? 0, (order as any).currency_code), ...(input.metadata ?? {}) },
  })
  if (!created) return { anomaly, created }
  await recordAnomalyOpened(container, anomaly, { actor, note: input.reason })
  await container.resolve(Modules.EVENT_BUS).emit({
    name: ANOMALY_OPENED_EVENT,
    data: { id: anomaly.id, order_id: anomaly.order_id, type: anomaly.type, amount_minor: anomaly.amount_minor, currency_code: anomaly.currency_code },
  })
  return { anomaly, created }
}
