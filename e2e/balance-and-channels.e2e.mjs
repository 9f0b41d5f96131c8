// Settings → Payment channels with a connection test; the customer page's balance widget (credit with a reason) and
// points widget (the ledger with order numbers, a credit with a reason; 简体中文 at 1,024 px); a storefront checkout
// paid from the balance, then part of it refunded to the balance from the Payment card.
import { test, before, after } from "node:test"
import assert from "node:assert/strict"
import path from "node:path"
import { readFileSync } from "node:fs"
import { run } from "../scripts/lib/run.mjs"
import { ADMIN, BASE, adminToken, api, launch, login, openOrder, setLanguage, SHOTS } from "./lib.mjs"

let browser, page

before(async () => {
  ;({ browser, page } = await launch())
  await login(page)
})
after(async () => browser?.close())

const wallet = () => JSON.parse(readFileSync(path.resolve(".medusa/demo-info.json"), "utf8")).wallet
const balanceOf = async (customerId) => {
  const { body } = await api(`/admin/order-management/customers/${customerId}/balance`, await adminToken())
  return body.balances.find((b) => b.currency_code === "cny")?.balance_minor ?? 0
}

test("Settings → Payment channels lists every channel with masked keys and tests Alipay's connection", async () => {
  await page.goto(`${BASE}/app/settings`)
  await page.getByRole("link", { name: "Payment channels" }).click()
  await page.waitForURL(/\/app\/settings\/payment-channels/)
  const alipay = page.getByTestId("om-channel-alipay")
  await alipay.waitFor()
  assert.equal(await alipay.getByTestId("om-channel-state").textContent(), "Configured")
  assert.equal(await alipay.getByTestId("om-channel-mode").textContent(), "Custom endpoint")
  assert.match(await alipay.getByTestId("om-channel-callback").textContent(), /\/hooks\/order-management\/alipay/)
  const credentials = await alipay.getByTestId("om-channel-credential").allTextContents()
  assert.ok(credentials.some((c) => /appId2021\*{8}\d{4}/.test(c)), credentials.join(" | "))
  assert.ok(credentials.some((c) => /privateKeyRSA 2048-bit, public key SHA-256/.test(c)), credentials.join(" | "))
  // no PEM, whole or in part, anywhere on the page
  assert.doesNotMatch(await page.content(), /BEGIN (RSA )?PRIVATE KEY|MII[A-Za-z0-9+/]{20}/)

  await alipay.getByTestId("om-channel-test").click()
  const result = alipay.getByTestId("om-channel-test-result")
  await result.waitFor()
  assert.equal(await result.getAttribute("data-ok"), "true")
  assert.match(await result.textContent(), /accepted the app's signature/)
  const btcpay = page.getByTestId("om-channel-btcpay")
  await btcpay.getByTestId("om-channel-test").click()
  await btcpay.getByTestId("om-channel-test-result").waitFor()
  assert.equal(await btcpay.getByTestId("om-channel-test-result").getAttribute("data-ok"), "true")
  await page.screenshot({ path: path.join(SHOTS, "settings-payment-channels.png"), fullPage: true })
})

test("the customer page shows the balance and its ledger; an admin credits it with a reason", async () => {
  const { customer_id } = wallet()
  const before = await balanceOf(customer_id)
  await page.goto(`${BASE}/app/customers/${customer_id}`)
  const widget = page.getByTestId("om-balance-widget")
  await widget.waitFor()
  await widget.getByTestId("om-balance-cny").waitFor()
  await widget.getByTestId("om-balance-amount").fill("50")
  await widget.getByTestId("om-balance-reason").fill("goodwill for a late parcel")
  await widget.getByTestId("om-balance-submit").click()
  await widget.getByTestId("om-balance-entry").filter({ hasText: "goodwill for a late parcel" }).waitFor()
  assert.equal(await balanceOf(customer_id), before + 5000)
  assert.match(await widget.getByTestId("om-balance-cny").textContent(), new RegExp(`${Math.floor((before + 5000) / 100).toLocaleString("en")}\\.00`))
  await page.screenshot({ path: path.join(SHOTS, "customer-balance.png"), fullPage: true })
})

const pointsOf = async (customerId) => (await api(`/admin/order-management/customers/${customerId}/points?limit=50`, await adminToken())).body.points

/** The Points card holds its ledger whole: the table no wider than the card, nothing on the page scrolling sideways. */
async function assertPointsFit(widget, where) {
  const fit = await widget.evaluate((el) => {
    const card = el.getBoundingClientRect()
    const table = el.querySelector('[data-testid="om-points-ledger"]').getBoundingClientRect()
    const wide = []
    const name = (n) => n.getAttribute("data-testid") ?? `${n.tagName.toLowerCase()}.${String(n.className).slice(0, 60)}`
    for (let n = el; n; n = n.parentElement) {
      if (n.scrollWidth - n.clientWidth <= 1) continue
      // what sticks out: the outermost elements past the scroller's right edge
      const edge = n.getBoundingClientRect().right
      const clipped = (c) => { for (let p = c.parentElement; p && p !== n; p = p.parentElement) if (getComputedStyle(p).overflowX !== "visible") return true; return false }
      const out = [...n.querySelectorAll("*")].filter((c) => c.getBoundingClientRect().right > edge + 1 && !(c.parentElement.getBoundingClientRect().right > edge + 1) && !clipped(c))
      wide.push(`${name(n)} +${n.scrollWidth - n.clientWidth}px (${out.slice(0, 3).map(name).join(", ")})`)
    }
    return { over: Math.round(table.right - card.right), wide, doc: document.documentElement.scrollWidth - window.innerWidth }
  })
  assert.ok(fit.over <= 1, `${where}: the ledger is ${fit.over}px wider than its card`)
  assert.deepEqual(fit.wide, [], `${where}: nothing scrolls sideways`)
  assert.ok(fit.doc <= 1, `${where}: the page is ${fit.doc}px too wide`)
}

test("the customer page shows the points and their ledger with order numbers; an admin credits points with a reason", async () => {
  const { customer_id } = wallet()
  const before = await pointsOf(customer_id)
  const earned = before.entries.find((e) => e.source_type === "earn" && e.order_id)
  assert.ok(earned, "the demo's wallet customer earned points on an order")
  assert.ok(earned.order_number && !earned.order_number.startsWith("order_"), `the API names the order by its number (${earned.order_number})`)

  await page.setViewportSize({ width: 1280, height: 900 })
  await page.goto(`${BASE}/app/customers/${customer_id}`)
  const widget = page.getByTestId("om-points-widget")
  await widget.getByTestId("om-points-ledger").waitFor()
  assert.equal((await widget.getByTestId("om-points-balance").textContent()).trim(), `${before.balance.toLocaleString("en")} points`)
  // the order by its number (not its id), linking to the order's page
  const row = widget.locator(`[data-testid="om-points-entry"][data-entry-id="${earned.id}"]`)
  const link = row.getByTestId("om-points-entry-order")
  assert.equal((await link.textContent()).trim(), earned.order_number)
  assert.match(await link.getAttribute("href"), new RegExp(`/orders/${earned.order_id}$`))
  assert.match(await row.textContent(), /Earned on order/)
  assert.equal((await row.getByTestId("om-points-entry-reason").textContent()).trim(), `earned on order ${earned.order_number}`, "the system's reason names the number too")
  assert.doesNotMatch(await widget.getByTestId("om-points-ledger").textContent(), /order_[0-9A-Z]{10}/, "no raw order id in the ledger")
  await assertPointsFit(widget, "1,280 px")

  // a credit of 150 points with its reason
  const reason = `goodwill for a late parcel ${Date.now().toString(36)}`
  await widget.getByTestId("om-points-amount").fill("150")
  await widget.getByTestId("om-points-reason").fill(reason)
  await widget.getByTestId("om-points-submit").click()
  const added = widget.getByTestId("om-points-entry").filter({ hasText: reason })
  await added.waitFor()
  assert.equal((await added.getByTestId("om-points-entry-points").textContent()).trim(), "150")
  assert.equal((await added.getByTestId("om-points-entry-after").textContent()).trim(), (before.balance + 150).toLocaleString("en"))
  assert.match(await added.textContent(), new RegExp(`Adjustment.*${ADMIN.email.replace(/[.]/g, "\\.")}`))
  await widget.getByTestId("om-points-balance").filter({ hasText: `${(before.balance + 150).toLocaleString("en")} points` }).waitFor()
  await assertPointsFit(widget, "1,280 px, after the credit")

  // the API agrees
  const after = await pointsOf(customer_id)
  assert.equal(after.balance, before.balance + 150)
  assert.equal(after.count, before.count + 1)
  assert.deepEqual(
    (({ direction, points, balance_after, source_type, reason, actor_email, order_id }) => ({ direction, points, balance_after, source_type, reason, actor_email, order_id }))(after.entries[0]),
    { direction: "credit", points: 150, balance_after: before.balance + 150, source_type: "adjustment", reason, actor_email: ADMIN.email, order_id: null }
  )
  await widget.screenshot({ path: path.join(SHOTS, "customer-points.png") })
  await page.getByTestId("om-balance-widget").screenshot({ path: path.join(SHOTS, "customer-balance-1280.png") })
})

test("the points widget reads in 简体中文 and fits 1,024 px", async () => {
  const { customer_id } = wallet()
  const { entries, balance } = await pointsOf(customer_id)
  const earned = entries.find((e) => e.source_type === "earn" && e.order_id)
  await setLanguage(page, "简体中文")
  try {
    await page.setViewportSize({ width: 1024, height: 900 })
    await page.goto(`${BASE}/app/customers/${customer_id}`)
    const widget = page.getByTestId("om-points-widget")
    await widget.getByTestId("om-points-ledger").waitFor()
    await widget.getByRole("heading", { name: "积分", exact: true }).waitFor()
    assert.equal((await widget.getByTestId("om-points-balance").textContent()).trim(), `${balance.toLocaleString("zh-CN")} 积分`)
    const headers = (await widget.locator("th").allTextContents()).map((h) => h.trim())
    assert.deepEqual(headers, ["类型", "积分", "余额", "原因"])
    const row = widget.locator(`[data-testid="om-points-entry"][data-entry-id="${earned.id}"]`)
    assert.match(await row.textContent(), /订单获得/)
    assert.equal((await row.getByTestId("om-points-entry-order").textContent()).trim(), earned.order_number)
    await assertPointsFit(widget, "简体中文 at 1,024 px")
    await widget.screenshot({ path: path.join(SHOTS, "customer-points-zh-1024.png") })
  } finally {
    await setLanguage(page, "English")
    await page.setViewportSize({ width: 1440, height: 900 })
  }
})

test("a checkout paid from the balance is confirmed; part of it goes back to the balance from the Payment card", async () => {
  const { customer_id } = wallet()
  const out = await run(process.execPath, [path.resolve("scripts/demo-checkout.mjs"), "balance"], { env: { ...process.env, DEMO_URL: BASE } })
  const orderId = /order (order_\w+) placed, paid with/.exec(out)?.[1]
  assert.ok(orderId, out)
  const afterPay = await balanceOf(customer_id)
  const card = await openOrder(page, orderId)
  await card.getByTestId("om-payment-status").filter({ hasText: "Payment confirmed" }).waitFor()
  const payment = page.getByTestId("om-payment-widget")
  await payment.getByTestId("om-balance-refund-open").click()
  await payment.getByTestId("om-balance-refund-amount").fill("10.00")
  await payment.getByTestId("om-balance-refund-reason").fill("one tin dented")
  await payment.getByTestId("om-balance-refund-submit").click()
  await page.getByText(/refunded to the balance/).first().waitFor()
  assert.equal(await balanceOf(customer_id), afterPay + 1000)
  await page.screenshot({ path: path.join(SHOTS, "refund-to-balance.png"), fullPage: true })
})
