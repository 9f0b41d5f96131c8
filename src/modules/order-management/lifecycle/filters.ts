import type { FulfillmentStatus, PaymentStatus } from "./statuses"

/**
 * The spec's simple order statuses (the list's quick tabs), each a set of lifecycle statuses:
 * - pending: not paid yet (payment pending, processing or partially paid) and not canceled;
 * - paid: payment confirmed, not yet completed and not refunded (holded, processing or dispatched);
 * - completed: fulfilment completed;
 * - canceled: the order was canceled (its payment status is canceled);
 * - refunded: the whole payment was refunded (fulfilment status refunded, Magento's "closed").
 * Orders flagged suspected_fraud are in none of them (the detailed payment status shows them).
 */
export const SIMPLE_STATUSES = ["pending", "paid", "completed", "canceled", "refunded"] as const
export type SimpleStatus = (typeof SIMPLE_STATUSES)[number]

/** Sort keys of the order list: a leading "-" sorts descending. Ties are broken by id in the same direction. */
export const LIST_SORTS = ["created_at", "-created_at", "paid_at", "-paid_at", "total", "-total"] as const
export type ListSort = (typeof LIST_SORTS)[number]

export type LifecycleFilters = {
  /** simple statuses, any of them (see SIMPLE_STATUSES) */
  status?: SimpleStatus[]
  payment_status?: PaymentStatus[]
  /** "none" selects orders whose fulfilment has not started */
  fulfillment_status?: (FulfillmentStatus | "none")[]
  on_hold?: boolean
  mark?: string[]
  created_at_gte?: Date
  created_at_lte?: Date
  paid_at_gte?: Date
  paid_at_lte?: Date
  payment_provider?: string[]
  /** the checkout's risk level, any of them */
  risk_level?: Array<"low" | "medium" | "high">
  customer_id?: string
  /** orders with a current line item of any of these products (order_lifecycle.product_ids, GIN-indexed) */
  product_id?: string[]
  /** amount range in minor units of `currency_code`, on the order total or on the amount paid */
  currency_code?: string
  amount_field?: "total" | "paid"
  amount_min_minor?: number
  amount_max_minor?: number
  q?: string
  /** default -created_at; "newest"/"oldest" are the older names of -created_at/created_at */
  sort?: ListSort | "newest" | "oldest"
}

/** The lifecycle statuses each simple status stands for, as a knex where-clause. */
function whereSimpleStatus(w: any, s: SimpleStatus) {
  switch (s) {
    case "pending":
      return w.orWhereIn("payment_status", ["pending", "processing", "partially_paid"])
    case "paid":
      return w.orWhere((x: any) =>
        x.where("payment_status", "confirmed").where((y: any) => y.whereNull("fulfillment_status").orWhereIn("fulfillment_status", ["holded", "processing", "dispatched"]))
      )
    case "completed":
      return w.orWhere("fulfillment_status", "completed")
    case "canceled":
      return w.orWhere("payment_status", "canceled")
    case "refunded":
      return w.orWhere("fulfillment_status", "refunded")
  }
}

/** Apply list filters to a knex builder over order_lifecycle (every filter is an indexed column of this table). */
export function applyLifecycleFilters(qb: any, f: LifecycleFilters) {
  if (f.status?.length) qb.where((w: any) => f.status!.forEach((s) => whereSimpleStatus(w, s)))
  if (f.payment_status?.length) qb.whereIn("payment_status", f.payment_status)
  if (f.fulfillment_status?.length) {
    const real = f.fulfillment_status.filter((s) => s !== "none")
    const none = f.fulfillment_status.includes("none")
    qb.where((w: any) => {
      if (real.length) w.orWhereIn("fulfillment_status", real)
      if (none) w.orWhereNull("fulfillment_status")
    })
  }
  if (f.on_hold !== undefined) qb.where("on_hold", f.on_hold)
  if (f.mark?.length) qb.whereRaw("marks && ?::text[]", [f.mark])
  if (f.created_at_gte) qb.where("placed_at", ">=", f.created_at_gte)
  if (f.created_at_lte) qb.where("placed_at", "<=", f.created_at_lte)
  if (f.paid_at_gte) qb.where("paid_at", ">=", f.paid_at_gte)
  if (f.paid_at_lte) qb.where("paid_at", "<=", f.paid_at_lte)
  if (f.payment_provider?.length) qb.whereIn("payment_provider", f.payment_provider)
  if (f.risk_level?.length) qb.whereIn("risk_level", f.risk_level)
  if (f.customer_id) qb.where("customer_id", f.customer_id)
  if (f.product_id?.length) qb.whereRaw("product_ids && ?::text[]", [f.product_id])
  if (f.currency_code) qb.where("currency_code", f.currency_code.toLowerCase())
  const amountColumn = f.amount_field === "paid" ? "paid_minor" : "total_minor"
  if (f.amount_min_minor !== undefined) qb.where(amountColumn, ">=", f.amount_min_minor)
  if (f.amount_max_minor !== undefined) qb.where(amountColumn, "<=", f.amount_max_minor)
  if (f.q?.trim()) {
    const q = f.q.trim()
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    qb.where((w: any) => {
      w.whereILike("order_number", like).orWhereILike("email", like)
      if (/^\d+$/.test(q) && q.length < 10) w.orWhere("display_id", Number(q))
    })
  }
  return qb
}

