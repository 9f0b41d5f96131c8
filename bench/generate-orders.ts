/**
 * The million-order generator (run by bench/lib/orders-database.mjs with `medusa exec` on its own database; see
 * docs/benchmarks.md). BENCH_ORDERS (1,000 … 1,000,000) orders of a store with 90 days of history:
 *
 * 1. the store: regions (CNY, USD), a sales channel, a stock location, shipping options (seedStore), then ~500
 *    products with one variant each, prices in both currencies and stock levels (some low), through Medusa's
 *    workflows; ~50,000 customers in SQL (Chinese and Latin names, emails, phones);
 * 2. template orders placed through Medusa's real checkout (cart → payment collection → session → complete cart →
 *    capture), one per currency, so every table Medusa writes for an order is right;
 * 3. the clones, in SQL, batch by batch: each of the template's rows (order, addresses, items and line items,
 *    shipping, summary, transactions, payment collection, session, payment, capture, refund, the links, our
 *    lifecycle and its history) copied with new ids, display ids, customers, products, quantities, amounts, dates,
 *    providers and statuses; every column not named below is the template's own value;
 * 4. abandoned carts (with an item; some with an unpaid payment session) for conversion statistics.
 *
 * Distributions: placed times over the last 90 days with a weekly and daily rhythm (Asia/Shanghai); 85 % CNY; the
 * plugin's providers with realistic shares per currency; products and customers long-tailed (a few sell and buy
 * most); lifecycle statuses by age (unpaid recent orders pending, old unpaid ones canceled, paid ones held, processing,
 * dispatched, completed or refunded as they age); 3 % partially refunded; a few suspected fraud with an anomaly.
 * Deterministic for a given N (setseed). Writes `bench_generator` (version, n, when, rows per table) at the end; a
 * database without that row is incomplete and is rebuilt.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import { createInventoryLevelsWorkflow, createProductsWorkflow } from "@medusajs/medusa/core-flows"
import { seedStore } from "../integration-tests/helpers/seed-store"
import { payOrder, placeOrder } from "../integration-tests/helpers/place-order"
import { GENERATOR_VERSION, PROVIDER_SHARES } from "./lib/generator-shape"
import { abandonedCartSql, cloneSql } from "./lib/clone-orders"
import { syncOrder } from "../src/workflows/sync-order"

export default async function generate({ container }: ExecArgs) {
  const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 500)
  const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 50_000)
  const BATCH = Number(process.env.BENCH_GENERATOR_BATCH ?? 50_000)
  const n = Number(process.env.BENCH_ORDERS ?? 1_000_000)
  if (!Number.isInteger(n) || n < 1 || n > 5_000_000) throw new Error(`BENCH_ORDERS must be an integer from 1 to 5,000,000, got ${process.env.BENCH_ORDERS}`)
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const log = (m: string) => console.log(`[generator] ${m}`)
  const t0 = Date.now()

  // 1. the store, products, customers
  const store = await seedStore(container, { stock: 1_000_000, cnyProviders: [] })
  const [profile] = await container.resolve(Modules.FULFILLMENT).listShippingProfiles({}, { take: 1 })
  for (let done = 0; done < PRODUCTS; done += 50) {
    const size = Math.min(50, PRODUCTS - done)
    const { result } = await createProductsWorkflow(container).run({
      input: {
        products: Array.from({ length: size }, (_, i) => {
          const k = done + i + 1
          // prices from ¥9.90 to ¥2,999 with most below ¥300, USD at about a seventh
          const cny = Math.round((9.9 + ((k * 7919) % 1000) ** 2 / 330) * 10) / 10
          return {
            title: `${PRODUCT_WORDS[k % PRODUCT_WORDS.length]} ${k}`,
            handle: `gen-product-${k}`,
            status: ProductStatus.PUBLISHED,
            shipping_profile_id: profile.id,
            options: [{ title: "Size", values: ["Standard"] }],
            variants: [{ title: "Standard", sku: `GEN-${String(k).padStart(4, "0")}`, manage_inventory: true, options: { Size: "Standard" }, prices: [{ currency_code: "cny", amount: cny }, { currency_code: "usd", amount: Math.max(1.5, Math.round((cny / 7) * 100) / 100) }] }],
            sales_channels: [{ id: store.salesChannelId }],
          }
        }),
      },
    })
    const variants = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "product_variant", fields: ["id", "inventory_items.inventory_item_id", "sku"], filters: { product_id: result.map((p) => p.id) } })
    await createInventoryLevelsWorkflow(container).run({
      input: {
        inventory_levels: variants.data.map((v: any) => ({
          inventory_item_id: v.inventory_items[0].inventory_item_id,
          location_id: store.locationId,
          // every 25th product runs low (stock alerts have something to show)
          stocked_quantity: Number(v.sku.slice(4)) % 25 === 0 ? Number(v.sku.slice(4)) % 7 : 200 + ((Number(v.sku.slice(4)) * 37) % 5000),
        })),
      },
    })
  }
  log(`${PRODUCTS} products in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  // random() is seeded per connection: each step runs in a transaction (one connection) seeded from N and the step
  const seeded = (step: number, fn: (trx: any) => Promise<void>) =>
    knex.transaction(async (trx: any) => {
      await trx.raw(`select setseed(?)`, [((n * 7919 + step * 104729) % 1_000_000) / 1_000_000])
      await fn(trx)
    })
  await seeded(1, (trx) => trx.raw(CUSTOMERS_SQL, [CUSTOMERS]))
  log(`${CUSTOMERS} customers`)

  // 2. template orders through Medusa's checkout: one per currency, paid (an unpaid clone drops the payment rows)
  const templates: Record<string, string> = {}
  for (const region of ["cny", "usd"] as const) {
    const placed = await placeOrder(container, store, { region, provider: "pp_system_default", items: [{ variant: "tea", quantity: 1 }], email: `template-${region}@example.com` })
    await payOrder(container, placed)
    // the lifecycle record (a subscriber writes it in a running store; `medusa exec` may not run subscribers)
    await syncOrder(container, placed.order_id)
    templates[region] = placed.order_id
  }
  log(`template orders ${Object.values(templates).join(", ")}`)

  // 3. the clones
  const sql = await cloneSql(knex, templates)
  await knex.raw(PRODUCT_PICK_SQL)
  const products = Number((await knex.raw(`select count(*) as c from gen_product`)).rows[0].c)
  await seeded(2, (trx) => trx.raw(fill(TIMES_SQL, { draws: Math.ceil(n * 2.2) + 1000, n })))
  const times = Number((await knex.raw(`select count(*) as c from gen_time`)).rows[0].c)
  if (times < n) throw new Error(`only ${times} placed times drawn for ${n} orders`)
  const display0 = Number((await knex.raw(`select coalesce(max(display_id), 0) as m from "order"`)).rows[0].m)
  const t1 = Date.now()
  // batches are independent (their own g range, temp tables and seed): two at a time keep both cores busy
  const PARALLEL = Number(process.env.BENCH_GENERATOR_PARALLEL ?? 2)
  const batches = Array.from({ length: Math.ceil(n / BATCH) }, (_, b) => ({ lo: 1 + b * BATCH, hi: Math.min(n, (b + 1) * BATCH) }))
  let done = 0
  await pool(batches, PARALLEL, async ({ lo, hi }) => {
    await seeded(10 + lo, async (trx: any) => {
      await trx.raw(fill(ORDERS_SQL, { lo, hi, display0, customers: CUSTOMERS, ...PROVIDER_SHARES }))
      await trx.raw(fill(ITEMS_SQL, { products }))
      for (const s of sql) await trx.raw(s)
      await trx.raw(`drop table gen_o; drop table gen_i`)
    })
    done += hi - lo + 1
    log(`${done} of ${n} orders (${(done / ((Date.now() - t1) / 1000)).toFixed(0)} orders/s)`)
  })
  await knex.raw(`select setval('order_display_id_seq', (select max(display_id) from "order"))`)
  // 4. abandoned carts: about one and a half per order, a third of them reached a payment session never paid
  const cartSql = await abandonedCartSql(knex)
  const carts = Math.round(n * 1.5)
  const cartBatches = Array.from({ length: Math.ceil(carts / BATCH) }, (_, b) => ({ lo: 1 + b * BATCH, hi: Math.min(carts, (b + 1) * BATCH) }))
  await pool(cartBatches, PARALLEL, async ({ lo, hi }) => {
    await seeded(5_000_000 + lo, async (trx: any) => {
      await trx.raw(fill(CARTS_SQL, { lo, hi, customers: CUSTOMERS, products, ...PROVIDER_SHARES }))
      for (const s of cartSql) await trx.raw(s)
      await trx.raw(`drop table gen_c`)
    })
  })
  log(`${carts} abandoned carts`)
  await knex.raw(`drop table gen_time; drop table gen_product`)
  await knex.raw(`analyze`)

  const counts = Object.fromEntries(
    (await knex.raw(`select relname, n_live_tup::bigint as n from pg_stat_user_tables where relname in ('order','order_item','order_line_item','order_lifecycle','order_lifecycle_event','payment','capture','refund','customer','cart','payment_session','order_anomaly') order by relname`)).rows.map((r: any) => [r.relname, Number(r.n)])
  )
  const size = (await knex.raw(`select pg_size_pretty(pg_database_size(current_database())) as s, pg_database_size(current_database())::bigint as b`)).rows[0]
  const seconds = (Date.now() - t0) / 1000
  const rows = Object.values(counts).reduce((a: number, b) => a + (b as number), 0)
  await knex.raw(`create table if not exists bench_generator (version int not null, n int not null, generated_at timestamptz not null, seconds numeric not null, rows jsonb not null, database_bytes bigint not null)`)
  await knex.raw(`insert into bench_generator values (?, ?, now(), ?, ?, ?)`, [GENERATOR_VERSION, n, seconds.toFixed(1), JSON.stringify(counts), size.b])
  log(`${n} orders in ${seconds.toFixed(1)} s (${(n / ((Date.now() - t1) / 1000)).toFixed(0)} orders/s cloning, ${rows} rows in the main tables, ${(rows / seconds).toFixed(0)} rows/s overall); database ${size.s}`)
  return { store, templates }
}

/** Run fn over items, at most `size` at a time. */
async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  let next = 0
  await Promise.all(Array.from({ length: Math.max(1, size) }, async () => {
    while (next < items.length) await fn(items[next++])
  }))
}

