import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import type { Actor } from "../../modules/order-management/lifecycle/statuses"
import { ANOMALY_DESK_MODULE } from "../../modules/anomaly-desk"
import type AnomalyDeskModuleService from "../../modules/anomaly-desk/service"
import type { AnomalyStepView } from "../../modules/anomaly-desk/service"
import { ANOMALY_ASSIGNED } from "../../modules/anomaly-desk/events"

export type AssignAnomalyInput = {
  anomaly_id: string
  /** an admin user's id (Medusa's user module); null unassigns */
  user_id: string | null
  actor: Actor
  note?: string | null
}

type Assigned = { anomaly: any; previous: string | null; previous_at: Date | null; changed: boolean }

/**
 * Set the assignee: the user must be an admin user of this store (400 naming the id otherwise); a resolved or
 * dismissed anomaly is not assigned (409). Compensation restores the previous assignee.
 */
export const setAnomalyAssigneeStep = createStep(
  "anomaly-desk-set-assignee",
  async (input: AssignAnomalyInput, { container }) => {
    const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    if (input.user_id) {
      const users = await container.resolve(Modules.USER).listUsers({ id: [input.user_id] }, { select: ["id"] })
      if (!users.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, `user_id ${input.user_id} is not an admin user of this store`)
    }
    const current = await om.retrieveAnomaly(input.anomaly_id)
    if ((current.assignee_id ?? null) === input.user_id) {
      return new StepResponse<Assigned, any>({ anomaly: current, previous: current.assignee_id ?? null, previous_at: current.assigned_at ?? null, changed: false }, null)
    }
    const { anomaly, previous } = await om.assignAnomaly(input.anomaly_id, input.user_id)
    return new StepResponse<Assigned, any>(
      { anomaly, previous, previous_at: current.assigned_at ?? null, changed: true },
      { id: anomaly.id, previous, previous_at: current.assigned_at ?? null }
    )
  },
  async (comp: { id: string; previous: string | null; previous_at: Date | null } | null | undefined, { container }) => {
    if (!comp) return
    const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    await om.restoreAnomalyAssignee(comp.id, comp.previous, comp.previous_at)
  }
)

/** The assignment's timeline row (assigned / unassigned, with the previous assignee in metadata) and its event. */
export const recordAnomalyAssignmentStep = createStep(
  "anomaly-desk-record-assignment",
  async (input: { assigned: Assigned; move: AssignAnomalyInput }, { container }) => {
    if (!input.assigned.changed) return new StepResponse<AnomalyStepView | null, string | null>(null, null)
    const desk: AnomalyDeskModuleService = container.resolve(ANOMALY_DESK_MODULE)
    const a = input.assigned.anomaly
    const step = await desk.addStep({
      anomaly_id: a.id,
      kind: input.move.user_id ? "assigned" : "unassigned",
      from_status: a.status,
      to_status: a.status,
      assignee_id: input.move.user_id,
      actor: input.move.actor,
      note: input.move.note ?? null,
      metadata: { previous_assignee_id: input.assigned.previous },
    })
    await container.resolve(Modules.EVENT_BUS).emit({
      name: ANOMALY_ASSIGNED,
      data: { id: a.id, order_id: a.order_id, type: a.type, assignee_id: input.move.user_id, previous_assignee_id: input.assigned.previous, actor_type: input.move.actor.type, actor_id: input.move.actor.id ?? null, step_id: step.id },
    })
    return new StepResponse<AnomalyStepView | null, string | null>(step, step.id)
  },
  async (id, { container }) => {
    if (!id) return
    const desk: AnomalyDeskModuleService = container.resolve(ANOMALY_DESK_MODULE)
    await desk.removeStep(id)
  }
)

/**
 * Assign an anomaly to an admin (or unassign it with null), recorded as a timeline step. Assigning it to the one it
 * is assigned to already changes nothing (step null). Result: `{ anomaly, step }`.
 */
export const assignAnomalyWorkflow = createWorkflow("anomaly-desk-assign", (input: AssignAnomalyInput) => {
  const assigned = setAnomalyAssigneeStep(input)
  const step = recordAnomalyAssignmentStep({ assigned, move: input })
  return new WorkflowResponse({ assigned, step })
})

/** Run assignAnomalyWorkflow: `{ anomaly, step }` (404 unknown anomaly, 400 unknown user, 409 finished anomaly). */
export async function assignAnomaly(container: MedusaContainer, input: AssignAnomalyInput): Promise<{ anomaly: any; step: AnomalyStepView | null }> {
  const { result } = await assignAnomalyWorkflow(container).run({ input })
  return { anomaly: (result as any).assigned.anomaly, step: (result as any).step }
}
