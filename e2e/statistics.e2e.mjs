// The Statistics page (issue 15) on the demo's 90 days of generated history: opened from the sidebar, every KPI shown
// equals the API's number for the same query, charts are drawn, the period lives in the URL, "Refresh now" computes
// days never computed, the low-stock rows link to Medusa's inventory page, the CSV downloads, and 简体中文.
import { test, before, after } from "node:test"
import assert from "node:assert/strict"
import { readFile } from "node:fs/promises"
import path from "node:path"
import { adminToken, api, BASE, launch, login, setLanguage, SHOTS } from "./lib.mjs"

let browser, page, token
const TZ = "Asia/Shanghai" // the demo keeps the plugin's default time zone

before(async () => {
  token = await adminToken()
  ;({ browser, page } = await launch())
  await login(page)
})
after(async () => browser?.close())

const dayIn = (d, tz = TZ) => new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(d)
const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

// the page's formats, written again here (en): money in the currency, counts, rates with one decimal, durations
const money = (minor, currency) => (minor == null ? "—" : new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase(), minimumFractionDigits: 2 }).format((minor / 100).toFixed(2)))
const count = (n) => (n == null ? "—" : new Intl.NumberFormat("en").format(n))
const pct = (r) => (r == null ? "—" : new Intl.NumberFormat("en", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(r))
const signedPct = (r) => (r == null ? "—" : new Intl.NumberFormat("en", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(r))
const one = new Intl.NumberFormat("en", { maximumFractionDigits: 1 })
const duration = (s) => (s == null ? "—" : s < 60 ? `${one.format(Math.round(s))} s` : s < 3600 ? `${one.format(s / 60)} min` : s < 86400 ? `${one.format(s / 3600)} h` : `${one.format(s / 86400)} d`)

/**
 * The statistics request the page makes while `action` runs (the first whose query passes `wanted`: a late answer to
 * an earlier choice is skipped), and the API's answer to the same query for this test.
 */
async function pageQuery(action, wanted = () => true) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("/admin/order-management/statistics?") && r.request().method() === "GET" && r.status() === 200 && wanted(new URL(r.url()).searchParams)),
    action(),
  ])
  const params = new URL(response.url()).searchParams
  const { status, body } = await api(`/admin/order-management/statistics?${params}`, token)
  assert.equal(status, 200)
  return { params, body }
}

const kpi = (key) => page.getByTestId(`om-stats-kpi-${key}`)
async function kpisShow(body) {
  const c = body.currency_code
  const expected = {
    orders: count(body.orders.count),
    revenue: money(body.revenue.paid_minor, c),
    refunded: money(body.revenue.refunded_minor, c),
    aov: money(body.revenue.aov_minor, c),
    cartToOrder: pct(body.conversion.cart_to_order_rate),
    checkoutToOrder: pct(body.conversion.checkout_to_order_rate),
    repurchase: pct(body.repurchase.rate),
    timeToPay: duration(body.payments.time_to_pay_p50_seconds),
  }
  const shown = () =>
    page.evaluate((keys) => Object.fromEntries(keys.map((k) => [k, document.querySelector(`[data-testid="om-stats-kpi-${k}"] [data-testid="om-stats-kpi-value"]`)?.textContent ?? null])), Object.keys(expected))
  const extra = {
    "orders change": [kpi("orders").getByTestId("om-stats-kpi-change"), signedPct(body.orders.growth)],
    "revenue change": [kpi("revenue").getByTestId("om-stats-kpi-change"), signedPct(body.revenue.growth)],
    "orders before": [kpi("orders").getByTestId("om-stats-kpi-previous"), `before: ${count(body.orders.previous.count)}`],
  }
  // the cards show this answer once it has rendered (the page keeps the previous one meanwhile)
  await page
    .waitForFunction(
      ([exp, changes]) =>
        Object.entries(exp).every(([k, v]) => document.querySelector(`[data-testid="om-stats-kpi-${k}"] [data-testid="om-stats-kpi-value"]`)?.textContent === v) &&
        changes.every(([k, v]) => document.querySelector(`[data-testid="om-stats-kpi-${k}"] [data-testid="om-stats-kpi-change"]`)?.textContent === v),
      [expected, [["orders", extra["orders change"][1]], ["revenue", extra["revenue change"][1]]]],
      { timeout: 30_000 }
    )
    .catch(() => {})
  assert.deepEqual(await shown(), expected, "every KPI shows the API's number")
  for (const [what, [locator, value]] of Object.entries(extra)) assert.equal(await locator.textContent(), value, what)
}

async function download(testId) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()])
  const text = await readFile(await file.path(), "utf8")
  return { name: file.suggestedFilename(), text }
}
const csvLines = (text) => text.replace(/\r\n$/, "").split("\r\n")

