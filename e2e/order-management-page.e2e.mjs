// The "Order management" page: filters in the URL, the review queue, batch actions, and zh-CN.
import { test, before, after } from "node:test"
import assert from "node:assert/strict"
import path from "node:path"
import { adminToken, api, BASE, findOrder, launch, login, SHOTS } from "./lib.mjs"

let browser, page, token

before(async () => {
  token = await adminToken()
  ;({ browser, page } = await launch())
  await login(page)
})
after(async () => browser?.close())

const rowIds = async () => page.getByTestId("om-order-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-order-id")))

/** Waits until a control shows exactly this text (React renders after the URL changes). */
const shows = (testId, text) =>
  page.waitForFunction(([id, t]) => document.querySelector(`[data-testid="${id}"]`)?.textContent === t, [testId, text])

async function pickOption(testId, name) {
  await page.getByTestId(testId).click()
  await page.getByRole("option", { name, exact: true }).click()
}

test("the sidebar opens the page; filters by status and date live in the URL and survive a reload", async () => {
  await page.goto(`${BASE}/app/orders`)
  await page.getByRole("link", { name: "Order management" }).click()
  await page.getByTestId("om-orders-table").waitFor()
  const all = await rowIds()
  assert.ok(all.length >= 10, `expected the seeded orders, saw ${all.length}`)

  await pickOption("om-filter-payment", "Pending payment")
  await page.waitForURL(/payment_status=pending/)
  await pickOption("om-filter-created", "This month")
  await page.waitForURL(/created=month/)
  // "this month" in the store's time zone (the demo keeps Asia/Shanghai): the demo's history has orders placed up to
  // ten hours ago still pending, which on the 1st can be last month's
  const month = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" }).format(new Date())
  const { body } = await api(`/admin/order-management/orders?payment_status=pending&created_at[gte]=${month}-01`, token)
  const expected = body.order_lifecycles.map((o) => o.order_id)
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="om-order-row"]').length === n, expected.length)
  assert.deepEqual(await rowIds(), expected)
  for (const badge of await page.getByTestId("om-orders-table").getByTestId("om-payment-status").allTextContents()) {
    assert.equal(badge, "Pending payment")
  }
  await page.reload()
  await page.getByTestId("om-orders-table").waitFor()
  assert.deepEqual(await rowIds(), expected)
  assert.match(page.url(), /payment_status=pending/)
  assert.match(page.url(), /created=month/)
  assert.equal(await page.getByTestId("om-filter-payment").textContent(), "Pending payment")

  // a custom range in the past: nothing was placed then
  await pickOption("om-filter-created", "Custom range")
  await page.getByTestId("om-filter-from").fill("2020-01-01")
  await page.getByTestId("om-filter-to").fill("2020-01-31")
  await page.waitForURL(/to=2020-01-31/)
  await page.getByTestId("om-empty").waitFor()
  await page.screenshot({ path: path.join(SHOTS, "page-filtered-empty.png"), fullPage: true })
  await page.getByTestId("om-filter-clear").click()
  await page.getByTestId("om-orders-table").waitFor()
  assert.equal((await rowIds()).length, all.length)
})

test("filters changed in quick succession all stay: each change builds on the latest URL, not the last render", async () => {
  await page.goto(`${BASE}/app/order-management`)
  await page.getByTestId("om-orders-table").waitFor()
  // a slow CPU widens the window between a navigation and the render that shows it, where the bug lived
  const cdp = await page.context().newCDPSession(page)
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 })
  try {
    // no wait between the changes
    await pickOption("om-filter-payment", "Pending payment")
    await pickOption("om-filter-created", "This month")
    await pickOption("om-filter-hold", "Not on hold")
    await page.getByTestId("om-filter-mark").fill("vip")
    await page.getByTestId("om-filter-mark").press("Enter")
    await page.getByTestId("om-search").fill("Demo")
    await page.getByTestId("om-search").press("Enter")
    const wanted = ["payment_status=pending", "created=month", "on_hold=false", "mark=vip", "q=Demo"]
    await page.waitForURL((u) => wanted.every((p) => u.search.includes(p)), { timeout: 60_000 }).catch((e) => {
      throw new Error(`the URL kept ${page.url()}, missing ${wanted.filter((p) => !page.url().includes(p)).join(", ")}: ${e.message}`)
    })
    await shows("om-filter-payment", "Pending payment")
    await shows("om-filter-created", "This month")
    await shows("om-filter-hold", "Not on hold")
    assert.equal(await page.getByTestId("om-filter-mark").inputValue(), "vip")
    assert.equal(await page.getByTestId("om-search").inputValue(), "Demo")
    // the table lists what the API gives for all five together
    const now = new Date()
    const monthStart = new Date(now.getFullYear(), now.getMonth(), 1).toISOString()
    const { body } = await api(`/admin/order-management/orders?payment_status=pending&on_hold=false&mark=vip&q=Demo&created_at[gte]=${encodeURIComponent(monthStart)}`, token)
    const expected = body.order_lifecycles.map((o) => o.order_id)
    if (expected.length) {
      await page.waitForFunction((ids) => [...document.querySelectorAll('[data-testid="om-order-row"]')].map((r) => r.getAttribute("data-order-id")).join() === ids.join(), expected)
    } else {
      await page.getByTestId("om-empty").waitFor()
    }
    // and back: two changes again without a wait, then clear right after
    await pickOption("om-filter-payment", "Any")
    await pickOption("om-filter-hold", "Any")
    await page.waitForURL((u) => !u.search.includes("payment_status") && !u.search.includes("on_hold") && u.search.includes("mark=vip") && u.search.includes("created=month"))
    await page.getByTestId("om-filter-clear").click()
    await page.waitForURL((u) => u.search === "")
  } finally {
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 })
  }
  await shows("om-filter-payment", "Any")
  await shows("om-filter-created", "Any")
  assert.equal(await page.getByTestId("om-filter-mark").inputValue(), "")
  assert.equal(await page.getByTestId("om-search").inputValue(), "")
})

