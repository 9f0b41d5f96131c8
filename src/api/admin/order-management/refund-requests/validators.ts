import { z } from "@medusajs/framework/zod"

const minor = z.number({ error: "must be an amount in minor units" }).int("must be whole minor units").positive("must be greater than 0")
const items = z.array(z.object({ item_id: z.string().min(1), quantity: z.number().int().positive() }).strict()).max(200)
const upload = z
  .object({
    name: z.string().trim().min(1).max(200),
    mime_type: z.enum(["image/png", "image/jpeg", "application/pdf"], { error: "must be image/png, image/jpeg or application/pdf" }),
    content_base64: z.string().min(1),
  })
  .strict()

/** Store: POST /store/order-management/orders/:order_id/refund-requests */
export const StoreRefundRequestBody = z
  .object({
    amount: minor.optional(),
    items: items.optional(),
    reason_code: z.string().trim().min(1, "reason_code is required").max(40),
    note: z.string().trim().max(2000).optional(),
    evidence: z.array(upload).max(5, "at most 5 evidence files").optional(),
    return_items: z.boolean().optional(),
  })
  .strict()
export type StoreRefundRequestBodyType = z.infer<typeof StoreRefundRequestBody>

/** Admin: POST /admin/order-management/orders/:order_id/refund-requests (on the customer's behalf) */
export const AdminRefundRequestBody = z
  .object({
    amount: minor.optional(),
    items: items.optional(),
    reason_code: z.string().trim().min(1, "reason_code is required").max(40),
    note: z.string().trim().max(2000).optional(),
    return_items: z.boolean().optional(),
    return_location_id: z.string().min(1).optional(),
  })
  .strict()
export type AdminRefundRequestBodyType = z.infer<typeof AdminRefundRequestBody>

export const ApproveRefundBody = z
  .object({
    amount: minor.optional(),
    destination: z.enum(["original", "balance"], { error: "destination must be original or balance" }),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
export type ApproveRefundBodyType = z.infer<typeof ApproveRefundBody>

export const RejectRefundBody = z.object({ reason: z.string().trim().min(1, "a reason is required").max(2000) }).strict()
export type RejectRefundBodyType = z.infer<typeof RejectRefundBody>

export const RetryRefundBody = z.object({ destination: z.enum(["original", "balance"], { error: "destination must be original or balance" }).optional() }).strict()
export type RetryRefundBodyType = z.infer<typeof RetryRefundBody>

const STATUSES = ["requested", "approved", "processing", "refunded", "failed", "rejected", "withdrawn"] as const
export const ListRefundRequestsQuery = z
  .object({
    status: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(",").map((x) => x.trim()).filter(Boolean) : undefined))
      .refine((l) => !l || l.every((x) => (STATUSES as readonly string[]).includes(x)), { message: `status must be one or more of: ${STATUSES.join(", ")}` }),
    order_id: z.string().min(1).optional(),
    q: z.string().trim().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
export type ListRefundRequestsQueryType = z.infer<typeof ListRefundRequestsQuery>

export const RefundCommunicationBody = z
  .object({ channel: z.string().trim().min(1, "channel is required (phone, email, chat, …)").max(64), body: z.string().trim().min(1, "body is required").max(5000) })
  .strict()
export type RefundCommunicationBodyType = z.infer<typeof RefundCommunicationBody>
