/**
 * The clone statements of the million-order generator (bench/generate-orders.ts): for each table Medusa 2.21 and
 * this plugin write for a placed and paid order, one INSERT … SELECT over the batch (`gen_o`, one row per order;
 * `gen_i`, one per line item) joined to the template's row of the same currency. Every column is the template's own
 * value unless an override below sets it, so a column Medusa adds in a later version is filled as the template has
 * it. Ids are the table's prefix + "GEN" + the order number padded to Medusa's 26-character id length (ids grow
 * with placement time, as Medusa's ULIDs do).
 */

type Spec = {
  table: string
  /** the template row: a column of gen_tpl holding its id */
  template: string
  /** the driving rows: "o" (gen_o) or "i" (gen_i joined to its order o) */
  from: "o" | "i"
  /** only these rows (SQL over o / i) */
  where?: string
  /** id suffix to tell several rows of one order apart */
  suffix?: string
  overrides: Record<string, string>
}

/** prefix_GEN + the order number (and suffix) in 23 characters: Medusa's 26-character id body */
const id = (prefix: string, suffix = "", tag = "GEN") => `'${prefix}_${tag}' || lpad(o.g::text, ${23 - suffix.length}, '0')${suffix ? ` || '${suffix}'` : ""}`
const raw = (expr: string) => `jsonb_build_object('value', (${expr})::text, 'precision', 20)`
const paidAmount = `case when o.pay_state = 'paid' then o.total else 0 end`