/** The statement with each {{name}} replaced by its number (only numbers are ever filled in). */
function fill(sql: string, values: Record<string, number>): string {
  return sql.replace(/\{\{(\w+)\}\}/g, (_, k) => {
    const v = values[k]
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`no number for {{${k}}}`)
    return String(v)
  })
}

const PRODUCT_WORDS = ["Longjing tea", "Pu'er cake", "Oolong", "Jasmine tea", "Tea set", "Gaiwan", "Teapot", "Tea tray", "Cup", "Silk scarf", "Porcelain bowl", "Bamboo whisk"]

/** ~50,000 customers: ids cus_GEN…, names from common Chinese and Latin ones, unique emails and phones, signed up over two years. */
const CUSTOMERS_SQL = `
insert into customer (id, first_name, last_name, email, phone, has_account, created_at, updated_at)
select 'cus_GEN' || lpad(c::text, 23, '0'),
  (array['伟','芳','娜','敏','静','磊','洋','艳','勇','军','Wei','Li','Anna','David','Mei','John'])[1 + (c * 7) % 16],
  (array['王','李','张','刘','陈','杨','黄','赵','吴','周','Smith','Chen','Wang','Zhang'])[1 + (c * 13) % 14],
  'customer' || c || '@example.com',
  '13' || lpad(((c::bigint * 7919) % 1000000000)::text, 9, '0'),
  true, now() - (random() * interval '730 days'), now()
from generate_series(1, ?) c`

