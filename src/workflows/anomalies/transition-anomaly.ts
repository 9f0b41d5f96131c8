import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import type { Actor } from "../../modules/order-management/lifecycle/statuses"
import { ANOMALY_RESOLVED_EVENT } from "../../modules/order-management/lifecycle/events"
import { ANOMALY_DESK_MODULE } from "../../modules/anomaly-desk"
import type AnomalyDeskModuleService from "../../modules/anomaly-desk/service"
import type { AnomalyStepView } from "../../modules/anomaly-desk/service"
import { ANOMALY_TRANSITIONED } from "../../modules/anomaly-desk/events"
import { checkMove, FINAL_STATUSES, STORED_RESOLUTION, type DeskResolution, type DeskStatus } from "../../modules/anomaly-desk/transitions"
import { applyAnomalyResolution } from "../resolve-anomaly"

export type TransitionAnomalyInput = {
  anomaly_id: string
  /** the status to move to (see src/modules/anomaly-desk/transitions.ts) */
  to: DeskStatus
  /** to = resolved only: refund | resend | revive | manual */
  resolution?: DeskResolution | null
  /** required to dismiss and for the resolutions manual and resend */
  note?: string | null
  /**
   * the status the caller saw (optional): the move happens only while the anomaly is still in it, else 409 — what a
   * page sends so that an admin's click never applies to a state they did not see
   */
  from?: DeskStatus | null
  actor: Actor
}

type Claimed = { anomaly: any; before: any; from: string }

/**
 * Claim the move: the legal-move check (409 naming from and to, 400 for a missing note or resolution), then a
 * compare-and-set `UPDATE … WHERE status = <the status read>`; of two concurrent moves from one status only one
 * succeeds, the other gets 409. Compensation puts the row back as it was.
 */
export const claimAnomalyMoveStep = createStep(
  "anomaly-desk-claim-move",
  async (input: TransitionAnomalyInput, { container }) => {
    const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    const current = await om.retrieveAnomaly(input.anomaly_id)
    if (input.from && current.status !== input.from) {
      throw new MedusaError(MedusaError.Types.CONFLICT, `Cannot move this anomaly from ${input.from} to ${input.to}: it is already ${current.status}`)
    }
    const check = checkMove(current.status, input.to, { resolution: input.resolution, note: input.note })
    if (!check.ok) throw new MedusaError(check.code === "conflict" ? MedusaError.Types.CONFLICT : MedusaError.Types.INVALID_DATA, check.message)
    const final = FINAL_STATUSES.includes(input.to)
    const { anomaly, before } = await om.moveAnomaly(input.anomaly_id, {
      from: [current.status],
      to: input.to,
      actor: input.actor,
      resolution: input.to === "resolved" && input.resolution ? STORED_RESOLUTION[input.resolution] : null,
      note: final ? input.note ?? null : undefined,
    })
    return new StepResponse<Claimed, { before: any; to: string }>({ anomaly, before, from: current.status }, { before, to: input.to })
  },
  async (comp, { container }) => {
    if (!comp) return
    const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    await om.restoreAnomaly(comp.before, comp.to)
  }
)

/** The timeline row of a move (kind transition: from → to, resolution, actor, note). Compensation removes it. */
export const recordAnomalyStepStep = createStep(
  "anomaly-desk-record-step",
  async (input: { claimed: Claimed; move: TransitionAnomalyInput }, { container }) => {
    const desk: AnomalyDeskModuleService = container.resolve(ANOMALY_DESK_MODULE)
    const step = await desk.addStep({
      anomaly_id: input.claimed.anomaly.id,
      kind: "transition",
      from_status: input.claimed.from,
      to_status: input.move.to,
      resolution: input.move.to === "resolved" ? input.move.resolution ?? null : null,
      actor: input.move.actor,
      note: input.move.note ?? null,
    })
    return new StepResponse(step, step.id)
  },
  async (id, { container }) => {
    if (!id) return
    const desk: AnomalyDeskModuleService = container.resolve(ANOMALY_DESK_MODULE)
    await desk.removeStep(id)
  }
)

/**
 * The resolution's effect (refund, revive; resend and manual move nothing), last, so that a refusal (nothing to
 * refund, stock gone) puts the anomaly back and removes the step. What it did is merged into the anomaly's metadata.
 */
export const applyAnomalyResolutionStep = createStep(
  "anomaly-desk-apply-resolution",
  async (input: { claimed: Claimed; move: TransitionAnomalyInput }, { container }) => {
    const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    if (input.move.to !== "resolved" || !input.move.resolution) return new StepResponse(input.claimed.anomaly)
    const metadata = await applyAnomalyResolution(container as unknown as MedusaContainer, { ...input.claimed.before }, {
      resolution: input.move.resolution,
      note: input.move.note ?? null,
      actor: input.move.actor,
    })
    const anomaly = Object.keys(metadata).length ? await om.mergeAnomalyMetadata(input.claimed.anomaly.id, metadata) : await om.retrieveAnomaly(input.claimed.anomaly.id)
    return new StepResponse(anomaly)
  }
)

/** order_management.anomaly.transitioned for every move; order_management.anomaly.resolved as before for resolutions. */
export const emitAnomalyTransitionStep = createStep(
  "anomaly-desk-emit-transition",
  async (input: { anomaly: any; from: string; step: AnomalyStepView }, { container }) => {
    const bus = container.resolve(Modules.EVENT_BUS)
    const a = input.anomaly
    await bus.emit({
      name: ANOMALY_TRANSITIONED,
      data: { id: a.id, order_id: a.order_id, type: a.type, from: input.from, to: a.status, resolution: input.step.resolution, actor_type: input.step.actor.type, actor_id: input.step.actor.id, step_id: input.step.id },
    })
    if (a.status === "resolved") {
      await bus.emit({ name: ANOMALY_RESOLVED_EVENT, data: { id: a.id, order_id: a.order_id, type: a.type, resolution: a.resolution } })
      container.resolve(ContainerRegistrationKeys.LOGGER).info(`order-management: anomaly ${a.id} resolved (${a.resolution})`)
    }
    return new StepResponse(undefined)
  }
)

/**
 * Move an anomaly along the desk's process: claim (compare-and-set) → timeline step → the resolution's money or
 * order side (refund / revive) → events. Any failure puts the anomaly back and removes the step. Result:
 * `{ anomaly, step }`.
 */
export const transitionAnomalyWorkflow = createWorkflow("anomaly-desk-transition", (input: TransitionAnomalyInput) => {
  const claimed = claimAnomalyMoveStep(input)
  const step = recordAnomalyStepStep({ claimed, move: input })
  const anomaly = applyAnomalyResolutionStep({ claimed, move: input })
  const from = transform({ claimed }, ({ claimed }) => claimed.from)
  emitAnomalyTransitionStep({ anomaly, from, step })
  return new WorkflowResponse({ anomaly, step })
})

/** Run transitionAnomalyWorkflow; errors keep their type (404 unknown, 400 missing note, 409 illegal or lost race). */
export async function transitionAnomaly(container: MedusaContainer, input: TransitionAnomalyInput): Promise<{ anomaly: any; step: AnomalyStepView }> {
  const { result } = await transitionAnomalyWorkflow(container).run({ input })
  return result as { anomaly: any; step: AnomalyStepView }
}