const SPECS: Spec[] = [
  {
    table: "order_address", template: "shipping_address_id", from: "o",
    overrides: {
      id: id("ordaddr", "s"), customer_id: "o.customer_id",
      first_name: "o.first_name", last_name: "o.last_name", phone: "o.phone",
      city: `case when o.currency = 'cny' then (array['上海','北京','杭州','广州','深圳','成都','南京','武汉'])[1 + o.g % 8] else (array['New York','San Francisco','Seattle','Austin'])[1 + o.g % 4] end`,
      province: `case when o.currency = 'cny' then (array['上海市','北京市','浙江省','广东省','广东省','四川省','江苏省','湖北省'])[1 + o.g % 8] else (array['NY','CA','WA','TX'])[1 + o.g % 4] end`,
      address_1: `case when o.currency = 'cny' then (o.g % 300 + 1)::text || '号 南京路' else (o.g % 900 + 1)::text || ' Main Street' end`,
      created_at: "o.created_at", updated_at: "o.created_at",
    },
  },
  {
    table: "order_address", template: "billing_address_id", from: "o", suffix: "b",
    overrides: {
      id: id("ordaddr", "b"), customer_id: "o.customer_id",
      first_name: "o.first_name", last_name: "o.last_name", created_at: "o.created_at", updated_at: "o.created_at",
    },
  },
  {
    table: "order", template: "order_id", from: "o",
    overrides: {
      id: "o.id", display_id: "o.display_id", customer_id: "o.customer_id", email: "o.email",
      status: `case when o.pay_state = 'canceled' then 'canceled' when o.fulfillment_status in ('completed', 'refunded') then 'completed' else 'pending' end`,
      shipping_address_id: id("ordaddr", "s"), billing_address_id: `case when tpl.billing_address_id is null then null else ${id("ordaddr", "b")} end`,
      created_at: "o.created_at", updated_at: "coalesce(o.canceled_at, o.paid_at, o.created_at)", canceled_at: "o.canceled_at", metadata: "null",
    },
  },
  {
    table: "order_line_item", template: "line_item_id", from: "i",
    overrides: {
      id: "i.line_item_id", title: "i.product_title", subtitle: "i.variant_title", thumbnail: "null", variant_id: "i.variant_id", product_id: "i.product_id",
      product_title: "i.product_title", product_description: "null", product_handle: "i.handle", variant_sku: "i.sku", variant_title: "i.variant_title",
      unit_price: "i.unit_price", raw_unit_price: raw("i.unit_price"), created_at: "o.created_at", updated_at: "o.created_at",
    },
  },
  {
    table: "order_item", template: "item_id", from: "i",
    overrides: {
      id: "i.item_id", order_id: "o.id", item_id: "i.line_item_id", quantity: "i.quantity", raw_quantity: raw("i.quantity"),
      fulfilled_quantity: "case when o.fulfillment_status in ('dispatched', 'completed', 'refunded') then i.quantity else 0 end",
      raw_fulfilled_quantity: raw("case when o.fulfillment_status in ('dispatched', 'completed', 'refunded') then i.quantity else 0 end"),
      shipped_quantity: "case when o.fulfillment_status in ('dispatched', 'completed', 'refunded') then i.quantity else 0 end",
      raw_shipped_quantity: raw("case when o.fulfillment_status in ('dispatched', 'completed', 'refunded') then i.quantity else 0 end"),
      delivered_quantity: "case when o.fulfillment_status in ('completed', 'refunded') then i.quantity else 0 end",
      raw_delivered_quantity: raw("case when o.fulfillment_status in ('completed', 'refunded') then i.quantity else 0 end"),
      unit_price: "null", raw_unit_price: "null", created_at: "o.created_at", updated_at: "o.created_at",
    },
  },
  {
    table: "order_shipping_method", template: "shipping_method_id", from: "o",
    overrides: { id: id("ordsm"), amount: "o.shipping", raw_amount: raw("o.shipping"), created_at: "o.created_at", updated_at: "o.created_at" },
  },
  {
    table: "order_shipping", template: "shipping_id", from: "o",
    overrides: { id: id("ordspmv"), order_id: "o.id", shipping_method_id: id("ordsm"), created_at: "o.created_at", updated_at: "o.created_at" },
  },
  {
    table: "order_summary", template: "summary_id", from: "o",
    overrides: { id: id("ordsum"), order_id: "o.id", totals: `gen_totals(tpl.totals, t.total, o.total, ${paidAmount}, o.refunded)`, created_at: "o.created_at", updated_at: "coalesce(o.paid_at, o.created_at)" },
  },
  {
    table: "payment_collection", template: "payment_collection_id", from: "o",
    overrides: {
      id: id("pay_col"), amount: "o.total", raw_amount: raw("o.total"),
      authorized_amount: paidAmount, raw_authorized_amount: raw(paidAmount), captured_amount: paidAmount, raw_captured_amount: raw(paidAmount),
      refunded_amount: "o.refunded", raw_refunded_amount: raw("o.refunded"),
      status: `case when o.pay_state = 'paid' then 'completed' when o.pay_state = 'canceled' then 'canceled' else 'not_paid' end`,
      completed_at: "o.paid_at", created_at: "o.created_at", updated_at: "coalesce(o.paid_at, o.canceled_at, o.created_at)",
    },
  },
  {
    table: "order_payment_collection", template: "order_payment_collection_id", from: "o",
    overrides: { id: id("ordpay"), order_id: "o.id", payment_collection_id: id("pay_col"), created_at: "o.created_at", updated_at: "o.created_at" },
  },
  {
    table: "payment_session", template: "session_id", from: "o",
    overrides: {
      id: id("payses"), amount: "o.total", raw_amount: raw("o.total"), provider_id: "o.provider_id",
      data: `case when o.provider_id in ('pp_alipay_alipay', 'pp_wechatpay_wechatpay') then jsonb_build_object('out_trade_no', 'GEN' || o.display_id) else '{}'::jsonb end`,
      status: `case when o.pay_state = 'paid' then 'authorized' when o.pay_state = 'canceled' then 'canceled' else 'pending' end`,
      authorized_at: "o.paid_at", payment_collection_id: id("pay_col"), created_at: "o.created_at", updated_at: "coalesce(o.paid_at, o.canceled_at, o.created_at)",
    },
  },
  {
    table: "payment", template: "payment_id", from: "o", where: "o.pay_state = 'paid'",
    overrides: {
      id: id("pay"), amount: "o.total", raw_amount: raw("o.total"), provider_id: "o.provider_id",
      data: `case when o.provider_id in ('pp_alipay_alipay', 'pp_wechatpay_wechatpay') then jsonb_build_object('out_trade_no', 'GEN' || o.display_id, 'transaction_id', '2026' || lpad(o.g::text, 20, '0')) else '{}'::jsonb end`,
      captured_at: "o.paid_at", canceled_at: "null", payment_collection_id: id("pay_col"), payment_session_id: id("payses"), created_at: "o.paid_at", updated_at: "o.paid_at",
    },
  },
  {
    table: "capture", template: "capture_id", from: "o", where: "o.pay_state = 'paid'",
    overrides: { id: id("capt"), amount: "o.total", raw_amount: raw("o.total"), payment_id: id("pay"), created_at: "o.paid_at", updated_at: "o.paid_at" },
  },
  {
    table: "order_transaction", template: "transaction_id", from: "o", where: "o.pay_state = 'paid'",
    overrides: { id: id("ordtrx"), order_id: "o.id", amount: "o.total", raw_amount: raw("o.total"), reference: "'capture'", reference_id: id("capt"), created_at: "o.paid_at", updated_at: "o.paid_at" },
  },
  {
    table: "order_transaction", template: "transaction_id", from: "o", where: "o.refunded > 0", suffix: "r",
    overrides: { id: id("ordtrx", "r"), order_id: "o.id", amount: "-o.refunded", raw_amount: raw("-o.refunded"), reference: "'refund'", reference_id: id("ref"), created_at: "o.paid_at + interval '3 days'", updated_at: "o.paid_at + interval '3 days'" },
  },
  {
    table: "order_order_order_management_order_lifecycle", template: "lifecycle_link_id", from: "o",
    overrides: { id: id("ordordlc"), order_id: "o.id", order_lifecycle_id: id("olc"), created_at: "o.created_at", updated_at: "o.created_at" },
  },
  {
    table: "order_cart", template: "order_cart_id", from: "o",
    overrides: { id: id("ordercart"), order_id: "o.id", cart_id: id("cart"), created_at: "o.created_at", updated_at: "o.created_at" },
  },
  {
    table: "cart", template: "cart_id", from: "o",
    overrides: { id: id("cart"), customer_id: "o.customer_id", email: "o.email", shipping_address_id: "null", billing_address_id: "null", created_at: "o.created_at - interval '4 minutes'", updated_at: "o.created_at", completed_at: "o.created_at" },
  },
  {
    table: "cart_line_item", template: "cart_line_item_id", from: "i",
    overrides: {
      id: "'cali_GEN' || lpad(o.g::text, 22, '0') || i.j", cart_id: id("cart"), title: "i.product_title", subtitle: "i.variant_title", thumbnail: "null", quantity: "i.quantity",
      variant_id: "i.variant_id", product_id: "i.product_id", product_title: "i.product_title", product_description: "null", product_handle: "i.handle", variant_sku: "i.sku", variant_title: "i.variant_title",
      unit_price: "i.unit_price", raw_unit_price: raw("i.unit_price"), created_at: "o.created_at - interval '4 minutes'", updated_at: "o.created_at",
    },
  },
  {
    table: "cart_payment_collection", template: "cart_payment_collection_id", from: "o",
    overrides: { id: id("capaycol"), cart_id: id("cart"), payment_collection_id: id("pay_col"), created_at: "o.created_at", updated_at: "o.created_at" },
  },
]

