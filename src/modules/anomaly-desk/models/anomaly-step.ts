import { model } from "@medusajs/framework/utils"

/** opened (first step), transition (a status move), assigned / unassigned, note (a remark that moves nothing) */
export const STEP_KINDS = ["opened", "transition", "assigned", "unassigned", "note"] as const
export type StepKind = (typeof STEP_KINDS)[number]

/**
 * One step of an anomaly's timeline (append-only): who (actor type and id) did what, when, from which status to
 * which, with which resolution, assignee and note. The anomaly itself (status, assignee) lives on `order_anomaly` in
 * the order-management module; this module keeps only its history.
 */
const AnomalyStep = model
  .define("anomaly_step", {
    id: model.id({ prefix: "astep" }).primaryKey(),
    anomaly_id: model.text(),
    kind: model.enum([...STEP_KINDS]),
    from_status: model.text().nullable(),
    to_status: model.text().nullable(),
    /** the desk's word: refund, resend, revive, manual (to_status resolved only) */
    resolution: model.text().nullable(),
    /** assigned: the new assignee; unassigned: null */
    assignee_id: model.text().nullable(),
    /** user, customer, system, gateway */
    actor_type: model.text(),
    actor_id: model.text().nullable(),
    note: model.text().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["anomaly_id", "created_at"], where: "deleted_at IS NULL" },
    // one "opened" step per anomaly however often its opening is announced
    { on: ["anomaly_id"], unique: true, where: "deleted_at IS NULL AND kind = 'opened'", name: "IDX_anomaly_step_one_opened" },
  ])

export default AnomalyStep
