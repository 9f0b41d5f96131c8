// Money in the odd cases, as an admin meets it: the demo played two of them through the store API and the
// simulators (scripts/lib/demo-scenarios.mjs): a USDT address left behind when the buyer switched to Alipay and paid
// after the order was paid, and an address paid after the cart changed, before any order.
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

test("a second payment on an abandoned trade shows on the order with its amount, channel, platform numbers and reason", async () => {
  const { body } = await api("/admin/order-management/anomalies?type=duplicate_payment&status=open", token)
  const anomaly = body.anomalies.find((a) => a.provider_id === "pp_nowpayments_nowpayments" && a.order_id)
  assert.ok(anomaly, "the demo's abandoned-address scenario")
  await page.goto(`${BASE}/app/orders/${anomaly.order_id}`)
  const row = page.locator(`[data-anomaly-id="${anomaly.id}"]`)
  await row.waitFor()
  assert.match(await row.getByTestId("om-anomaly-amount").textContent(), /CN¥|¥/)
  assert.equal(await row.getByTestId("om-anomaly-provider").textContent(), "pp_nowpayments_nowpayments")
  assert.equal(await row.getByTestId("om-anomaly-transaction").textContent(), anomaly.platform_transaction_id)
  assert.match(await row.getByTestId("om-anomaly-reason").textContent(), /whose payment session the store had replaced/)
  assert.ok(await row.getByTestId("om-anomaly-refund").isVisible(), "a refund path")
  await page.screenshot({ path: path.join(SHOTS, "anomaly-duplicate-payment.png"), fullPage: true })
})

test("Money without order lists a payment for a replaced checkout; one click refunds it through the channel it came from", async () => {
  await page.goto(`${BASE}/app/order-management?view=unmatched`)
  await page.getByTestId("om-unmatched").waitFor()
  const { body } = await api("/admin/order-management/anomalies?without_order=true&type=unmatched_payment&status=open", token)
  const anomaly = body.anomalies[0]
  assert.ok(anomaly, "the demo's changed-cart scenario")
  const row = page.locator(`[data-anomaly-id="${anomaly.id}"]`)
  await row.waitFor()
  assert.match(await row.locator("text=Payment for a replaced checkout").first().textContent(), /Payment for a replaced checkout/)
  assert.equal(await row.getByTestId("om-anomaly-cart").textContent(), anomaly.cart_id)
  assert.equal(await row.getByTestId("om-anomaly-transaction").textContent(), anomaly.platform_transaction_id)
  await page.screenshot({ path: path.join(SHOTS, "money-without-order.png"), fullPage: true })
  await row.getByTestId("om-anomaly-refund").click()
  await row.getByTestId("om-anomaly-status").filter({ hasText: "Resolved · refunded" }).waitFor()
  const after = (await api(`/admin/order-management/anomalies?cart_id=${anomaly.cart_id}`, token)).body.anomalies[0]
  assert.equal(after.status, "resolved")
  assert.match(after.payment_id, /^pay_/)
})

test("the odd cases read in 简体中文 too", async () => {
  await setLanguage(page, "简体中文")
  try {
    await page.goto(`${BASE}/app/order-management?view=unmatched`)
    await page.getByTestId("om-unmatched").waitFor()
    assert.equal(await page.getByTestId("om-tab-unmatched").textContent(), "无订单的款项")
    await page.getByText("已更换结账方式的付款").first().waitFor()
    await page.screenshot({ path: path.join(SHOTS, "money-without-order-zh-cn.png"), fullPage: true })
  } finally {
    await setLanguage(page, "English")
  }
})