/** Refunds, the lifecycle, its history and the anomalies are this generator's own rows (no template needed). */
const OWN_SQL = [
  `insert into refund (id, amount, raw_amount, payment_id, created_at, updated_at, note)
   select ${id("ref")}, o.refunded, ${raw("o.refunded")}, ${id("pay")}, o.paid_at + interval '3 days', o.paid_at + interval '3 days', 'generated'
   from gen_o o where o.refunded > 0`,
  `insert into order_lifecycle (id, order_id, order_number, display_id, payment_status, fulfillment_status, on_hold, hold_reason, review_mode, payment_provider, currency_code,
     total_minor, raw_total_minor, paid_minor, raw_paid_minor, outstanding_minor, raw_outstanding_minor, payment_fee_minor, customer_id, email, marks, product_ids, placed_at, paid_at,
     approved_at, dispatched_at, completed_at, canceled_at, created_at, updated_at)
   select ${id("olc")}, o.id, 'MO' || to_char(o.created_at at time zone 'UTC', 'YYYYMMDD') || lpad(o.display_id::text, greatest(6, length(o.display_id::text)), '0'), o.display_id,
     case o.pay_state when 'paid' then 'confirmed' when 'canceled' then 'canceled' when 'fraud' then 'suspected_fraud' else 'pending' end,
     o.fulfillment_status, o.on_hold, case when o.on_hold then 'address check' end,
     case when o.pay_state = 'paid' then (case when o.provider_id = 'pp_bank-transfer_bank-transfer' then 'manual' else 'auto' end) end,
     o.provider_id, o.currency, round(o.total * 100), ${raw("round(o.total * 100)")},
     case when o.pay_state = 'paid' then round(o.total * 100) else 0 end, ${raw("case when o.pay_state = 'paid' then round(o.total * 100) else 0 end")},
     case when o.pay_state in ('paid', 'canceled') then 0 else round(o.total * 100) end, ${raw("case when o.pay_state in ('paid', 'canceled') then 0 else round(o.total * 100) end")},
     case when o.pay_state = 'paid' then round(o.total * (case when o.provider_id in ('pp_alipay_alipay', 'pp_wechatpay_wechatpay') then 0.6 when o.provider_id in ('pp_nowpayments_nowpayments', 'pp_btcpay_btcpay') then 0.5 else 0 end)) end,
     o.customer_id, o.email, case when o.u7 > 0.995 then array['vip'] when o.u7 > 0.99 then array['gift'] else array[]::text[] end,
     o.product_ids, o.created_at, o.paid_at,
     case when o.fulfillment_status in ('processing', 'dispatched', 'completed', 'refunded') then o.paid_at + interval '20 minutes' end,
     case when o.fulfillment_status in ('dispatched', 'completed', 'refunded') then o.paid_at + interval '1 day' end,
     case when o.fulfillment_status = 'completed' then o.paid_at + interval '7 days' end,
     o.canceled_at, o.created_at, coalesce(o.canceled_at, o.paid_at, o.created_at)
   from gen_o o`,
  `insert into order_lifecycle_event (id, action, from_payment_status, to_payment_status, from_fulfillment_status, to_fulfillment_status, actor_type, lifecycle_id, created_at, updated_at)
   select ${id("olce", "1")}, 'created', null, 'pending', null, null, 'system', ${id("olc")}, o.created_at, o.created_at from gen_o o
   union all
   select ${id("olce", "2")}, 'payment_confirmed', 'pending', 'confirmed', null, null, 'gateway', ${id("olc")}, o.paid_at, o.paid_at from gen_o o where o.pay_state = 'paid'
   union all
   select ${id("olce", "3")}, 'cancel', 'pending', 'canceled', null, null, 'system', ${id("olc")}, o.canceled_at, o.canceled_at from gen_o o where o.pay_state = 'canceled'
   union all
   select ${id("olce", "4")}, 'dispatch', 'confirmed', 'confirmed', 'processing', 'dispatched', 'user', ${id("olc")}, o.paid_at + interval '1 day', o.paid_at + interval '1 day' from gen_o o where o.fulfillment_status in ('dispatched', 'completed', 'refunded')`,
  `insert into order_anomaly (id, order_id, type, status, dedupe_key, amount_minor, raw_amount_minor, currency_code, provider_id, created_at, updated_at)
   select ${id("oanom")}, o.id, 'amount_mismatch', 'open', 'gen:' || o.id, round(o.total * 90), ${raw("round(o.total * 90)")}, o.currency, o.provider_id, o.created_at + interval '2 minutes', o.created_at + interval '2 minutes'
   from gen_o o where o.pay_state = 'fraud'`,
]

