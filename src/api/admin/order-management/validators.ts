import { z } from "@medusajs/framework/zod"
import { currencyDigits } from "../../../utils/money"
import { ADMIN_ACTIONS } from "../../../modules/order-management/lifecycle/transitions"
import { FULFILLMENT_STATUSES, NOTE_KINDS, PAYMENT_STATUSES } from "../../../modules/order-management/lifecycle/statuses"
import { REASON_REQUIRED } from "../../../modules/order-management/service"
import { LIST_SORTS, SIMPLE_STATUSES } from "../../../modules/order-management/lifecycle/filters"

const list = <T extends z.ZodTypeAny>(item: T, max = 100) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(item).max(max, `at most ${max} values`))

const bool = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean())

const isoDate = z.preprocess(
  (v) => (typeof v === "string" && v.length ? new Date(v) : v),
  z.date({ error: "must be an ISO 8601 date-time" }).refine((d) => !Number.isNaN(d.getTime()), "must be an ISO 8601 date-time")
)

/**
 * One of `values`, with a message naming the field and the values (Medusa's validation error would say "required"
 * for an unknown enum value). `shown`: the values the message lists, when some are accepted quietly (older names).
 */
const oneOf = <T extends string>(name: string, values: readonly T[], shown: readonly string[] = values) =>
  z.string().refine((v): v is T => (values as readonly string[]).includes(v), `${name} must be any of ${shown.join(", ")}`).transform((v) => v as T)

/** A date filter bound: a calendar day in the store's time zone (`2026-11-30`) or an ISO 8601 date-time. */
const dateBound = (name: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/, `${name} must be a date (YYYY-MM-DD, a whole day in the store's time zone) or an ISO 8601 date-time`)
    .refine((v) => !Number.isNaN(new Date(v.length === 10 ? `${v}T00:00:00Z` : v).getTime()), `${name} is not a real date`)
const dateRange = (name: string) => z.object({ gte: dateBound(`${name}[gte]`).optional(), lte: dateBound(`${name}[lte]`).optional() }).strict()
/** An amount in major units as a decimal ("99", "99.5", "0.01"); never a float on the way in. */
const majorAmount = (name: string) => z.string().trim().regex(/^\d{1,15}(\.\d{1,8})?$/, `${name} must be an amount in major units, e.g. 99 or 99.50`)

export const ListOrdersQuery = z
  .object({
    status: list(oneOf("status", SIMPLE_STATUSES)).optional(),
    payment_status: list(oneOf("payment_status", PAYMENT_STATUSES)).optional(),
    fulfillment_status: list(oneOf("fulfillment_status", [...FULFILLMENT_STATUSES, "none"] as const)).optional(),
    on_hold: bool.optional(),
    mark: list(z.string().min(1).max(64)).optional(),
    payment_provider: list(z.string().min(1).max(200), 50).optional(),
    risk_level: list(oneOf("risk_level", ["low", "medium", "high"] as const)).optional(),
    customer_id: z.string().max(100).optional(),
    product_id: list(z.string().min(1).max(100), 50).optional(),
    created_at: dateRange("created_at").optional(),
    paid_at: dateRange("paid_at").optional(),
    currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "currency_code must be a 3-letter currency code").transform((c) => c.toLowerCase()).optional(),
    amount_min: majorAmount("amount_min").optional(),
    amount_max: majorAmount("amount_max").optional(),
    amount_field: z.enum(["total", "paid"]).optional(),
    q: z.string().max(200).optional(),
    sort: oneOf("sort", [...LIST_SORTS, "newest", "oldest"] as const, LIST_SORTS).optional(),
    cursor: z.string().max(2000).optional(),
    limit: z.preprocess((v) => (v === undefined ? 20 : Number(v)), z.number().int().min(1).max(200)),
    offset: z.preprocess((v) => (v === undefined ? 0 : Number(v)), z.number().int().min(0).max(100_000)),
    fields: z.string().optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if ((q.amount_min !== undefined || q.amount_max !== undefined) && !q.currency_code) {
      ctx.addIssue({ code: "custom", path: ["currency_code"], message: "currency_code is required with amount_min or amount_max (amounts are in that currency's major units)" })
    }
    if (q.amount_min !== undefined && q.amount_max !== undefined && Number(q.amount_min) > Number(q.amount_max)) {
      ctx.addIssue({ code: "custom", path: ["amount_min"], message: "amount_min must not be above amount_max" })
    }
    for (const k of ["amount_min", "amount_max"] as const) {
      const decimals = q[k]?.split(".")[1]?.length ?? 0
      if (q.currency_code && q[k] !== undefined && decimals > currencyDigits(q.currency_code)) {
        ctx.addIssue({ code: "custom", path: [k], message: `${k}: ${q.currency_code.toUpperCase()} has ${currencyDigits(q.currency_code)} decimal places, got ${q[k]}` })
      }
    }
    if (q.amount_field && q.amount_min === undefined && q.amount_max === undefined) {
      ctx.addIssue({ code: "custom", path: ["amount_field"], message: "amount_field only applies with amount_min or amount_max" })
    }
  })

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

