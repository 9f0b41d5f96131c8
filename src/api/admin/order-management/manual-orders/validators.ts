import { z } from "@medusajs/framework/zod"
import { oneOf, text } from "../../../utils/zod-messages"

const wholeAtLeast = (field: string, min: number) =>
  z.number({ error: `${field} must be a whole number` }).refine((v) => Number.isInteger(v) && v >= min, { message: `${field} must be a whole number of at least ${min}` })

const item = z
  .object({
    variant_id: text("items[].variant_id", 100),
    quantity: z.number({ error: "items[].quantity must be a whole number greater than 0" }).refine((q) => Number.isInteger(q) && q > 0 && q <= 10_000, { message: "items[].quantity must be a whole number greater than 0" }),
  })
  .strict()

const address = z
  .object({
    first_name: z.string().trim().max(100).optional(),
    last_name: z.string().trim().max(100).optional(),
    phone: z.string().trim().max(40).optional(),
    company: z.string().trim().max(200).optional(),
    address_1: z.string().trim().max(300).optional(),
    address_2: z.string().trim().max(300).optional(),
    city: z.string().trim().max(100).optional(),
    province: z.string().trim().max(100).optional(),
    postal_code: z.string().trim().max(20).optional(),
    country_code: z.string({ error: "shipping_address.country_code must be a 2-letter code" }).refine((v) => /^[a-zA-Z]{2}$/.test(v), { message: "shipping_address.country_code must be a 2-letter code" }).transform((v) => v.toLowerCase()).optional(),
  })
  .strict()

const manualDiscount = z
  .object({
    type: oneOf("manual_discount.type", ["amount", "percent"] as const),
    value: z.number({ error: "manual_discount.value must be a number" }),
    reason: text("manual_discount.reason", 500, "manual_discount.reason is required"),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.type === "amount" && !(Number.isInteger(d.value) && d.value > 0)) ctx.addIssue({ code: "custom", path: ["value"], message: "manual_discount.value must be a whole number of minor units greater than 0" })
    if (d.type === "percent" && !(Number.isInteger(d.value) && d.value > 0 && d.value <= 100)) ctx.addIssue({ code: "custom", path: ["value"], message: "manual_discount.value must be a whole percentage from 1 to 100" })
  })

const fields = {
  customer_id: text("customer_id", 100).optional(),
  customer: z
    .object({
      first_name: text("customer.first_name", 100),
      last_name: text("customer.last_name", 100),
      email: text("customer.email", 320).refine((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), { message: "customer.email must be an email address" }),
      phone: z.string().trim().max(40).optional().nullable(),
    })
    .strict()
    .optional(),
  items: z.array(item).refine((l) => l.length <= 200, { message: "items: at most 200 lines" }),
  shipping_address: address.optional().nullable(),
  shipping_option_id: z.string().trim().min(1).max(100).optional().nullable(),
  promo_codes: z.array(text("promo_codes[]", 100)).refine((l) => l.length <= 20, { message: "promo_codes: at most 20 codes" }).optional(),
  manual_discount: manualDiscount.optional().nullable(),
  balance_minor: wholeAtLeast("balance_minor", 0).optional(),
  points: wholeAtLeast("points", 0).optional(),
  notes: z.string().trim().max(5000).optional().nullable(),
  marks: z.array(text("marks[]", 40)).refine((l) => l.length <= 20, { message: "marks: at most 20 marks" }).optional(),
  communication: z.object({ channel: text("communication.channel", 40), summary: text("communication.summary", 5000) }).strict().optional().nullable(),
}

/** POST /admin/order-management/manual-orders: a customer (id or new), a region and at least one item. */
export const CreateManualOrderBody = z
  .object({ ...fields, region_id: text("region_id", 100), items: fields.items.refine((l) => l.length > 0, { message: "items: add at least one item" }) })
  .strict()
  .superRefine((b, ctx) => {
    if (!b.customer_id && !b.customer) ctx.addIssue({ code: "custom", path: ["customer_id"], message: "customer_id or customer is required" })
    if (b.customer_id && b.customer) ctx.addIssue({ code: "custom", path: ["customer"], message: "give customer_id or customer, not both" })
  })
export type CreateManualOrderBodyType = z.infer<typeof CreateManualOrderBody>

/** POST /admin/order-management/manual-orders/:id: any field of the create body (items replace the list). */
export const UpdateManualOrderBody = z
  .object({ ...fields, region_id: text("region_id", 100).optional(), items: fields.items.refine((l) => l.length > 0, { message: "items: add at least one item" }).optional() })
  .strict()
  .superRefine((b, ctx) => {
    if (b.customer_id && b.customer) ctx.addIssue({ code: "custom", path: ["customer"], message: "give customer_id or customer, not both" })
  })
export type UpdateManualOrderBodyType = z.infer<typeof UpdateManualOrderBody>

/** POST /admin/order-management/manual-orders/:id/complete */
export const CompleteManualOrderBody = z
  .object({
    finish: oneOf("finish", ["mark_paid", "payment_link", "unpaid"] as const),
    payment: z.object({ method: oneOf("payment.method", ["cash", "bank_transfer"] as const), reference: text("payment.reference", 200) }).strict().optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.finish === "mark_paid" && !b.payment) ctx.addIssue({ code: "custom", path: ["payment"], message: "payment (method and reference) is required to mark the order paid" })
  })
export type CompleteManualOrderBodyType = z.infer<typeof CompleteManualOrderBody>
