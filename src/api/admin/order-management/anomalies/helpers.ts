import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../modules/order-management/service"
import { ANOMALY_DESK_MODULE } from "../../../../modules/anomaly-desk"
import type AnomalyDeskModuleService from "../../../../modules/anomaly-desk/service"
import type { AnomalyStepView } from "../../../../modules/anomaly-desk/service"
import { toMinorUnits } from "../../../../utils/money"

export type AssigneeView = { id: string; email: string | null; name: string | null }

/** Admin users by id (name from first and last name, email); unknown ids are absent. */
export async function usersById(container: MedusaContainer, ids: (string | null | undefined)[]): Promise<Record<string, AssigneeView>> {
  const wanted = [...new Set(ids.filter((i): i is string => !!i))]
  if (!wanted.length) return {}
  const users = await container.resolve(Modules.USER).listUsers({ id: wanted }, { select: ["id", "email", "first_name", "last_name"] })
  return Object.fromEntries(
    users.map((u: any) => [u.id, { id: u.id, email: u.email ?? null, name: [u.first_name, u.last_name].filter(Boolean).join(" ") || null }])
  )
}

/**
 * The "opened" step for an anomaly whose opening the timeline does not hold (opened before the desk kept steps, or
 * its announcement not yet recorded): made up from the anomaly (its created_at, actor system, its reason).
 */
export function syntheticOpened(a: any): AnomalyStepView {
  return {
    id: `${a.id}:opened`,
    anomaly_id: a.id,
    kind: "opened",
    from_status: null,
    to_status: "open",
    resolution: null,
    assignee_id: null,
    actor: { type: "system", id: null },
    note: typeof a.metadata?.reason === "string" ? a.metadata.reason : null,
    metadata: { type: a.type },
    created_at: new Date(a.created_at).toISOString(),
    synthetic: true,
  }
}

/** An anomaly as the desk's API returns it: the row plus assignee (name, email), age (whole seconds since opened) and last_step. */
export function deskRow(a: any, users: Record<string, AssigneeView>, last: AnomalyStepView | undefined, now = Date.now()) {
  return {
    ...a,
    assignee_id: a.assignee_id ?? null,
    assignee: a.assignee_id ? users[a.assignee_id] ?? { id: a.assignee_id, email: null, name: null } : null,
    age: Math.max(0, Math.floor((now - new Date(a.created_at).getTime()) / 1000)),
    last_step: last ?? syntheticOpened(a),
  }
}

/** One anomaly with its assignee, age and last step (the answer of transition, assign and notes). */
export async function deskView(container: MedusaContainer, anomaly: any) {
  const desk: AnomalyDeskModuleService = container.resolve(ANOMALY_DESK_MODULE)
  const [users, last] = await Promise.all([usersById(container, [anomaly.assignee_id]), desk.lastStepsOf([anomaly.id])])
  return deskRow(anomaly, users, last[anomaly.id])
}

/**
 * The detail of one anomaly: its timeline (oldest first, a synthetic "opened" step first when none is stored; each
 * step's actor with the admin's name and email), the order (display_id, Medusa's status, the lifecycle's statuses,
 * email, total in minor units) or null, the inbox rows of its order / session / trade number (no payload) and the
 * order's lifecycle history (newest first).
 */
export async function anomalyDetail(container: MedusaContainer, id: string) {
  const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const desk: AnomalyDeskModuleService = container.resolve(ANOMALY_DESK_MODULE)
  const anomaly = await om.retrieveAnomaly(id)
  const [stored, payment_events, lifecycle] = await Promise.all([
    desk.listStepsOf(id),
    om.listPaymentEventsForAnomaly(anomaly),
    anomaly.order_id ? om.findLifecycleByOrder(anomaly.order_id) : Promise.resolve(null),
  ])
  const steps = stored.some((s) => s.kind === "opened") ? stored : [syntheticOpened(anomaly), ...stored]
  const users = await usersById(container, [anomaly.assignee_id, ...steps.map((s) => (s.actor.type === "user" ? s.actor.id : null)), ...steps.map((s) => s.assignee_id)])
  let order: any = null
  if (anomaly.order_id) {
    const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
      entity: "order",
      fields: ["id", "display_id", "status", "email", "currency_code", "total", "created_at"],
      filters: { id: anomaly.order_id },
    })
    if (o) {
      order = {
        id: o.id,
        display_id: (o as any).display_id ?? null,
        status: (o as any).status,
        email: (o as any).email ?? null,
        currency_code: (o as any).currency_code,
        total_minor: lifecycle ? lifecycle.total_minor : toMinorUnits((o as any).total ?? 0, (o as any).currency_code),
        payment_status: lifecycle?.payment_status ?? null,
        fulfillment_status: lifecycle?.fulfillment_status ?? null,
        on_hold: lifecycle?.on_hold ?? null,
        payment_provider: lifecycle?.payment_provider ?? null,
        placed_at: lifecycle?.placed_at ?? (o as any).created_at,
      }
    }
  }
  const order_history = lifecycle ? (await om.getHistoryAndNotes(lifecycle.id)).history : []
  const [last] = steps.slice(-1)
  return {
    anomaly: deskRow(anomaly, users, last),
    steps: steps.map((s) => ({ ...s, actor: { ...s.actor, ...(s.actor.type === "user" && s.actor.id ? { email: users[s.actor.id]?.email ?? null, name: users[s.actor.id]?.name ?? null } : {}) }, assignee: s.assignee_id ? users[s.assignee_id] ?? null : null })),
    order,
    payment_events,
    order_history,
  }
}
