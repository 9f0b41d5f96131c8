/** The page's filters, kept in the URL so a view can be shared and survives a reload. Pure functions. */
export type CreatedPreset = "any" | "today" | "week" | "month" | "custom"

export type OrderFilters = {
  view: "all" | "review" | "unmatched"
  payment_status: string
  fulfillment_status: string
  on_hold: "" | "true" | "false"
  mark: string
  created: CreatedPreset
  from: string // yyyy-mm-dd, with created=custom
  to: string
  q: string
  page: number
}

export const PAGE_SIZE = 20
const PRESETS: CreatedPreset[] = ["any", "today", "week", "month", "custom"]

export function parseFilters(sp: URLSearchParams): OrderFilters {
  const created = sp.get("created") as CreatedPreset
  const page = Number(sp.get("page") ?? 1)
  const onHold = sp.get("on_hold")
  return {
    view: sp.get("view") === "review" ? "review" : sp.get("view") === "unmatched" ? "unmatched" : "all",
    payment_status: sp.get("payment_status") ?? "",
    fulfillment_status: sp.get("fulfillment_status") ?? "",
    on_hold: onHold === "true" || onHold === "false" ? onHold : "",
    mark: sp.get("mark") ?? "",
    created: PRESETS.includes(created) ? created : "any",
    from: sp.get("from") ?? "",
    to: sp.get("to") ?? "",
    q: sp.get("q") ?? "",
    page: Number.isInteger(page) && page > 0 ? page : 1,
  }
}

/** Only non-default values go to the URL. */
export function toSearchParams(f: OrderFilters): URLSearchParams {
  const sp = new URLSearchParams()
  if (f.view !== "all") sp.set("view", f.view)
  if (f.payment_status) sp.set("payment_status", f.payment_status)
  if (f.fulfillment_status) sp.set("fulfillment_status", f.fulfillment_status)
  if (f.on_hold) sp.set("on_hold", f.on_hold)
  if (f.mark) sp.set("mark", f.mark)
  if (f.created !== "any") sp.set("created", f.created)
  if (f.created === "custom" && f.from) sp.set("from", f.from)
  if (f.created === "custom" && f.to) sp.set("to", f.to)
  if (f.q) sp.set("q", f.q)
  if (f.page > 1) sp.set("page", String(f.page))
  return sp
}

/** [start, end) of a preset in the admin's local time; weeks start on Monday. */
export function createdRange(f: Pick<OrderFilters, "created" | "from" | "to">, now: Date): { gte?: Date; lte?: Date } {
  const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate())
  switch (f.created) {
    case "today":
      return { gte: startOfDay(now) }
    case "week": {
      const d = startOfDay(now)
      d.setDate(d.getDate() - ((d.getDay() + 6) % 7))
      return { gte: d }
    }
    case "month":
      return { gte: new Date(now.getFullYear(), now.getMonth(), 1) }
    case "custom": {
      const parse = (s: string) => {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
        return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined
      }
      const from = parse(f.from)
      const to = parse(f.to)
      return {
        ...(from ? { gte: from } : {}),
        ...(to ? { lte: new Date(to.getFullYear(), to.getMonth(), to.getDate(), 23, 59, 59, 999) } : {}),
      }
    }
    default:
      return {}
  }
}

/** The list API's query for these filters. The review queue is holded orders, oldest first. */
export function toApiQuery(f: OrderFilters, now: Date, pageSize = PAGE_SIZE): Record<string, string | number> {
  const q: Record<string, string | number> = { limit: pageSize, offset: (f.page - 1) * pageSize }
  if (f.view === "review") {
    q.fulfillment_status = "holded"
    q.sort = "oldest"
  } else if (f.fulfillment_status) {
    q.fulfillment_status = f.fulfillment_status
  }
  if (f.payment_status) q.payment_status = f.payment_status
  if (f.on_hold) q.on_hold = f.on_hold
  if (f.mark.trim()) q.mark = f.mark.trim()
  if (f.q.trim()) q.q = f.q.trim()
  const range = createdRange(f, now)
  if (range.gte) q["created_at[gte]"] = range.gte.toISOString()
  if (range.lte) q["created_at[lte]"] = range.lte.toISOString()
  return q
}
