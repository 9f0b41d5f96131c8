// The order list's filters of issue 14 in the browser: simple status tabs, payment channels by name, a customer and
// a product picked by search, an amount range, the sort, and saved views (save, reload, share, rename, delete).
import { test, before, after } from "node:test"
import assert from "node:assert/strict"
import path from "node:path"
import { adminToken, api, BASE, launch, login, setLanguage, SHOTS } from "./lib.mjs"

let browser, page, token

before(async () => {
  token = await adminToken()
  ;({ browser, page } = await launch())
  await login(page)
})
after(async () => browser?.close())

const rowIds = async () => page.getByTestId("om-order-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-order-id")))
/** The page shows exactly what the list API returns for this query (same orders, same order). */
async function showsApi(query) {
  const { body } = await api(`/admin/order-management/orders?limit=20&${query}`, token)
  const expected = body.order_lifecycles.map((o) => o.order_id)
  await page.waitForFunction(
    (ids) => JSON.stringify([...document.querySelectorAll('[data-testid="om-order-row"]')].map((r) => r.getAttribute("data-order-id"))) === JSON.stringify(ids),
    expected,
    { timeout: 30_000 }
  ).catch(async (e) => {
    throw new Error(`${query}: page shows ${JSON.stringify(await rowIds())}, API ${JSON.stringify(expected)} (${e.message})`)
  })
  return expected
}

test("status tabs, payment channels by name, a customer and a product picked by search, an amount range and a sort", async () => {
  await page.goto(`${BASE}/app/order-management`)
  await page.getByTestId("om-orders-table").waitFor()

  await page.getByTestId("om-status-paid").click()
  await page.waitForURL(/status=paid/)
  const paid = await showsApi("status=paid")
  assert.ok(paid.length > 0, "the demo has paid orders")

  await page.getByTestId("om-status-all").click()
  await page.waitForURL((u) => !u.search.includes("status=paid"))
  await page.getByTestId("om-filter-channel").click()
  // every provider the store has is offered by name, not only the plugin's (the demo's "Pay later (test)")
  assert.equal((await page.locator('[data-testid="om-filter-channel-option"][data-provider="pp_deferred_deferred"]').textContent()).trim(), "Pay later (test)")
  await page.locator('[data-testid="om-filter-channel-option"][data-provider="pp_alipay_alipay"]').click()
  await page.locator('[data-testid="om-filter-channel-option"][data-provider="pp_wechatpay_wechatpay"]').click()
  await page.keyboard.press("Escape")
  await page.waitForURL(/payment_provider=pp_alipay_alipay%2Cpp_wechatpay_wechatpay/)
  const cn = await showsApi("payment_provider=pp_alipay_alipay,pp_wechatpay_wechatpay")
  assert.ok(cn.length > 0, "the demo has Alipay or WeChat Pay orders")
  for (const name of await page.getByTestId("om-order-channel").allTextContents()) assert.ok(["Alipay", "WeChat Pay"].includes(name), `channel column shows ${name}`)
  await page.getByTestId("om-filter-clear").click()
  await page.waitForURL((u) => !u.search.includes("payment_provider"))

  // a customer by part of the email, through Medusa's customer search
  const { body: withCustomer } = await api("/admin/order-management/orders?limit=50", token)
  const buyer = withCustomer.order_lifecycles.find((o) => o.customer_id && o.email)
  await page.getByTestId("om-filter-customer").fill(buyer.email.split("@")[0])
  await page.getByTestId("om-filter-customer-option").first().waitFor()
  await page.locator('[data-testid="om-filter-customer-option"]', { hasText: buyer.email }).first().click()
  await page.waitForURL(new RegExp(`customer_id=${buyer.customer_id}`))
  await showsApi(`customer_id=${buyer.customer_id}`)
  assert.match(await page.getByTestId("om-filter-customer-chip").textContent(), new RegExp(buyer.email.replace(/[.+]/g, "\\$&")))
  await page.reload()
  await page.getByTestId("om-filter-customer-chip").waitFor()
  await page.getByTestId("om-filter-customer-remove").click()
  await page.waitForURL((u) => !u.search.includes("customer_id"))

  // Medusa's customer page links to the list filtered to that customer
  await page.goto(`${BASE}/app/customers/${buyer.customer_id}`)
  await page.getByTestId("om-customer-orders-link").click()
  await page.waitForURL(new RegExp(`/order-management\\?.*customer_id=${buyer.customer_id}`))
  await showsApi(`customer_id=${buyer.customer_id}`)
  await page.getByTestId("om-filter-customer-remove").click()
  await page.waitForURL((u) => !u.search.includes("customer_id"))

  // a product by SKU, through Medusa's variant search
  await page.getByTestId("om-filter-product").fill("TEA-LJ")
  await page.getByTestId("om-filter-product-option").first().click()
  await page.waitForURL(/product_id=prod_/)
  const productId = new URL(page.url()).searchParams.get("product_id")
  const withTea = await showsApi(`product_id=${productId}`)
  assert.ok(withTea.length > 0, "the demo has orders with the tea")

  // amount range in CNY on top, then the biggest first
  await page.getByTestId("om-filter-amount-min").fill("100")
  await page.getByTestId("om-filter-amount-min").press("Enter")
  await page.waitForURL(/amount_min=100/)
  await showsApi(`product_id=${productId}&currency_code=cny&amount_min=100`)
  await page.getByTestId("om-sort").click()
  await page.getByRole("option", { name: "Amount, highest first", exact: true }).click()
  await page.waitForURL(/sort=-total/)
  await showsApi(`product_id=${productId}&currency_code=cny&amount_min=100&sort=-total`)
  await page.screenshot({ path: path.join(SHOTS, "order-list-filters.png"), fullPage: true })
  await page.getByTestId("om-filter-clear").click()
  // everything goes, the amount's currency too
  await page.waitForURL((u) => !u.search.includes("product_id") && !u.search.includes("currency_code"))
})

