import { InjectManager, InjectTransactionManager, MedusaContext, MedusaService, generateEntityId } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import AnomalyStep, { type StepKind } from "./models/anomaly-step"

const TABLE = "anomaly_step"

/** A timeline step as the API returns it. */
export type AnomalyStepView = {
  id: string
  anomaly_id: string
  kind: StepKind
  from_status: string | null
  to_status: string | null
  resolution: string | null
  assignee_id: string | null
  actor: { type: string; id: string | null }
  note: string | null
  metadata: Record<string, unknown> | null
  created_at: string
  /** true for an "opened" step made up from the anomaly itself (anomalies opened before the desk kept steps) */
  synthetic?: boolean
}

export type NewAnomalyStep = {
  anomaly_id: string
  kind: StepKind
  from_status?: string | null
  to_status?: string | null
  resolution?: string | null
  assignee_id?: string | null
  actor: { type: string; id?: string | null }
  note?: string | null
  metadata?: Record<string, unknown> | null
  /** defaults to now; an "opened" step takes the anomaly's created_at */
  created_at?: Date
}

function toView(r: any): AnomalyStepView {
  return {
    id: r.id,
    anomaly_id: r.anomaly_id,
    kind: r.kind,
    from_status: r.from_status ?? null,
    to_status: r.to_status ?? null,
    resolution: r.resolution ?? null,
    assignee_id: r.assignee_id ?? null,
    actor: { type: r.actor_type, id: r.actor_id ?? null },
    note: r.note ?? null,
    metadata: r.metadata ?? null,
    created_at: new Date(r.created_at).toISOString(),
  }
}

/**
 * The anomaly desk's timeline: one append-only `anomaly_step` row per opening, status move, assignment and note.
 * The anomaly's own row (status, assignee) belongs to the order-management module; workflows combine the two.
 */
export default class AnomalyDeskModuleService extends MedusaService({ AnomalyStep }) {
  private knex(ctx: Context) {
    const m = (ctx.transactionManager ?? ctx.manager) as any
    const k = m?.getTransactionContext?.() ?? m?.getKnex?.()
    if (!k) throw new Error("anomaly_desk: no database context")
    return k
  }

  /** Append a step; returns it. */
  @InjectTransactionManager()
  async addStep(input: NewAnomalyStep, @MedusaContext() ctx: Context = {}): Promise<AnomalyStepView> {
    const [row] = await this.knex(ctx)(TABLE).insert(this.rowOf(input)).returning("*")
    return toView(row)
  }

  /**
   * The "opened" step of an anomaly, once: a second call (the opening announced twice, or the desk's own helper and
   * the subscriber both recording it) returns the existing step. `created` tells which.
   */
  @InjectTransactionManager()
  async recordOpened(input: Omit<NewAnomalyStep, "kind">, @MedusaContext() ctx: Context = {}): Promise<{ step: AnomalyStepView; created: boolean }> {
    const knex = this.knex(ctx)
    const rows = await knex(TABLE)
      .insert(this.rowOf({ ...input, kind: "opened" }))
      .onConflict(knex.raw("(anomaly_id) where deleted_at is null and kind = 'opened'"))
      .ignore()
      .returning("*")
    if (rows.length) return { step: toView(rows[0]), created: true }
    const existing = await knex(TABLE).where({ anomaly_id: input.anomaly_id, kind: "opened" }).whereNull("deleted_at").first()
    return { step: toView(existing), created: false }
  }

  /** Remove a step (a workflow's compensation). */
  @InjectTransactionManager()
  async removeStep(id: string, @MedusaContext() ctx: Context = {}): Promise<void> {
    await this.knex(ctx)(TABLE).where({ id }).delete()
  }

  /** An anomaly's steps, oldest first. */
  @InjectManager()
  async listStepsOf(anomalyId: string, @MedusaContext() ctx: Context = {}): Promise<AnomalyStepView[]> {
    const rows = await this.knex(ctx)(TABLE).where({ anomaly_id: anomalyId }).whereNull("deleted_at").orderBy([{ column: "created_at" }, { column: "id" }])
    return rows.map(toView)
  }

  /** The newest step of each anomaly (the list's "last step"); anomalies without steps are absent. */
  @InjectManager()
  async lastStepsOf(anomalyIds: string[], @MedusaContext() ctx: Context = {}): Promise<Record<string, AnomalyStepView>> {
    if (!anomalyIds.length) return {}
    const rows = await this.knex(ctx)
      .select("*")
      .from(
        this.knex(ctx)(TABLE)
          .select("*", this.knex(ctx).raw("row_number() over (partition by anomaly_id order by created_at desc, id desc) as n"))
          .whereIn("anomaly_id", anomalyIds)
          .whereNull("deleted_at")
          .as("s")
      )
      .where("n", 1)
    return Object.fromEntries(rows.map((r: any) => [r.anomaly_id, toView(r)]))
  }

  private rowOf(input: NewAnomalyStep) {
    const at = input.created_at ?? new Date()
    return {
      id: generateEntityId(undefined, "astep"),
      anomaly_id: input.anomaly_id,
      kind: input.kind,
      from_status: input.from_status ?? null,
      to_status: input.to_status ?? null,
      resolution: input.resolution ?? null,
      assignee_id: input.assignee_id ?? null,
      actor_type: input.actor.type,
      actor_id: input.actor.id ?? null,
      note: input.note ?? null,
      metadata: input.metadata ? JSON.stringify(input.metadata) : null,
      created_at: at,
      updated_at: at,
    }
  }
}