/** The products orders pick from (a long tail: index 1 sells most), with their variant and prices in minor units. */
const PRODUCT_PICK_SQL = `
create unlogged table gen_product as
select row_number() over (order by p.handle) as k, p.id as product_id, p.title as product_title, p.handle, v.id as variant_id, v.sku, v.title as variant_title,
  (select pr.amount from product_variant_price_set vps join price pr on pr.price_set_id = vps.price_set_id and pr.currency_code = 'cny' and pr.deleted_at is null where vps.variant_id = v.id limit 1) as price_cny,
  (select pr.amount from product_variant_price_set vps join price pr on pr.price_set_id = vps.price_set_id and pr.currency_code = 'usd' and pr.deleted_at is null where vps.variant_id = v.id limit 1) as price_usd
from product p join product_variant v on v.product_id = p.id and v.deleted_at is null
where p.handle like 'gen-product-%';
create index on gen_product (k)`

/**
 * N placed times in the last 90 days, numbered in time order (so ids and display ids grow with time as Medusa's do):
 * uniform times thinned by a weekly and daily rhythm in Asia/Shanghai (Fridays and Saturdays busiest, evenings peak,
 * nights quiet).
 */
const TIMES_SQL = `
create unlogged table gen_time as
select row_number() over (order by ts) as g, ts from (
  select ts from (
    select date_trunc('milliseconds', now() - random() * interval '90 days') as ts, random() as keep from generate_series(1, {{draws}})
  ) x
  where keep < (array[0.95, 0.85, 0.85, 0.9, 0.9, 1.0, 1.0])[1 + extract(dow from ts at time zone 'Asia/Shanghai')::int]
             * (array[0.25,0.15,0.1,0.1,0.1,0.15,0.3,0.5,0.65,0.8,0.9,0.9,0.85,0.8,0.8,0.8,0.8,0.85,0.9,1.0,1.0,1.0,0.9,0.6])[1 + extract(hour from ts at time zone 'Asia/Shanghai')::int]
  limit {{n}}
) y;
create index on gen_time (g)`