test("saved views: save the filters shared, find it after a reload, open it, rename it, delete it", async () => {
  await page.goto(`${BASE}/app/order-management?status=paid&payment_provider=pp_alipay_alipay&created=month`)
  await page.getByTestId("om-orders-table").waitFor().catch(() => page.getByTestId("om-empty").waitFor())
  const name = `Paid Alipay ${Date.now()}`
  await page.getByTestId("om-views").click()
  await page.getByTestId("om-view-save").click()
  await page.getByTestId("om-view-name").fill(name)
  await page.getByTestId("om-view-shared").click()
  await page.getByTestId("om-view-submit").click()
  await page.getByTestId("om-view-modal").waitFor({ state: "detached" })

  const { body } = await api("/admin/order-management/views", token)
  const saved = body.views.find((v) => v.name === name)
  assert.deepEqual(saved.filters, { status: "paid", payment_provider: "pp_alipay_alipay", created: "month" })
  assert.equal(saved.shared, true)

  // elsewhere, reload, then open the view from the menu: its filters come back, dates relative as saved
  await page.goto(`${BASE}/app/order-management`)
  await page.reload()
  await page.getByTestId("om-views").click()
  const row = page.locator(`[data-testid="om-view-row"][data-view-name="${name}"]`)
  assert.match(await row.textContent(), /shared/)
  await row.getByTestId("om-view-open").click()
  // the menu closes as the view opens: clicking the menu button before it has would close it instead of opening it
  await row.waitFor({ state: "detached" })
  await page.waitForURL((u) => u.search.includes("status=paid") && u.search.includes("payment_provider=pp_alipay_alipay") && u.search.includes("created=month"))
  // "this month" in the store's time zone (the demo keeps the default, Asia/Shanghai)
  const month = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" }).format(new Date())
  await showsApi(`status=paid&payment_provider=pp_alipay_alipay&created_at[gte]=${month}-01`)

  // rename, unshare
  await page.getByTestId("om-views").click()
  await page.locator(`[data-testid="om-view-row"][data-view-name="${name}"]`).getByTestId("om-view-edit").click()
  await page.getByTestId("om-view-name").fill(`${name} (mine)`)
  await page.getByTestId("om-view-shared").click()
  await page.getByTestId("om-view-submit").click()
  await page.getByTestId("om-view-modal").waitFor({ state: "detached" })
  const renamed = (await api("/admin/order-management/views", token)).body.views.find((v) => v.id === saved.id)
  assert.equal(renamed.name, `${name} (mine)`)
  assert.equal(renamed.shared, false)

  // delete (confirmed)
  await page.getByTestId("om-views").click()
  await page.locator(`[data-testid="om-view-row"][data-view-name="${name} (mine)"]`).getByTestId("om-view-delete").click()
  await page.getByRole("button", { name: "Delete" }).last().click()
  // the page confirms the deletion once the server has done it
  await page.getByText(`View "${name} (mine)" deleted`).waitFor()
  assert.equal((await api("/admin/order-management/views", token)).body.views.some((v) => v.id === saved.id), false)
  await page.getByTestId("om-views").click()
  assert.equal(await page.locator(`[data-testid="om-view-row"][data-view-name="${name} (mine)"]`).count(), 0)
  await page.keyboard.press("Escape")
})