/**
 * The template's row ids per currency (gen_tpl), the totals helper, and the statements to run per batch.
 * `templates`: currency → the template order's id.
 */
export async function cloneSql(knex: any, templates: Record<string, string>): Promise<string[]> {
  await knex.raw(`create unlogged table gen_tpl (currency text primary key, order_id text, shipping_address_id text, billing_address_id text, summary_id text, item_id text,
    line_item_id text, shipping_id text, shipping_method_id text, transaction_id text, order_payment_collection_id text, payment_collection_id text, session_id text,
    payment_id text, capture_id text, lifecycle_link_id text, order_cart_id text, cart_id text, cart_line_item_id text, cart_payment_collection_id text, total numeric)`)
  for (const [currency, orderId] of Object.entries(templates)) {
    await knex.raw(
      `insert into gen_tpl
       select ?, o.id, o.shipping_address_id, o.billing_address_id,
         (select id from order_summary where order_id = o.id limit 1),
         (select id from order_item where order_id = o.id limit 1),
         (select item_id from order_item where order_id = o.id limit 1),
         (select id from order_shipping where order_id = o.id limit 1),
         (select shipping_method_id from order_shipping where order_id = o.id limit 1),
         (select id from order_transaction where order_id = o.id limit 1),
         (select id from order_payment_collection where order_id = o.id limit 1),
         (select payment_collection_id from order_payment_collection where order_id = o.id limit 1),
         (select ps.id from payment_session ps join order_payment_collection opc on opc.payment_collection_id = ps.payment_collection_id where opc.order_id = o.id limit 1),
         (select p.id from payment p join order_payment_collection opc on opc.payment_collection_id = p.payment_collection_id where opc.order_id = o.id limit 1),
         (select c.id from capture c join payment p on p.id = c.payment_id join order_payment_collection opc on opc.payment_collection_id = p.payment_collection_id where opc.order_id = o.id limit 1),
         (select id from order_order_order_management_order_lifecycle where order_id = o.id limit 1),
         (select id from order_cart where order_id = o.id limit 1),
         (select cart_id from order_cart where order_id = o.id limit 1),
         (select cli.id from cart_line_item cli join order_cart oc on oc.cart_id = cli.cart_id where oc.order_id = o.id limit 1),
         (select cpc.id from cart_payment_collection cpc join order_cart oc on oc.cart_id = cpc.cart_id where oc.order_id = o.id limit 1),
         (select coalesce((s.totals->'raw_current_order_total'->>'value')::numeric, (s.totals->>'current_order_total')::numeric) from order_summary s where s.order_id = o.id limit 1)
       from "order" o where o.id = ?`,
      [currency, orderId]
    )
  }
  const missing = (await knex.raw(`select * from gen_tpl`)).rows.flatMap((r: any) => Object.entries(r).filter(([k, v]) => v === null && k !== "billing_address_id").map(([k]) => `${r.currency}.${k}`))
  if (missing.length) throw new Error(`the template orders lack rows the generator clones: ${missing.join(", ")}`)
  await knex.raw(TOTALS_FUNCTION)

  const statements = await specStatements(knex, SPECS)
  return [...statements, ...OWN_SQL]
}