/** The column and direction of a sort key (the older names included). */
export function sortOf(sort: LifecycleFilters["sort"]): { column: "placed_at" | "paid_at" | "total_minor"; desc: boolean } {
  const key = sort === "newest" || !sort ? "-created_at" : sort === "oldest" ? "created_at" : sort
  const desc = key.startsWith("-")
  const name = key.replace(/^-/, "")
  return { column: name === "paid_at" ? "paid_at" : name === "total" ? "total_minor" : "placed_at", desc }
}

/** A keyset position: the last row's sort value and id (opaque to clients: base64url JSON). */
export type ListCursor = { v: string | null; id: string }

export function encodeCursor(c: ListCursor): string {
  return Buffer.from(JSON.stringify([c.v, c.id])).toString("base64url")
}

/** Null when the text is not a cursor this list wrote. */
export function decodeCursor(text: string): ListCursor | null {
  try {
    const [v, id] = JSON.parse(Buffer.from(text, "base64url").toString("utf8"))
    if (typeof id !== "string" || !(v === null || typeof v === "string")) return null
    return { v, id }
  } catch {
    return null
  }
}

/**
 * Order and keyset-page a filtered builder: rows after `cursor` in the sort's order. paid_at sorts put unpaid orders
 * (no paid_at) last in both directions.
 */
export function applySortAndCursor(qb: any, sort: LifecycleFilters["sort"], cursor: ListCursor | null) {
  const { column, desc } = sortOf(sort)
  const op = desc ? "<" : ">"
  const dir = desc ? "desc" : "asc"
  if (cursor) {
    if (cursor.v === null) {
      // past the last non-null value: only the unpaid rows after this id remain
      qb.whereNull(column).where("id", op, cursor.id)
    } else {
      // the value as PostgreSQL wrote it (sort_value), compared in its own type: no precision lost on the way
      const cast = column === "total_minor" ? "numeric" : "timestamptz"
      qb.where((w: any) => {
        w.whereRaw(`?? ${op} ?::${cast}`, [column, cursor.v]).orWhere((x: any) => x.whereRaw(`?? = ?::${cast}`, [column, cursor.v]).where("id", op, cursor.id))
        if (column === "paid_at") w.orWhereNull(column)
      })
    }
  }
  if (column === "paid_at") qb.orderByRaw(`paid_at ${dir} nulls last, id ${dir}`)
  else qb.orderBy([{ column, order: dir }, { column: "id", order: dir }])
  return qb
}

/**
 * True when a decoded cursor's value can be the sort column's (a timestamp for the created/paid sorts, a number for
 * the amount sorts, null only for the paid sorts' unpaid tail): a forged cursor is refused before it reaches SQL.
 */
export function cursorFits(c: ListCursor, sort: LifecycleFilters["sort"]): boolean {
  const { column } = sortOf(sort)
  if (!/^[a-z0-9_]{1,100}$/i.test(c.id)) return false
  if (c.v === null) return column === "paid_at"
  if (column === "total_minor") return /^-?\d{1,20}(\.\d{1,20})?$/.test(c.v)
  return isPgTimestamp(c.v)
}

/**
 * True when `v` is a timestamp as PostgreSQL writes timestamptz as text (`2026-11-30 08:00:00.123+08`, also `T`,
 * `Z` or `+05:30`) whose every field is in range: a real calendar day of years 1–9999, hours 0–23, minutes and
 * seconds 0–59, an offset up to ±15:59. JavaScript's Date.parse rolls 30 February over to 2 March; PostgreSQL refuses
 * it, so the check is by field.
 */
export function isPgTimestamp(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(?:([+-])(\d{2})(?::?(\d{2}))?|Z)?$/.exec(v)
  if (!m) return false
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number)
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() // (a leap year: 29 for February, checked below)
  if (day > daysInMonth) return false
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false
  if (m[8] && (Number(m[9]) > 15 || Number(m[10] ?? 0) > 59)) return false
  return true
}

/** The sort column as text (select it as sort_value; the cursor carries it back unchanged). */
export function sortValueSql(sort: LifecycleFilters["sort"]): string {
  return `${sortOf(sort).column}::text as sort_value`
}

/** The cursor after a row read with sortValueSql. */
export function cursorAfter(row: { id: string; sort_value: string | null }): string {
  return encodeCursor({ v: row.sort_value ?? null, id: row.id })
}
