// Settings → Payment channels with a connection test; the customer page's balance widget (credit with a reason);
// a storefront checkout paid from the balance, then part of it refunded to the balance from the Payment card.
import { test, before, after } from "node:test"
import assert from "node:assert/strict"
import path from "node:path"
import { readFileSync } from "node:fs"
import { run } from "../scripts/lib/run.mjs"
import { BASE, adminToken, api, launch, login, openOrder, SHOTS } from "./lib.mjs"

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
