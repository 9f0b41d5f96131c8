import { z } from "@medusajs/framework/zod"
import { DIFFERENCE_STATES, DIFFERENCE_TYPES } from "../../../../modules/reconciliation/models/reconciliation-difference"
import { oneOf, text } from "../../../utils/zod-messages"
import { isCalendarDay } from "../../../../utils/time-zone"

const list = <T extends z.ZodTypeAny>(item: T, max = 20) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(item).max(max, `at most ${max} values`))

const day = (field: string) =>
  z
    .string({ error: `${field} must be a day as YYYY-MM-DD` })
    .refine((v) => isCalendarDay(v), { message: `${field} must be a day as YYYY-MM-DD` })

/** The largest file POST …/reconciliation/imports accepts (a day's bill of several hundred thousand rows fits). */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024

/** POST /admin/order-management/reconciliation/runs */
export const CreateRunBody = z.object({ provider_id: text("provider_id", 200), date: day("date") }).strict()
export type CreateRunBodyType = z.infer<typeof CreateRunBody>

/** GET /admin/order-management/reconciliation/runs */
export const ListRunsQuery = z.object({
  provider_id: z.string().max(200).optional(),
  date: day("date").optional(),
  date_from: day("date_from").optional(),
  date_to: day("date_to").optional(),
  status: list(oneOf("status", ["queued", "running", "completed", "failed", "not_ready"] as const)).optional(),
  source: oneOf("source", ["api", "upload", "bank_statement"] as const).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).max(100_000, "offset must be at most 100000").optional(),
})

/** GET /admin/order-management/reconciliation/runs/:id/differences */
export const ListDifferencesQuery = z.object({
  type: list(oneOf("type", DIFFERENCE_TYPES)).optional(),
  state: list(oneOf("state", DIFFERENCE_STATES)).optional(),
  present: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean({ error: "present must be true or false" })).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
})

/** POST /admin/order-management/reconciliation/differences/:id/resolve */
export const ResolveDifferenceBody = z
  .object({
    action: oneOf("action", ["open_anomaly", "explained", "assign"] as const),
    note: z.string().max(2000, "note must be at most 2000 characters").optional(),
    order_id: z.string().max(100).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.action === "explained" && !b.note?.trim()) ctx.addIssue({ code: "custom", path: ["note"], message: "note: say why the difference is explained" })
    if (b.action === "assign" && !b.order_id?.trim()) ctx.addIssue({ code: "custom", path: ["order_id"], message: "order_id: the order the money belongs to is required to assign it" })
  })
export type ResolveDifferenceBodyType = z.infer<typeof ResolveDifferenceBody>

const mappingShape = z
  .object({
    date: text("mapping.date", 200),
    amount: z.string().max(200).optional(),
    credit: z.string().max(200).optional(),
    debit: z.string().max(200).optional(),
    currency: z.string().max(200).optional(),
    default_currency: z.string().regex(/^[A-Za-z]{3}$/, "mapping.default_currency must be an ISO 4217 code").optional(),
    reference: text("mapping.reference", 200),
    payer_name: z.string().max(200).optional(),
    bank_transaction_id: text("mapping.bank_transaction_id", 200),
    date_format: oneOf("mapping.date_format", ["YYYY-MM-DD", "YYYY/MM/DD", "DD.MM.YYYY", "MM/DD/YYYY", "YYYYMMDD"] as const).optional(),
    encoding: oneOf("mapping.encoding", ["utf-8", "gbk"] as const).optional(),
    delimiter: z.string().min(1).max(1, "mapping.delimiter must be one character").optional(),
    skip_lines: z.number().int().min(0).max(100).optional(),
    decimal: oneOf("mapping.decimal", [".", ","] as const).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (!m.amount && !m.credit) ctx.addIssue({ code: "custom", path: ["amount"], message: "mapping: name the amount column (amount) or the incoming column (credit)" })
    if (!m.currency && !m.default_currency) ctx.addIssue({ code: "custom", path: ["default_currency"], message: "mapping: name the currency column (currency) or give default_currency" })
  })

/** POST /admin/order-management/reconciliation/bank-profiles */
export const BankProfileBody = z.object({ name: text("name", 100), mapping: mappingShape }).strict()
export type BankProfileBodyType = z.infer<typeof BankProfileBody>
