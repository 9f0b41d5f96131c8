/**
 * The page's filters, kept in the URL so a view can be shared, saved and survives a reload. Pure functions.
 * The URL uses the list API's names (status, payment_provider, customer_id, product_id, currency_code, amount_min,
 * amount_max, amount_field, sort, q) plus the page's own: `created` / `paid` presets (today, week, month, custom with
 * from/to, paid_from/paid_to: days in the store's time zone) and the labels of a picked customer and products.
 */
import { DEFAULT_REFUND_FILTER, REFUND_FILTERS, RefundFilter } from "./after-sales"

export type DatePreset = "any" | "today" | "week" | "month" | "custom"
/** @deprecated the older name */
export type CreatedPreset = DatePreset

export const SIMPLE_STATUSES = ["pending", "paid", "completed", "canceled", "refunded"] as const
export const RISK_LEVELS = ["low", "medium", "high"] as const
export const SORTS = ["-created_at", "created_at", "-paid_at", "paid_at", "-total", "total"] as const

export type OrderFilters = {
  view: "all" | "review" | "unmatched" | "refunds"
  /** the Refunds tab: its status filter ("" = the default, requests to review) and its search */
  refund_status: string
  refund_q: string
  /** simple statuses, comma-separated ("" = all) */
  status: string
  payment_status: string
  fulfillment_status: string
  on_hold: "" | "true" | "false"
  mark: string
  created: DatePreset
  from: string // yyyy-mm-dd, with created=custom
  to: string
  paid: DatePreset
  paid_from: string
  paid_to: string
  /** provider ids, comma-separated */
  payment_provider: string
  /** risk levels (low, medium, high), comma-separated ("" = any) */
  risk_level: string
  customer_id: string
  customer_label: string
  /** product ids, comma-separated, and their titles joined with " | " */
  product_id: string
  product_label: string
  currency_code: string
  amount_min: string
  amount_max: string
  amount_field: "" | "total" | "paid"
  sort: string
  q: string
  page: number
}

export const PAGE_SIZE = 20
const VIEWS: OrderFilters["view"][] = ["all", "review", "unmatched", "refunds"]
const PRESETS: DatePreset[] = ["any", "today", "week", "month", "custom"]
const DAY = /^\d{4}-\d{2}-\d{2}$/
const AMOUNT = /^\d{1,15}(\.\d{1,8})?$/

export function parseFilters(sp: URLSearchParams): OrderFilters {
  const created = sp.get("created") as DatePreset
  const paid = sp.get("paid") as DatePreset
  const page = Number(sp.get("page") ?? 1)
  const onHold = sp.get("on_hold")
  const list = (k: string, allowed?: readonly string[]) => (sp.get(k) ?? "").split(",").map((s) => s.trim()).filter((s) => s && (!allowed || allowed.includes(s))).join(",")
  const day = (k: string) => (DAY.test(sp.get(k) ?? "") ? (sp.get(k) as string) : "")
  const amount = (k: string) => (AMOUNT.test(sp.get(k) ?? "") ? (sp.get(k) as string) : "")
  const field = sp.get("amount_field")
  const sort = sp.get("sort") ?? ""
  return {
    view: VIEWS.includes(sp.get("view") as OrderFilters["view"]) ? (sp.get("view") as OrderFilters["view"]) : "all",
    refund_status: sp.get("view") === "refunds" && REFUND_FILTERS.includes(sp.get("refund_status") as RefundFilter) && sp.get("refund_status") !== DEFAULT_REFUND_FILTER ? (sp.get("refund_status") as string) : "",
    refund_q: sp.get("view") === "refunds" ? sp.get("refund_q") ?? "" : "",
    status: list("status", SIMPLE_STATUSES),
    payment_status: sp.get("payment_status") ?? "",
    fulfillment_status: sp.get("fulfillment_status") ?? "",
    on_hold: onHold === "true" || onHold === "false" ? onHold : "",
    mark: sp.get("mark") ?? "",
    created: PRESETS.includes(created) ? created : "any",
    from: day("from"),
    to: day("to"),
    paid: PRESETS.includes(paid) ? paid : "any",
    paid_from: day("paid_from"),
    paid_to: day("paid_to"),
    payment_provider: list("payment_provider"),
    risk_level: list("risk_level", RISK_LEVELS),
    customer_id: sp.get("customer_id") ?? "",
    customer_label: sp.get("customer_label") ?? "",
    product_id: list("product_id"),
    product_label: sp.get("product_label") ?? "",
    currency_code: /^[a-z]{3}$/i.test(sp.get("currency_code") ?? "") ? (sp.get("currency_code") as string).toLowerCase() : "",
    amount_min: amount("amount_min"),
    amount_max: amount("amount_max"),
    amount_field: field === "total" || field === "paid" ? field : "",
    sort: (SORTS as readonly string[]).includes(sort) && sort !== "-created_at" ? sort : "",
    q: sp.get("q") ?? "",
    page: Number.isInteger(page) && page > 0 ? page : 1,
  }
}