test("the sidebar opens Statistics: the last 30 days in CNY, each KPI equal to the API's number, with its definition", async () => {
  // the days other tests changed are recomputed first, so the page and this test read the same rollups
  const refreshed = await api("/admin/order-management/statistics/refresh", token, { method: "POST", body: "{}" })
  assert.equal(refreshed.status, 200)
  await page.goto(`${BASE}/app/orders`)
  const { params, body } = await pageQuery(() => page.getByRole("link", { name: "Statistics", exact: true }).click())
  await page.waitForURL(/\/app\/statistics/)
  const today = dayIn(new Date())
  assert.equal(params.get("to"), today, "today in the store's time zone")
  assert.equal(params.get("from"), addDays(today, -29))
  assert.equal(params.get("compare"), "previous_period")
  assert.equal(params.get("currency_code"), "cny", "the store's default currency is always sent")
  assert.ok(body.orders.count > 100, `the demo's history: ${body.orders.count} orders in 30 days`)
  assert.ok(body.orders.previous.count > 100, "and in the 30 days before")
  assert.ok(body.revenue.paid_minor > 0 && body.payments.providers.length >= 3)
  assert.deepEqual(body.currencies, ["cny", "usd"])
  await kpisShow(body)

  // each card states its definition
  await kpi("cartToOrder").getByTestId("om-stats-kpi-hint").hover()
  await page.getByRole("tooltip").filter({ hasText: "Carts created in the period with at least one item" }).first().waitFor()
  await page.keyboard.press("Escape")
  // and from the keyboard
  await kpi("revenue").getByTestId("om-stats-kpi-hint").focus()
  await page.getByRole("tooltip").filter({ hasText: "Money captured minus money refunded, each counted on the day it happens" }).first().waitFor()
  await page.keyboard.press("Escape")

  // "Updated at" in the store's time zone
  assert.match(await page.getByTestId("om-stats-updated").textContent(), /^Updated at .+\(Asia\/Shanghai\)$/)

  // the charts are drawn: lines with a path, the donuts' sectors, the channels' bars
  for (const id of ["om-stats-chart-orders", "om-stats-chart-revenue"]) {
    const d = await page.getByTestId(id).locator("svg path.recharts-line-curve").first().getAttribute("d")
    assert.ok(d && d.length > 20, `${id} draws its line`)
  }
  assert.ok((await page.getByTestId("om-stats-share-count").locator("svg .recharts-pie-sector path").count()) >= 3, "a slice per channel")
  assert.ok((await page.getByTestId("om-stats-chart-success").locator("svg .recharts-bar-rectangle path").count()) >= 3)
  assert.ok((await page.getByTestId("om-stats-chart-time-to-pay").locator("svg .recharts-bar-rectangle path").count()) >= 3)
  // the channels by name, as the order list shows them
  const channels = await page.getByTestId("om-stats-payments-row").evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-provider"), r.querySelector("td")?.textContent]))
  assert.deepEqual(channels.map(([id]) => id), body.payments.providers.map((p) => p.provider_id))
  assert.ok(channels.some(([id, name]) => id === "pp_alipay_alipay" && name === "Alipay"), JSON.stringify(channels))
  assert.equal(await page.getByTestId("om-stats-best-seller-row").count(), body.products.best_sellers.length)
  await page.screenshot({ path: path.join(SHOTS, "statistics.png"), fullPage: true })
})

test("period, comparison, granularity and currency live in the URL; Refresh now computes days never computed", async () => {
  await page.goto(`${BASE}/app/statistics`)
  await page.getByTestId("om-stats-kpis").waitFor()
  const choose = async (testId, value) => {
    await page.getByTestId(testId).click()
    await page.getByTestId(`${testId}-${value}`).click()
  }
  await choose("om-stats-period", "90d")
  await page.waitForURL(/period=90d/)
  await choose("om-stats-granularity", "week")
  await page.waitForURL(/granularity=week/)
  const { params, body } = await pageQuery(() => choose("om-stats-compare", "previous_year"), (p) => p.get("compare") === "previous_year" && p.get("granularity") === "week")
  await page.waitForURL((u) => ["period=90d", "granularity=week", "compare=previous_year"].every((p) => u.search.includes(p)))
  assert.equal(params.get("from"), addDays(dayIn(new Date()), -89))
  assert.equal(params.get("granularity"), "week")
  assert.equal(body.granularity, "week")
  await kpisShow(body)

  // a year before the demo's history was never computed (the demo builds 400 days): Refresh now does it
  assert.ok(body.pending_days > 0, `pending: ${body.pending_days}`)
  await page.getByTestId("om-stats-pending").waitFor()
  await page.getByTestId("om-stats-refresh").click()
  await page.getByTestId("om-stats-pending").waitFor({ state: "detached", timeout: 240_000 })
  const after = await api(`/admin/order-management/statistics?${params}`, token)
  assert.equal(after.body.pending_days, 0)
  assert.equal(after.body.orders.previous.count, 0, "nothing was sold a year before the history")
  await kpisShow(after.body)

  // a reload keeps the choices; the currency too
  const usd = await pageQuery(() => choose("om-stats-currency", "usd"), (p) => p.get("currency_code") === "usd")
  await page.waitForURL(/currency=usd/)
  assert.equal(usd.params.get("currency_code"), "usd")
  await page.reload()
  await page.getByTestId("om-stats-kpis").waitFor()
  assert.equal(await page.getByTestId("om-stats-period").textContent(), "Last 90 days")
  assert.equal(await page.getByTestId("om-stats-compare").textContent(), "Previous year")
  assert.equal(await page.getByTestId("om-stats-currency").textContent(), "USD")
  await kpisShow(usd.body)
  assert.match(await kpi("revenue").getByTestId("om-stats-kpi-value").textContent(), /^\$/)
})

