import { z } from "@medusajs/framework/zod"
import { ANOMALY_TYPES } from "../../../../modules/order-management/models/order-anomaly"
import { DESK_RESOLUTIONS, DESK_STATUSES } from "../../../../modules/anomaly-desk/transitions"
import { oneOf, text } from "../../../utils/zod-messages"

/** A comma-separated list or a repeated parameter (`type[]=a&type[]=b`). */
const list = <T extends z.ZodTypeAny>(item: T, max = 50) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(item).max(max, `at most ${max} values`))

const bool = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean({ error: "must be true or false" }))

const isoDate = (field: string) =>
  z
    .string({ error: `${field} must be an ISO 8601 date or date-time` })
    .refine((v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(new Date(v).getTime()), { message: `${field} must be an ISO 8601 date or date-time` })
    .transform((v) => new Date(v))

/**
 * GET /admin/order-management/anomalies. `assignee_id`: a user id, `me` (the caller) or `unassigned`;
 * `older_than_hours`: opened more than this many hours ago; `q`: the order's display id (`#1042` or `1042`), an
 * order or anomaly id, out_trade_no or the platform's transaction id.
 */
export const ListAnomaliesQuery = z
  .object({
    status: list(oneOf("status", DESK_STATUSES)).optional(),
    type: list(oneOf("type", ANOMALY_TYPES)).optional(),
    order_id: z.string().max(100).optional(),
    cart_id: z.string().max(100).optional(),
    /** only anomalies whose money belongs to no order (yet): paid_no_order, unmatched_payment */
    without_order: bool.optional(),
    provider_id: z.string().max(200).optional(),
    assignee_id: z.string().min(1).max(100).optional(),
    older_than_hours: z
      .union([z.string(), z.number()])
      .refine((v) => /^\d{1,6}(\.\d+)?$/.test(String(v)), { message: "older_than_hours must be a number of hours, 0 or more" })
      .transform((v) => Number(v))
      .optional(),
    created_from: isoDate("created_from").optional(),
    created_to: isoDate("created_to").optional(),
    q: z.string().max(200).optional(),
    limit: z.preprocess((v) => (v === undefined ? 20 : Number(v)), z.number().int().min(1).max(200)),
    offset: z.preprocess((v) => (v === undefined ? 0 : Number(v)), z.number().int().min(0)),
    fields: z.string().optional(),
  })
  .strict()
export type ListAnomaliesQueryType = z.infer<typeof ListAnomaliesQuery>

const optionalNote = text("note", 2000).optional().nullable()

/** POST …/anomalies/:id/transition. The legal moves and what each needs: src/modules/anomaly-desk/transitions.ts. */
export const TransitionAnomalyBody = z
  .object({
    to: oneOf("to", DESK_STATUSES),
    note: optionalNote,
    resolution: oneOf("resolution", DESK_RESOLUTIONS).optional().nullable(),
    /** the status the caller saw: the move happens only while the anomaly is still in it (else 409) */
    from: oneOf("from", DESK_STATUSES).optional().nullable(),
  })
  .strict()
export type TransitionAnomalyBodyType = z.infer<typeof TransitionAnomalyBody>

/** POST …/anomalies/:id/investigate (alias of transition to investigating). */
export const InvestigateAnomalyBody = z.object({ note: optionalNote }).strict()
export type InvestigateAnomalyBodyType = z.infer<typeof InvestigateAnomalyBody>

/** POST …/anomalies/:id/resolve (alias of transition to resolved). */
export const ResolveAnomalyBody = z.object({ resolution: oneOf("resolution", DESK_RESOLUTIONS), note: optionalNote }).strict()
export type ResolveAnomalyBodyType = z.infer<typeof ResolveAnomalyBody>

/** POST …/anomalies/:id/assign: `user_id` an admin user's id, or null to unassign. */
export const AssignAnomalyBody = z
  .object({
    user_id: z.union([text("user_id", 100), z.null()], { error: "user_id must be an admin user's id or null" }),
    note: optionalNote,
  })
  .strict()
export type AssignAnomalyBodyType = z.infer<typeof AssignAnomalyBody>

/** POST …/anomalies/:id/notes */
export const AnomalyNoteBody = z.object({ note: text("note", 2000) }).strict()
export type AnomalyNoteBodyType = z.infer<typeof AnomalyNoteBody>

/** POST /admin/order-management/anomalies: an admin opens a malicious_order anomaly by hand. */
export const CreateAnomalyBody = z
  .object({
    order_id: text("order_id", 100),
    type: oneOf("type", ["malicious_order"] as const),
    note: text("note", 2000),
  })
  .strict()
export type CreateAnomalyBodyType = z.infer<typeof CreateAnomalyBody>

/** POST /admin/order-management/payment-events/:id/replay takes no body: the stored, verified event is replayed. */
export const ReplayPaymentEventBody = z.object({}).strict()
