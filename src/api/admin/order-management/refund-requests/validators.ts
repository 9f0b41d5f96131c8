import { z } from "@medusajs/framework/zod"
import { minorUnits, oneOf, text } from "../../../utils/zod-messages"

const minor = minorUnits("amount")
const items = z
  .array(z.object({ item_id: text("items[].item_id", 100), quantity: z.number().refine((q) => Number.isInteger(q) && q > 0, { message: "items[].quantity must be a whole number greater than 0" }) }).strict())
  .refine((l) => l.length <= 200, { message: "at most 200 items" })
const upload = z
  .object({
    name: text("evidence[].name", 200),
    mime_type: oneOf("evidence[].mime_type", ["image/png", "image/jpeg", "application/pdf"] as const),
    content_base64: text("evidence[].content_base64", 8_000_000),
  })
  .strict()

/** Store: POST /store/order-management/orders/:order_id/refund-requests */
export const StoreRefundRequestBody = z
  .object({
    amount: minor.optional(),
    items: items.optional(),
    reason_code: text("reason_code", 40),
    note: z.string().trim().max(2000).optional(),
    evidence: z.array(upload).refine((l) => l.length <= 5, { message: "at most 5 evidence files" }).optional(),
    return_items: z.boolean().optional(),
  })
  .strict()
export type StoreRefundRequestBodyType = z.infer<typeof StoreRefundRequestBody>

/** Admin: POST /admin/order-management/orders/:order_id/refund-requests (on the customer's behalf) */
export const AdminRefundRequestBody = z
  .object({
    amount: minor.optional(),
    items: items.optional(),
    reason_code: text("reason_code", 40),
    note: z.string().trim().max(2000).optional(),
    return_items: z.boolean().optional(),
    return_location_id: z.string().min(1).optional(),
  })
  .strict()
export type AdminRefundRequestBodyType = z.infer<typeof AdminRefundRequestBody>

export const ApproveRefundBody = z
  .object({
    amount: minor.optional(),
    destination: oneOf("destination", ["original", "balance"] as const),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
export type ApproveRefundBodyType = z.infer<typeof ApproveRefundBody>

export const RejectRefundBody = z.object({ reason: text("reason", 2000, "a reason is required to reject a refund request") }).strict()
export type RejectRefundBodyType = z.infer<typeof RejectRefundBody>

export const RetryRefundBody = z.object({ destination: oneOf("destination", ["original", "balance"] as const).optional() }).strict()
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
  .object({ channel: text("channel", 64, "channel is required (phone, email, chat, …)"), body: text("body", 5000) })
  .strict()
export type RefundCommunicationBodyType = z.infer<typeof RefundCommunicationBody>