test("the review queue lists holded orders oldest first and approves inline", async () => {
  await page.goto(`${BASE}/app/order-management?view=review`)
  await page.getByTestId("om-orders-table").waitFor()
  const { body } = await api("/admin/order-management/orders?fulfillment_status=holded&sort=oldest", token)
  assert.deepEqual(await rowIds(), body.order_lifecycles.map((o) => o.order_id))
  await page.screenshot({ path: path.join(SHOTS, "page-review-queue.png"), fullPage: true })
  const id = body.order_lifecycles.find((o) => !o.on_hold).order_id
  await page.locator(`[data-order-id="${id}"]`).getByTestId("om-inline-approve").click()
  await page.waitForFunction((orderId) => !document.querySelector(`[data-order-id="${orderId}"]`), id)
  const after = await api(`/admin/order-management/orders/${id}`, token)
  assert.equal(after.body.order_lifecycle.fulfillment_status, "processing")
})

test("batch approve of three orders: two succeed, one fails with its reason shown", async () => {
  const queue = (await api("/admin/order-management/orders?fulfillment_status=holded&on_hold=false&sort=oldest", token)).body.order_lifecycles
  assert.ok(queue.length >= 2, "two orders in review")
  const unpaid = await findOrder(token, "payment_status=pending")
  const chosen = [queue[0].order_id, queue[1].order_id, unpaid.order_id]
  await page.goto(`${BASE}/app/order-management`)
  await page.getByTestId("om-orders-table").waitFor()
  for (const id of chosen) {
    await page.locator(`[data-order-id="${id}"]`).getByTestId("om-select-row").click()
  }
  await page.getByTestId("om-command-bar").waitFor()
  assert.match(await page.getByTestId("om-command-bar").textContent(), /3 selected/)
  await page.getByTestId("om-batch-approve").click()
  const summary = page.getByTestId("om-batch-summary")
  await summary.waitFor()
  assert.equal(await summary.textContent(), "2 succeeded, 1 failed")
  const failedRow = page.getByTestId("om-batch-row").filter({ has: page.getByTestId("om-batch-error") })
  assert.equal(await failedRow.count(), 1)
  assert.match(await failedRow.textContent(), new RegExp(unpaid.order_number))
  assert.match(await failedRow.getByTestId("om-batch-error").textContent(), /payment is not confirmed/)
  await page.screenshot({ path: path.join(SHOTS, "page-batch-results.png"), fullPage: true })
  for (const id of chosen.slice(0, 2)) {
    assert.equal((await api(`/admin/order-management/orders/${id}`, token)).body.order_lifecycle.fulfillment_status, "processing")
  }
  assert.equal((await api(`/admin/order-management/orders/${unpaid.order_id}`, token)).body.order_lifecycle.payment_status, "pending")
})

test("switching the admin language to 简体中文 translates the page and the widgets", async () => {
  // as an admin does it: Settings → Profile → Edit → Language
  await page.goto(`${BASE}/app/settings/profile/edit`)
  const drawer = page.getByRole("dialog")
  await drawer.getByRole("combobox").last().click()
  await page.getByRole("option", { name: "简体中文" }).click()
  await drawer.getByRole("button", { name: "Save" }).click()
  await page.getByRole("dialog").waitFor({ state: "detached" })
  await page.goto(`${BASE}/app/order-management`)
  await page.getByTestId("om-orders-table").waitFor()
  await page.getByRole("heading", { name: "订单管理" }).waitFor()
  assert.equal(await page.getByTestId("om-tab-review").textContent(), "审核队列")
  assert.ok(await page.getByRole("link", { name: "订单管理" }).isVisible(), "sidebar entry is translated")
  const badges = await page.getByTestId("om-orders-table").getByTestId("om-payment-status").allTextContents()
  assert.ok(badges.includes("收款成功"), `badges: ${badges.join(", ")}`)
  await page.screenshot({ path: path.join(SHOTS, "page-zh-cn.png"), fullPage: true })
  const order = await findOrder(token, "payment_status=confirmed")
  await page.goto(`${BASE}/app/orders/${order.order_id}`)
  await page.getByTestId("om-lifecycle-widget").getByRole("heading", { name: "订单状态" }).waitFor()
  assert.equal(await page.getByTestId("om-history-widget").getByRole("heading").textContent(), "状态历史")
  await page.screenshot({ path: path.join(SHOTS, "widget-zh-cn.png"), fullPage: true })
})