/** One INSERT … SELECT per spec, over the driving table (gen_o, or gen_i joined to gen_o) and the template row. */
async function specStatements(knex: any, specs: Spec[], driving = "gen_o"): Promise<string[]> {
  const statements: string[] = []
  for (const spec of specs) {
    const info: Array<{ column_name: string; data_type: string; udt_name: string }> = (await knex.raw(`select column_name, data_type, udt_name from information_schema.columns where table_schema = current_schema() and table_name = '${spec.table}' order by ordinal_position`)).rows
    const columns = info.map((r) => r.column_name)
    if (!columns.length) throw new Error(`no table ${spec.table}`)
    for (const c of Object.keys(spec.overrides)) if (!columns.includes(c)) throw new Error(`${spec.table} has no column ${c}`)
    // an override of an enum column is cast to the column's own type (order_status_enum, …)
    const typed = (c: string, expr: string) => {
      const col = info.find((r) => r.column_name === c)!
      return col.data_type === "USER-DEFINED" ? `(${expr})::${JSON.stringify(col.udt_name)}` : expr
    }
    const values = columns.map((c) => (c in spec.overrides ? typed(c, spec.overrides[c]) : `tpl.${JSON.stringify(c)}`))
    const source = spec.from === "i" ? `gen_i i join ${driving} o on o.g = i.g` : `${driving} o`
    const where = [spec.template === "billing_address_id" ? "t.billing_address_id is not null" : null, spec.where].filter(Boolean).join(" and ")
    statements.push(
      `insert into ${JSON.stringify(spec.table)} (${columns.map((c) => JSON.stringify(c)).join(", ")})
       select ${values.join(", ")}
       from ${source} join gen_tpl t on t.currency = o.currency join ${JSON.stringify(spec.table)} tpl on tpl.id = t.${spec.template}${where ? ` where ${where}` : ""}`
    )
  }
  return statements
}

