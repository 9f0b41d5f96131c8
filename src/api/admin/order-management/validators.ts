import { z } from "@medusajs/framework/zod"
import { ADMIN_ACTIONS } from "../../../modules/order-management/lifecycle/transitions"
import { FULFILLMENT_STATUSES, NOTE_KINDS, PAYMENT_STATUSES } from "../../../modules/order-management/lifecycle/statuses"
import { REASON_REQUIRED } from "../../../modules/order-management/service"
import { ANOMALY_TYPES } from "../../../modules/order-management/models/order-anomaly"

const list = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(item))

const bool = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean())

const isoDate = z.preprocess(
  (v) => (typeof v === "string" && v.length ? new Date(v) : v),
  z.date({ error: "must be an ISO 8601 date-time" }).refine((d) => !Number.isNaN(d.getTime()), "must be an ISO 8601 date-time")
)

export const ListOrdersQuery = z
  .object({
    payment_status: list(z.enum(PAYMENT_STATUSES)).optional(),
    fulfillment_status: list(z.enum([...FULFILLMENT_STATUSES, "none"])).optional(),
    on_hold: bool.optional(),
    mark: list(z.string().min(1).max(64)).optional(),
    payment_provider: list(z.string().min(1).max(200)).optional(),
    customer_id: z.string().max(100).optional(),
    created_at: z.object({ gte: isoDate.optional(), lte: isoDate.optional() }).strict().optional(),
    q: z.string().max(200).optional(),
    sort: z.enum(["newest", "oldest"]).optional(),
    limit: z.preprocess((v) => (v === undefined ? 20 : Number(v)), z.number().int().min(1).max(200)),
    offset: z.preprocess((v) => (v === undefined ? 0 : Number(v)), z.number().int().min(0)),
    fields: z.string().optional(),
  })
  .strict()

export type ListOrdersQueryType = z.infer<typeof ListOrdersQuery>

const actionFields = {
  reason: z.string().trim().min(1).max(2000).optional(),
  activate_at: isoDate.optional(),
  tracking_number: z.string().trim().min(1).max(200).optional(),
  /** dispatch although money is outstanding: the reason */
  override_outstanding: z.string().trim().min(1).max(2000).optional(),
}

function checkActionFields(
  b: { action: string; reason?: string; activate_at?: Date; tracking_number?: string; override_outstanding?: string },
  ctx: z.RefinementCtx
) {
  if ((REASON_REQUIRED as readonly string[]).includes(b.action) && !b.reason) {
    ctx.addIssue({ code: "custom", path: ["reason"], message: `reason is required to ${b.action} an order` })
  }
  if (b.activate_at && b.action !== "dispatch") {
    ctx.addIssue({ code: "custom", path: ["activate_at"], message: "activate_at only applies to dispatch" })
  }
  if (b.tracking_number && b.action !== "dispatch") {
    ctx.addIssue({ code: "custom", path: ["tracking_number"], message: "tracking_number only applies to dispatch" })
  }
  if (b.override_outstanding && b.action !== "dispatch") {
    ctx.addIssue({ code: "custom", path: ["override_outstanding"], message: "override_outstanding only applies to dispatch" })
  }
}

export const OrderActionBody = z
  .object({ action: z.enum(ADMIN_ACTIONS), ...actionFields })
  .strict()
  .superRefine(checkActionFields)
export type OrderActionBodyType = z.infer<typeof OrderActionBody>

export const BatchActionBody = z
  .object({
    order_ids: z.array(z.string().min(1).max(100)).min(1).max(200),
    action: z.enum(ADMIN_ACTIONS),
    ...actionFields,
  })
  .strict()
  .superRefine(checkActionFields)
export type BatchActionBodyType = z.infer<typeof BatchActionBody>

export const AddNoteBody = z
  .object({
    kind: z.enum(NOTE_KINDS).default("note"),
    body: z.string().trim().min(1).max(5000),
    channel: z.string().trim().min(1).max(64).optional(),
    label: z.string().trim().min(1).max(64).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.kind === "mark" && !b.label) {
      ctx.addIssue({ code: "custom", path: ["label"], message: "label is required for a mark" })
    }
    if (b.kind === "communication" && !b.channel) {
      ctx.addIssue({ code: "custom", path: ["channel"], message: "channel is required for a communication record" })
    }
  })
export type AddNoteBodyType = z.infer<typeof AddNoteBody>

