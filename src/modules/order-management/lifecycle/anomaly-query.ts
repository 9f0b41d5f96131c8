/** The desk's anomaly filters (see listAnomalies). `assignee_id: null` means unassigned. */
export type AnomalyFilters = {
  status?: string[]
  type?: string[]
  order_id?: string
  cart_id?: string
  without_order?: boolean
  provider_id?: string
  assignee_id?: string | null
  created_from?: Date
  created_to?: Date
  older_than?: Date
  q?: string
}

/**
 * The anomalies matching `f` (every filter but status), joined with the order's lifecycle row (alias `l`) for its
 * display id and number; the anomaly is `a`. A knex query builder to count, group or select from.
 */
export function anomalyQuery(knex: any, f: AnomalyFilters) {
  const qb = knex("order_anomaly as a").leftJoin("order_lifecycle as l", function (this: any) {
    this.on("l.order_id", "=", "a.order_id").andOnNull("l.deleted_at")
  })
  qb.whereNull("a.deleted_at")
  if (f.type?.length) qb.whereIn("a.type", f.type)
  if (f.order_id) qb.where("a.order_id", f.order_id)
  if (f.cart_id) qb.where("a.cart_id", f.cart_id)
  if (f.without_order) qb.whereNull("a.order_id")
  if (f.provider_id) {
    const p = f.provider_id
    qb.where((w: any) => w.where("a.provider_id", p).orWhere("a.provider_id", `pp_${p}`).orWhere("a.provider_id", "like", `pp_${p.replace(/[%_\\]/g, "\\$&")}\\_%`))
  }
  if (f.assignee_id === null) qb.whereNull("a.assignee_id")
  else if (f.assignee_id) qb.where("a.assignee_id", f.assignee_id)
  if (f.created_from) qb.where("a.created_at", ">=", f.created_from)
  if (f.created_to) qb.where("a.created_at", "<=", f.created_to)
  if (f.older_than) qb.where("a.created_at", "<", f.older_than)
  if (f.q) {
    const q = f.q.trim().replace(/^#/, "")
    qb.where((w: any) => {
      w.where("a.id", q).orWhere("a.order_id", q).orWhere("a.out_trade_no", q).orWhere("a.platform_transaction_id", q).orWhere("l.order_number", q)
      if (/^\d{1,12}$/.test(q)) w.orWhere("l.display_id", Number(q))
    })
  }
  return qb
}