/**
 * Abandoned carts (driving table gen_c: g, currency, customer_id, created_at, with_session, product_id, product_title,
 * handle, variant_id, sku, variant_title, unit_price, quantity, total): the cart with one line item, cloned from the
 * template order's cart; those that reached checkout also get a payment collection and a pending session that was
 * never paid (the channel's share as for orders).
 */
export async function abandonedCartSql(knex: any): Promise<string[]> {
  const c = (prefix: string, suffix = "") => id(prefix, suffix, "ABN")
  const specs: Spec[] = [
    {
      table: "cart", template: "cart_id", from: "o",
      overrides: { id: c("cart"), customer_id: "o.customer_id", email: "null", shipping_address_id: "null", billing_address_id: "null", created_at: "o.created_at", updated_at: "o.created_at", completed_at: "null" },
    },
    {
      table: "cart_line_item", template: "cart_line_item_id", from: "o",
      overrides: {
        id: c("cali"), cart_id: c("cart"), title: "o.product_title", subtitle: "o.variant_title", thumbnail: "null", quantity: "o.quantity",
        variant_id: "o.variant_id", product_id: "o.product_id", product_title: "o.product_title", product_description: "null", product_handle: "o.handle", variant_sku: "o.sku", variant_title: "o.variant_title",
        unit_price: "o.unit_price", raw_unit_price: raw("o.unit_price"), created_at: "o.created_at", updated_at: "o.created_at",
      },
    },
    {
      table: "payment_collection", template: "payment_collection_id", from: "o", where: "o.with_session",
      overrides: {
        id: c("pay_col"), amount: "o.total", raw_amount: raw("o.total"), authorized_amount: "0", raw_authorized_amount: raw("0"), captured_amount: "0", raw_captured_amount: raw("0"),
        refunded_amount: "0", raw_refunded_amount: raw("0"), status: "'not_paid'", completed_at: "null", created_at: "o.created_at", updated_at: "o.created_at",
      },
    },
    {
      table: "cart_payment_collection", template: "cart_payment_collection_id", from: "o", where: "o.with_session",
      overrides: { id: c("capaycol"), cart_id: c("cart"), payment_collection_id: c("pay_col"), created_at: "o.created_at", updated_at: "o.created_at" },
    },
    {
      table: "payment_session", template: "session_id", from: "o", where: "o.with_session",
      overrides: { id: c("payses"), amount: "o.total", raw_amount: raw("o.total"), provider_id: "o.provider_id", data: "'{}'::jsonb", status: "'pending'", authorized_at: "null", payment_collection_id: c("pay_col"), created_at: "o.created_at + interval '2 minutes'", updated_at: "o.created_at + interval '2 minutes'" },
    },
  ]
  return specStatements(knex, specs, "gen_c")
}

/**
 * Medusa's order summary for a clone, from the template's: every total equal to the template's order total becomes
 * the clone's; paid, refunded, transaction and pending-difference totals follow the clone's payments; `raw_` twins
 * carry the same values exactly.
 */
const TOTALS_FUNCTION = `
create or replace function gen_totals(tpl jsonb, tpl_total numeric, total numeric, paid numeric, refunded numeric) returns jsonb language sql immutable as $$
  select jsonb_object_agg(e.k, case
    when x.val is null then e.v
    when jsonb_typeof(e.v) = 'number' then to_jsonb(x.val)
    else jsonb_build_object('value', x.val::text, 'precision', 20) end)
  from jsonb_each(tpl) as e(k, v)
  cross join lateral (select case
    when jsonb_typeof(e.v) = 'number' or (jsonb_typeof(e.v) = 'object' and (e.v->'value') is not null) then
      case regexp_replace(e.k, '^raw_', '')
        when 'paid_total' then paid
        when 'refunded_total' then refunded
        when 'transaction_total' then paid - refunded
        when 'pending_difference' then total - (paid - refunded)
        else (case when coalesce(e.v->>'value', e.v::text)::numeric = tpl_total then total else coalesce(e.v->>'value', e.v::text)::numeric end)
      end
    end as val) x
$$`