// the anomaly desk's validators: ./anomalies/validators.ts

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
    currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "currency_code must be a 3-letter currency code").optional(),
    limit: z.preprocess((v) => (v === undefined ? 20 : Number(v)), z.number().int().min(1).max(200)),
    offset: z.preprocess((v) => (v === undefined ? 0 : Number(v)), z.number().int().min(0)),
    fields: z.string().optional(),
  })
  .strict()
export type BalanceLedgerQueryType = z.infer<typeof BalanceLedgerQuery>

export const BalanceAdjustmentBody = z
  .object({
    currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "currency_code must be a 3-letter currency code"),
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

/**
 * A saved view's filters: the order list page's URL parameters (string values): the list API's names (e.g.
 * `{ "status": "paid", "payment_provider": "pp_alipay_alipay", "created_at[gte]": "2026-11-01" }`), checked by the
 * list's own rules, plus the page's own: `created` / `paid` presets (today, week, month, custom, which stay relative
 * when the view is opened later) with `from`, `to`, `paid_from`, `paid_to` days, and the labels of a picked customer
 * and products. Paging (`limit`, `offset`, `cursor`, `page`) is not part of a view.
 */
const realDay = (name: string) =>
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${name} must be a date YYYY-MM-DD`).refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), `${name} is not a real date`)
const PAGE_KEYS: Record<string, z.ZodTypeAny> = {
  created: z.enum(["today", "week", "month", "custom"]),
  paid: z.enum(["today", "week", "month", "custom"]),
  from: realDay("from"),
  to: realDay("to"),
  paid_from: realDay("paid_from"),
  paid_to: realDay("paid_to"),
  customer_label: z.string().max(300),
  product_label: z.string().max(2000),
}
const viewFilters = z
  .record(z.string().regex(/^[a-z_]+(\[(gte|lte)\])?$/, "unknown filter name"), z.string().max(2000))
  .superRefine((f, ctx) => {
    const query: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(f)) {
      if (["limit", "offset", "cursor", "fields", "page"].includes(k)) {
        ctx.addIssue({ code: "custom", path: [k], message: `${k} is paging, not a filter; a view keeps filters only` })
        continue
      }
      if (k in PAGE_KEYS) {
        const r = PAGE_KEYS[k].safeParse(v)
        if (!r.success) ctx.addIssue({ code: "custom", path: [k], message: `${k}: ${r.error.issues[0]?.message}` })
        continue
      }
      const m = /^([a-z_]+)\[(gte|lte)\]$/.exec(k)
      if (m) query[m[1]] = { ...((query[m[1]] as object) ?? {}), [m[2]]: v }
      else query[k] = v
    }
    const parsed = ListOrdersQuery.safeParse(query)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path.map(String), message: `${issue.path.join(".")}: ${issue.message}` })
    }
    // the page keeps dates as days (created/paid custom with from/to): an API date-time has no place there
    for (const name of ["created_at", "paid_at"]) {
      for (const bound of ["gte", "lte"]) {
        const v = f[`${name}[${bound}]`]
        if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) ctx.addIssue({ code: "custom", path: [`${name}[${bound}]`], message: `${name}[${bound}]: a view keeps whole days (YYYY-MM-DD), got ${v}` })
      }
    }
    const days = normalizeViewDates(f)
    for (const [from, to, api] of [["from", "to", "created_at"], ["paid_from", "paid_to", "paid_at"]]) {
      if (!(days[from] && days[to] && days[from] > days[to])) continue
      // named as the caller wrote them
      const [a, b] = [f[`${api}[gte]`] !== undefined ? `${api}[gte]` : from, f[`${api}[lte]`] !== undefined ? `${api}[lte]` : to]
      ctx.addIssue({ code: "custom", path: [a], message: `${a} must not be after ${b}` })
    }
  })
  .transform((f) => normalizeViewDates(f))

/**
 * A view's filters with the list API's day bounds (`created_at[gte]`, `created_at[lte]`, `paid_at[…]`) rewritten as
 * the page keeps them (`created=custom` with `from`/`to`, `paid=custom` with `paid_from`/`paid_to`), so a view saved
 * through the API opens on the page with every filter it was saved with.
 */
function normalizeViewDates(f: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...f }
  const pairs: Array<[string, string, string, string]> = [
    ["created_at", "created", "from", "to"],
    ["paid_at", "paid", "paid_from", "paid_to"],
  ]
  for (const [api, preset, from, to] of pairs) {
    const gte = out[`${api}[gte]`]
    const lte = out[`${api}[lte]`]
    if (gte === undefined && lte === undefined) continue
    delete out[`${api}[gte]`]
    delete out[`${api}[lte]`]
    out[preset] = "custom"
    if (gte !== undefined) out[from] = gte
    if (lte !== undefined) out[to] = lte
  }
  return out
}

export const CreateOrderViewBody = z
  .object({
    name: z.string().trim().min(1, "name is required").max(100),
    filters: viewFilters,
    shared: z.boolean().optional(),
  })
  .strict()
export type CreateOrderViewBodyType = z.infer<typeof CreateOrderViewBody>

export const UpdateOrderViewBody = z
  .object({
    name: z.string().trim().min(1, "name must not be empty").max(100).optional(),
    filters: viewFilters.optional(),
    shared: z.boolean().optional(),
  })
  .strict()
  .refine((b) => b.name !== undefined || b.filters !== undefined || b.shared !== undefined, "nothing to change: give name, filters or shared")
export type UpdateOrderViewBodyType = z.infer<typeof UpdateOrderViewBody>

/** A calendar day `YYYY-MM-DD` that exists (no 30 February). */
const calendarDay = (name: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${name} must be a day written YYYY-MM-DD`)
    .refine((v) => {
      const d = new Date(`${v}T00:00:00Z`)
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v
    }, `${name} is not a calendar day`)
    .refine((v) => v >= "1970-01-01" && v <= "2999-12-31", `${name} must be a day from 1970 to 2999`)