test("low stock links to Medusa's inventory page; each table downloads as CSV (UTF-8 with BOM)", async () => {
  const { body } = await pageQuery(() => page.goto(`${BASE}/app/statistics`))
  await page.getByTestId("om-stats-kpis").waitFor()
  assert.ok(body.products.low_stock.length >= 2, "the generator leaves two products low on stock")
  const links = await page.getByTestId("om-stats-low-stock-link").evaluateAll((as) => as.map((a) => a.getAttribute("href")))
  assert.deepEqual(links, body.products.low_stock.map((l) => `/app/inventory/${l.inventory_item_id}`))
  const rows = await page.getByTestId("om-stats-low-stock-row").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)))
  const first = body.products.low_stock[0]
  assert.deepEqual(rows[0], [first.title, first.sku ?? "—", first.location, String(first.stocked), String(first.reserved), String(first.available), String(first.threshold)])

  const low = await download("om-stats-csv-low-stock")
  assert.equal(low.name, `statistics-low-stock-cny-${body.from}_${body.to}.csv`)
  assert.ok(low.text.startsWith("\ufeff"), "a byte-order mark for spreadsheets")
  const lowLines = csvLines(low.text.slice(1))
  assert.equal(lowLines[0], "inventory_item_id,variant_id,product_id,variant,sku,location,stocked,reserved,available,threshold")
  assert.equal(lowLines.length, body.products.low_stock.length + 1)
  assert.ok(lowLines[1].startsWith(`${first.inventory_item_id},${first.variant_id},`))

  const pay = await download("om-stats-csv-payments")
  const payLines = csvLines(pay.text.slice(1))
  assert.equal(payLines.length, body.payments.providers.length + 1)
  const alipay = body.payments.providers.find((p) => p.provider_id === "pp_alipay_alipay")
  assert.ok(payLines.includes(`pp_alipay_alipay,Alipay,${alipay.orders},${alipay.placed_orders},${(alipay.paid_minor / 100).toFixed(2)},${(alipay.captured_minor / 100).toFixed(2)},${(alipay.refunded_minor / 100).toFixed(2)},CNY,${alipay.share_count.toFixed(4)},${alipay.share_amount.toFixed(4)},${alipay.sessions},${alipay.paid_sessions},${alipay.success_rate.toFixed(4)},${alipay.time_to_pay_p50_seconds},${alipay.time_to_pay_p90_seconds}`), payLines.join("\n"))
  const series = await download("om-stats-csv-series")
  assert.equal(csvLines(series.text.slice(1)).length, body.orders.series.length + 1)
  const best = await download("om-stats-csv-best-sellers")
  assert.equal(csvLines(best.text.slice(1)).length, body.products.best_sellers.length + 1)

  // the row opens Medusa's own inventory item
  await page.getByTestId("om-stats-low-stock-link").first().click()
  await page.waitForURL(new RegExp(`/app/inventory/${first.inventory_item_id}$`))
  await page.getByText(first.sku).first().waitFor()
})

test("in 简体中文: the sidebar entry, the page and its cards are translated", async () => {
  await setLanguage(page, "简体中文")
  try {
    await page.goto(`${BASE}/app/orders`)
    const { body } = await pageQuery(() => page.getByRole("link", { name: "数据统计", exact: true }).click())
    await page.getByRole("heading", { name: "数据统计" }).waitFor()
    assert.equal(await kpi("orders").getByTestId("om-stats-kpi-label").textContent(), "订单数")
    assert.equal(await kpi("repurchase").getByTestId("om-stats-kpi-label").textContent(), "复购率")
    assert.equal(await kpi("orders").getByTestId("om-stats-kpi-value").textContent(), new Intl.NumberFormat("zh-CN").format(body.orders.count))
    assert.equal(await page.getByTestId("om-stats-period").textContent(), "最近 30 天")
    assert.match(await page.getByTestId("om-stats-updated").textContent(), /^更新于/)
    assert.equal(await page.getByTestId("om-stats-chart-orders").getByRole("heading").textContent(), "订单趋势")
    const alipay = page.locator('[data-testid="om-stats-payments-row"][data-provider="pp_alipay_alipay"] td').first()
    assert.equal(await alipay.textContent(), "支付宝")
    await page.screenshot({ path: path.join(SHOTS, "statistics-zh-cn.png"), fullPage: true })
  } finally {
    await setLanguage(page, "English")
  }
})