/**
 * One batch of orders (g from :lo to :hi) with everything decided: id, display id, time, currency, customer,
 * provider, statuses by age, amounts. Random draws u1…u8 per order.
 */
const ORDERS_SQL = `
create temp table gen_o on commit preserve rows as
with base as (
  select t.g, t.ts, random() as u1, random() as u2, random() as u3, random() as u4, random() as u5, random() as u6, random() as u7, random() as u8
  from gen_time t where t.g between {{lo}} and {{hi}}
), shaped as (
  select b.*,
    case when b.u1 < 0.85 then 'cny' else 'usd' end as currency,
    1 + floor({{customers}} * power(b.u3, 2.2))::int as ci,
    case when b.u8 < 0.70 then 1 when b.u8 < 0.92 then 2 else 3 end as k
  from base b
), provider as (
  select s.*,
    case when s.currency = 'cny' then
      case when s.u2 < {{cny_alipay}} then 'pp_alipay_alipay' when s.u2 < {{cny_wechat}} then 'pp_wechatpay_wechatpay' when s.u2 < {{cny_bank}} then 'pp_bank-transfer_bank-transfer' else 'pp_balance_balance' end
    else
      case when s.u2 < {{usd_nowpayments}} then 'pp_nowpayments_nowpayments' when s.u2 < {{usd_btcpay}} then 'pp_btcpay_btcpay' when s.u2 < {{usd_bank}} then 'pp_bank-transfer_bank-transfer' else 'pp_balance_balance' end
    end as provider_id
  from shaped s
), timed as (
  select p.*,
    -- seconds from order to payment by channel: QR wallets in seconds to minutes, crypto in minutes, transfers in hours
    case p.provider_id
      when 'pp_alipay_alipay' then 15 + 900 * power(p.u5, 3)
      when 'pp_wechatpay_wechatpay' then 10 + 600 * power(p.u5, 3)
      when 'pp_balance_balance' then 2 + 20 * p.u5
      when 'pp_bank-transfer_bank-transfer' then 1800 + 3 * 86400 * power(p.u5, 2)
      else 300 + 3600 * power(p.u5, 2)
    end as pay_seconds
  from provider p
), status as (
  select t.*,
    case
      when t.u4 < 0.004 then 'fraud'
      when t.u4 < 0.07 or t.ts + make_interval(secs => t.pay_seconds) > now() then (case when now() - t.ts > interval '10 hours' then 'canceled' else 'unpaid' end)
      else 'paid'
    end as pay_state,
    extract(epoch from now() - t.ts) / 86400 as age_days
  from timed t
)
select s.g,
  'order_GEN' || lpad(s.g::text, 23, '0') as id, {{display0}} + s.g as display_id, s.ts as created_at, s.currency,
  'cus_GEN' || lpad(s.ci::text, 23, '0') as customer_id, 'customer' || s.ci || '@example.com' as email, s.ci, s.k, s.provider_id,
  s.pay_state,
  case when s.pay_state = 'paid' then s.ts + make_interval(secs => s.pay_seconds) end as paid_at,
  case when s.pay_state = 'canceled' then s.ts + interval '10 hours' end as canceled_at,
  case when s.pay_state <> 'paid' then null
       when s.age_days < 1 then (case when s.u6 < 0.3 then 'holded' when s.u6 < 0.8 then 'processing' else 'dispatched' end)
       when s.age_days < 7 then (case when s.u6 < 0.03 then 'holded' when s.u6 < 0.2 then 'processing' when s.u6 < 0.75 then 'dispatched' else 'completed' end)
       else (case when s.u6 < 0.03 then 'refunded' when s.u6 < 0.06 then 'dispatched' else 'completed' end) end as fulfillment_status,
  s.u7 < 0.03 as partial_refund, s.u7 < 0.005 as on_hold, s.u7, c.first_name, c.last_name, c.phone
from status s join customer c on c.id = 'cus_GEN' || lpad(s.ci::text, 23, '0');
create index on gen_o (g)`