/** GET /admin/order-management/statistics (see the route for the meaning of each field). */
export const StatisticsQuery = z
  .object({
    from: calendarDay("from").optional(),
    to: calendarDay("to").optional(),
    currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "currency_code must be a three-letter ISO 4217 code").transform((v) => v.toLowerCase()).optional(),
    compare: oneOf("compare", ["previous_period", "previous_year"] as const).optional(),
    granularity: oneOf("granularity", ["day", "week", "month"] as const).optional(),
    limit: z.coerce.number({ error: "limit must be a whole number from 1 to 50" }).int("limit must be a whole number from 1 to 50").min(1, "limit must be a whole number from 1 to 50").max(50, "limit must be a whole number from 1 to 50").optional(),
    low_stock_limit: z.coerce.number({ error: "low_stock_limit must be a whole number from 1 to 500" }).int("low_stock_limit must be a whole number from 1 to 500").min(1, "low_stock_limit must be a whole number from 1 to 500").max(500, "low_stock_limit must be a whole number from 1 to 500").optional(),
  })
  .strict()
export type StatisticsQueryType = z.infer<typeof StatisticsQuery>

/** POST /admin/order-management/statistics/refresh: optionally the days to recompute even when nothing changed. */
export const RefreshStatisticsBody = z
  .object({
    from: calendarDay("from").optional(),
    to: calendarDay("to").optional(),
    force: z.boolean({ error: "force must be true or false" }).optional(),
  })
  .strict()
  .refine((b) => !b.from === !b.to, "from and to go together")
  .refine((b) => !b.force || !!b.from, "force needs from and to (the days to recompute)")
  .refine((b) => !b.from || !b.to || b.from <= b.to, "from must not be after to")
export type RefreshStatisticsBodyType = z.infer<typeof RefreshStatisticsBody>