export const BackfillBody = z.object({ batch_size: z.number().int().min(1).max(1000).optional() }).strict()

export const ListAnomaliesQuery = z
  .object({
    status: list(z.enum(["open", "investigating", "resolved"])).optional(),
    type: list(z.enum(ANOMALY_TYPES)).optional(),
    order_id: z.string().max(100).optional(),
    cart_id: z.string().max(100).optional(),
    /** only anomalies whose money belongs to no order (yet): paid_no_order, unmatched_payment */
    without_order: bool.optional(),
    limit: z.preprocess((v) => (v === undefined ? 20 : Number(v)), z.number().int().min(1).max(200)),
    offset: z.preprocess((v) => (v === undefined ? 0 : Number(v)), z.number().int().min(0)),
    fields: z.string().optional(),
  })
  .strict()
export type ListAnomaliesQueryType = z.infer<typeof ListAnomaliesQuery>

export const InvestigateAnomalyBody = z.object({ note: z.string().trim().min(1).max(2000).optional() }).strict()
export const ResolveAnomalyBody = z
  .object({ resolution: z.enum(["refund", "revive", "manual"]), note: z.string().trim().min(1).max(2000).optional() })
  .strict()
  .superRefine((b, ctx) => {
    if (b.resolution === "manual" && !b.note) ctx.addIssue({ code: "custom", path: ["note"], message: "note is required to resolve manually" })
  })
export type ResolveAnomalyBodyType = z.infer<typeof ResolveAnomalyBody>

export const StoreCancelBody = z.object({ reason: z.string().trim().min(1).max(500).optional() }).strict()
export const StorePaymentSessionBody = z
  .object({ provider_id: z.string().min(1).max(200), data: z.record(z.string(), z.unknown()).optional() })
  .strict()
export const StoreReorderBody = z.object({ email: z.string().email().optional() }).strict()

export const ProofUploadBody = z
  .object({
    file: z
      .object({
        name: z.string().trim().min(1).max(200),
        mime_type: z.enum(["image/png", "image/jpeg", "application/pdf"], { error: "must be image/png, image/jpeg or application/pdf" }),
        content_base64: z.string().min(1),
      })
      .strict(),
    payer_name: z.string().trim().min(1).max(200),
    account_last4: z.string().regex(/^\d{4}$/, "must be the last 4 digits of the paying account").optional(),
    transfer_date: isoDate.optional(),
  })
  .strict()

export const ConfirmReceiptBody = z
  .object({
    amount: z.number({ error: "must be the amount received in minor units" }).int().positive(),
    received_at: isoDate,
    bank_reference: z.string().trim().min(1).max(100),
    approve: z.boolean().optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict()

export const RejectProofBody = z.object({ reason: z.string().trim().min(1, "a reason is required").max(500) }).strict()

const idempotencyKey = z.string().trim().min(8, "must be at least 8 characters").max(100).regex(/^[A-Za-z0-9_.:-]+$/, "may hold letters, digits and _ . : - only")

export const BalanceLedgerQuery = z
  .object({
    currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "must be a 3-letter currency code").optional(),
    limit: z.preprocess((v) => (v === undefined ? 20 : Number(v)), z.number().int().min(1).max(200)),
    offset: z.preprocess((v) => (v === undefined ? 0 : Number(v)), z.number().int().min(0)),
    fields: z.string().optional(),
  })
  .strict()
export type BalanceLedgerQueryType = z.infer<typeof BalanceLedgerQuery>

export const BalanceAdjustmentBody = z
  .object({
    currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "must be a 3-letter currency code"),
    amount: z.number({ error: "must be a whole number of minor units: positive credits, negative debits" }).int().refine((n) => n !== 0, "must not be 0").refine((n) => Math.abs(n) <= 1e12, "is too large"),
    reason: z.string().trim().min(1, "a reason is required").max(500),
    idempotency_key: idempotencyKey.optional(),
  })
  .strict()
export type BalanceAdjustmentBodyType = z.infer<typeof BalanceAdjustmentBody>

export const RefundToBalanceBody = z
  .object({
    amount: z.number({ error: "must be the amount to refund in minor units" }).int().positive(),
    reason: z.string().trim().min(1, "a reason is required").max(500),
    idempotency_key: idempotencyKey.optional(),
  })
  .strict()
export type RefundToBalanceBodyType = z.infer<typeof RefundToBalanceBody>