/** The batch's line items: k per order, each a long-tail product, quantity 1 (most), 2 or 3; then each order's totals. */
const ITEMS_SQL = `
create temp table gen_i on commit preserve rows as
select o.g, j, o.id as order_id, o.currency, gp.product_id, gp.product_title, gp.handle, gp.variant_id, gp.sku, gp.variant_title,
  case when o.currency = 'cny' then gp.price_cny else gp.price_usd end as unit_price,
  case when r < 0.8 then 1 when r < 0.95 then 2 else 3 end as quantity,
  'ordli_GEN' || lpad(o.g::text, 21, '0') || j as line_item_id, 'orditem_GEN' || lpad(o.g::text, 21, '0') || j as item_id
from gen_o o cross join lateral (select j, random() as r, 1 + floor({{products}} * power(random(), 3))::int as pk from generate_series(1, o.k) j) x
join gen_product gp on gp.k = x.pk;
alter table gen_o add column items_total numeric, add column shipping numeric, add column total numeric, add column refunded numeric, add column product_ids text[];
update gen_o o set items_total = x.s, product_ids = x.p from (select g, sum(unit_price * quantity) as s, array_agg(distinct product_id) as p from gen_i group by g) x where x.g = o.g;
update gen_o set shipping = case when currency = 'cny' then 10 else 5 end;
update gen_o set total = items_total + shipping;
update gen_o set refunded = case when fulfillment_status = 'refunded' then total when partial_refund and pay_state = 'paid' then round((total * (0.1 + 0.4 * u7 / 0.03))::numeric, 2) else 0 end`

/** One batch of abandoned carts (g from {{lo}} to {{hi}}): when, whose, which product, and whether it reached a payment session. */
const CARTS_SQL = `
create temp table gen_c on commit preserve rows as
select x.g, x.currency, x.created_at, x.with_session, 'cus_GEN' || lpad(x.ci::text, 23, '0') as customer_id,
  case when x.currency = 'cny' then
    case when x.u2 < {{cny_alipay}} then 'pp_alipay_alipay' when x.u2 < {{cny_wechat}} then 'pp_wechatpay_wechatpay' when x.u2 < {{cny_bank}} then 'pp_bank-transfer_bank-transfer' else 'pp_balance_balance' end
  else
    case when x.u2 < {{usd_nowpayments}} then 'pp_nowpayments_nowpayments' when x.u2 < {{usd_btcpay}} then 'pp_btcpay_btcpay' when x.u2 < {{usd_bank}} then 'pp_bank-transfer_bank-transfer' else 'pp_balance_balance' end
  end as provider_id,
  gp.product_id, gp.product_title, gp.handle, gp.variant_id, gp.sku, gp.variant_title,
  case when x.currency = 'cny' then gp.price_cny else gp.price_usd end as unit_price, x.quantity,
  (case when x.currency = 'cny' then gp.price_cny else gp.price_usd end) * x.quantity + (case when x.currency = 'cny' then 10 else 5 end) as total
from (
  select g, case when random() < 0.85 then 'cny' else 'usd' end as currency, date_trunc('milliseconds', now() - random() * interval '90 days') as created_at,
    random() < 0.33 as with_session, 1 + floor({{customers}} * random())::int as ci, random() as u2,
    case when random() < 0.85 then 1 else 2 end as quantity, 1 + floor({{products}} * power(random(), 3))::int as pk
  from generate_series({{lo}}, {{hi}}) g
) x join gen_product gp on gp.k = x.pk`