test("an admin abroad: times in the store's time zone with a note, several statuses named in one tab, no sideways scroll at 1024 px", async () => {
  const abroad = await browser.newPage({ viewport: { width: 1024, height: 900 }, timezoneId: "America/Los_Angeles" })
  abroad.setDefaultTimeout(120_000)
  try {
    await login(abroad)
    await abroad.goto(`${BASE}/app/order-management?status=paid,completed`)
    await abroad.getByTestId("om-orders-table").waitFor()
    assert.equal((await abroad.getByTestId("om-status-several").textContent()).trim(), "Paid + Completed")
    assert.equal(await abroad.getByTestId("om-status-several").getAttribute("data-state"), "active")
    assert.match(await abroad.getByTestId("om-time-zone-note").textContent(), /Asia\/Shanghai/)
    // the first row's created time is the API's instant shown in Asia/Shanghai, not in Los Angeles
    const { body } = await api("/admin/order-management/orders?limit=20&status=paid,completed", token)
    const first = body.order_lifecycles[0]
    const expected = new Date(first.placed_at).toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" })
    const row = abroad.locator(`[data-testid="om-order-row"][data-order-id="${first.order_id}"]`)
    assert.match(await row.textContent(), new RegExp(expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s/g, "\\s")))
    // the table scrolls inside its card; the page itself does not scroll sideways
    const { page: width, view } = await abroad.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }))
    assert.ok(width <= view, `the page is ${width} px wide in a ${view} px window`)
    await abroad.screenshot({ path: path.join(SHOTS, "order-list-abroad-1024.png"), fullPage: true })
  } finally {
    await abroad.close()
  }
})

test("a generated order (cloned in SQL) opens on Medusa's own order page and on ours; the Refunded tab reads in 简体中文 with channel names unbroken", async () => {
  // the demo's history is the million-order generator's clones ("order_GEN…"): pick a refunded one
  const { body } = await api("/admin/order-management/orders?limit=100&status=refunded", token)
  const clone = body.order_lifecycles.find((o) => o.order_id.startsWith("order_GEN"))
  assert.ok(clone, `a generated refunded order among ${body.order_lifecycles.length}`)
  const { body: medusa } = await api(`/admin/orders/${clone.order_id}?fields=id,display_id,*items`, token)
  assert.equal(medusa.order.id, clone.order_id)
  // Medusa's own order page renders it: its heading, its items, and the plugin's lifecycle card on it
  await page.goto(`${BASE}/app/orders/${clone.order_id}`)
  await page.getByTestId("om-lifecycle-widget").waitFor()
  await page.getByText(`#${medusa.order.display_id}`).first().waitFor()
  for (const item of medusa.order.items) await page.getByText(item.product_title ?? item.title).first().waitFor()
  assert.equal(await page.getByText(/An error occurred|出错了/).count(), 0)

  await setLanguage(page, "简体中文")
  try {
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.goto(`${BASE}/app/order-management?status=refunded`)
    await page.getByTestId("om-orders-table").waitFor()
    assert.equal((await page.getByTestId("om-status-refunded").textContent()).trim(), "已退款")
    assert.equal(await page.getByTestId("om-status-refunded").getAttribute("data-state"), "active")
    await showsApi("status=refunded")
    // the channel column: names in Chinese, on one line (a CJK header or name may otherwise break between any two characters)
    const { body: alipay } = await api("/admin/order-management/orders?limit=1&status=refunded&payment_provider=pp_alipay_alipay", token)
    if (alipay.order_lifecycles.length) {
      await page.goto(`${BASE}/app/order-management?status=refunded&payment_provider=pp_alipay_alipay`)
      await showsApi("status=refunded&payment_provider=pp_alipay_alipay")
      assert.equal((await page.getByTestId("om-order-channel").first().textContent()).trim(), "支付宝")
    }
    const lines = await page.evaluate(() => {
      // lines a text occupies: the distinct tops of its rendered boxes
      const lineCount = (el) => { const r = document.createRange(); r.selectNodeContents(el); return new Set([...r.getClientRects()].filter((b) => b.width > 0).map((b) => Math.round(b.top))).size }
      const headers = [...document.querySelectorAll('[data-testid="om-orders-table"] thead th')].filter((th) => th.textContent.trim())
      return [...headers.map((th) => [th.textContent.trim(), lineCount(th)]), ...[...document.querySelectorAll('[data-testid="om-order-channel"]')].map((el) => [el.textContent.trim(), lineCount(el)])]
    })
    for (const [text, n] of lines) assert.equal(n, 1, `"${text}" is on ${n} lines`)
    await page.screenshot({ path: path.join(SHOTS, "order-list-refunded-zh-cn.png"), fullPage: true })
  } finally {
    await setLanguage(page, "English")
  }
})