/** Only non-default values go to the URL, in a stable order. */
export function toSearchParams(f: OrderFilters): URLSearchParams {
  const sp = new URLSearchParams()
  if (f.view !== "all") sp.set("view", f.view)
  if (f.view === "refunds" && f.refund_status && f.refund_status !== DEFAULT_REFUND_FILTER) sp.set("refund_status", f.refund_status)
  if (f.view === "refunds" && f.refund_q) sp.set("refund_q", f.refund_q)
  if (f.status) sp.set("status", f.status)
  if (f.payment_status) sp.set("payment_status", f.payment_status)
  if (f.fulfillment_status) sp.set("fulfillment_status", f.fulfillment_status)
  if (f.on_hold) sp.set("on_hold", f.on_hold)
  if (f.mark) sp.set("mark", f.mark)
  if (f.created !== "any") sp.set("created", f.created)
  if (f.created === "custom" && f.from) sp.set("from", f.from)
  if (f.created === "custom" && f.to) sp.set("to", f.to)
  if (f.paid !== "any") sp.set("paid", f.paid)
  if (f.paid === "custom" && f.paid_from) sp.set("paid_from", f.paid_from)
  if (f.paid === "custom" && f.paid_to) sp.set("paid_to", f.paid_to)
  if (f.payment_provider) sp.set("payment_provider", f.payment_provider)
  if (f.risk_level) sp.set("risk_level", f.risk_level)
  if (f.customer_id) sp.set("customer_id", f.customer_id)
  if (f.customer_id && f.customer_label) sp.set("customer_label", f.customer_label)
  if (f.product_id) sp.set("product_id", f.product_id)
  if (f.product_id && f.product_label) sp.set("product_label", f.product_label)
  // the currency and the field stay even before an amount is typed (the admin may pick them first)
  if (f.currency_code) sp.set("currency_code", f.currency_code)
  if (f.amount_min) sp.set("amount_min", f.amount_min)
  if (f.amount_max) sp.set("amount_max", f.amount_max)
  if (f.amount_field === "paid") sp.set("amount_field", "paid")
  if (f.sort) sp.set("sort", f.sort)
  if (f.q) sp.set("q", f.q)
  if (f.page > 1) sp.set("page", String(f.page))
  return sp
}

/** The calendar day (yyyy-mm-dd) `now` falls on in time zone `tz`. */
export function dayIn(now: Date, tz: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ""
  return `${get("year")}-${get("month")}-${get("day")}`
}

/**
 * A preset as the API's day bounds (yyyy-mm-dd, inclusive, each a whole day in the store's time zone `tz`): today,
 * this week (Monday first), this month, or the custom days. Calendar arithmetic only, so it holds in any time zone.
 */
export function presetDays(preset: DatePreset, from: string, to: string, now: Date, tz: string): { gte?: string; lte?: string } {
  const today = dayIn(now, tz)
  const [y, m, d] = today.split("-").map(Number)
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10)
  switch (preset) {
    case "today":
      return { gte: today }
    case "week": {
      const t = Date.UTC(y, m - 1, d)
      const monday = t - ((new Date(t).getUTCDay() + 6) % 7) * 86_400_000
      return { gte: iso(monday) }
    }
    case "month":
      return { gte: `${today.slice(0, 7)}-01` }
    case "custom":
      return { ...(DAY.test(from) ? { gte: from } : {}), ...(DAY.test(to) ? { lte: to } : {}) }
    default:
      return {}
  }
}

/**
 * The list API's query for these filters (`tz`: the store's time zone for the presets). The review queue is holded
 * orders, oldest first.
 */
export function toApiQuery(f: OrderFilters, now: Date, tz = "Asia/Shanghai", pageSize = PAGE_SIZE): Record<string, string | number> {
  const q: Record<string, string | number> = { limit: pageSize, offset: (f.page - 1) * pageSize }
  if (f.view === "review") {
    q.fulfillment_status = "holded"
    q.sort = "created_at"
  } else {
    if (f.fulfillment_status) q.fulfillment_status = f.fulfillment_status
    if (f.status) q.status = f.status
    if (f.sort) q.sort = f.sort
  }
  if (f.payment_status) q.payment_status = f.payment_status
  if (f.on_hold) q.on_hold = f.on_hold
  if (f.mark.trim()) q.mark = f.mark.trim()
  if (f.q.trim()) q.q = f.q.trim()
  if (f.payment_provider) q.payment_provider = f.payment_provider
  if (f.risk_level) q.risk_level = f.risk_level
  if (f.customer_id) q.customer_id = f.customer_id
  if (f.product_id) q.product_id = f.product_id
  if (f.currency_code && (f.amount_min || f.amount_max)) {
    q.currency_code = f.currency_code
    if (f.amount_min) q.amount_min = f.amount_min
    if (f.amount_max) q.amount_max = f.amount_max
    if (f.amount_field === "paid") q.amount_field = "paid"
  }
  const created = presetDays(f.created, f.from, f.to, now, tz)
  if (created.gte) q["created_at[gte]"] = created.gte
  if (created.lte) q["created_at[lte]"] = created.lte
  const paid = presetDays(f.paid, f.paid_from, f.paid_to, now, tz)
  if (paid.gte) q["paid_at[gte]"] = paid.gte
  if (paid.lte) q["paid_at[lte]"] = paid.lte
  return q
}

/** The filters a saved view keeps: the URL's, without the tab and the page. */
export function viewFilters(f: OrderFilters): Record<string, string> {
  const sp = toSearchParams({ ...f, view: "all", page: 1 })
  return Object.fromEntries(sp.entries())
}
