// An Alipay checkout in the demo store, paid at the simulator's cashier in Chromium; the order page's Payment
// card shows the gateway order number, the platform transaction number and the callback.
import { test, before, after } from "node:test"
import assert from "node:assert/strict"
import path from "node:path"
import { run } from "../scripts/lib/run.mjs"
import { BASE, adminToken, api, launch, login, openOrder, SHOTS } from "./lib.mjs"

let browser, page

before(async () => {
  ;({ browser, page } = await launch())
  await login(page)
})
after(async () => browser?.close())

test("a storefront Alipay QR checkout, paid at the cashier, shows confirmed with its payment details", async () => {
  const out = await run(process.execPath, [path.resolve("scripts/demo-checkout.mjs"), "alipay-qr"], { env: { ...process.env, DEMO_URL: BASE } })
  const orderId = /order (order_\w+) placed/.exec(out)?.[1]
  const payUrl = /pay it:\s+(\S+)/.exec(out)?.[1]
  const tradeNo = /gateway order no\. (\w+)/.exec(out)?.[1]
  assert.ok(orderId && payUrl && tradeNo, out)

  let card = await openOrder(page, orderId)
  assert.equal(await card.getByTestId("om-payment-status").textContent(), "Pending payment")
  const payment = page.getByTestId("om-payment-widget")
  await payment.waitFor()
  assert.equal(await payment.getByTestId("om-payment-out-trade-no").textContent(), tradeNo)
  // the channel by its name in the admin's language, as in the list (not the provider id)
  assert.equal(await payment.getByTestId("om-payment-provider").first().textContent(), "Alipay")
  assert.equal(await payment.getByTestId("om-payment-transaction").count(), 0, "no platform transaction before payment")

  // the buyer "scans": the simulator's cashier page, then confirms
  await page.goto(payUrl)
  await page.getByRole("button", { name: /Confirm payment/ }).click()
  await page.getByText("支付成功 Paid").waitFor()
  await page.screenshot({ path: path.join(SHOTS, "alipay-cashier-paid.png") })

  // the callback is applied asynchronously after it was acknowledged: reload until the card shows it (bounded)
  for (let i = 0; i < 30; i++) {
    card = await openOrder(page, orderId)
    if ((await card.getByTestId("om-payment-status").textContent()) === "Payment confirmed") break
    await page.waitForTimeout(500)
  }
  assert.equal(await card.getByTestId("om-payment-status").textContent(), "Payment confirmed")
  await payment.getByTestId("om-payment-transaction").waitFor()
  assert.match(await payment.getByTestId("om-payment-transaction").textContent(), /^\d{20,}$/)
  assert.match(await payment.getByTestId("om-payment-event").first().textContent(), /callback · paid → captured/)
  await page.screenshot({ path: path.join(SHOTS, "order-payment-card.png"), fullPage: true })
})

test("a bank-transfer order: the Payment card shows the reference; confirming the receipt (and approving) moves the order on", async () => {
  const out = await run(process.execPath, [path.resolve("scripts/demo-checkout.mjs"), "bank"], { env: { ...process.env, DEMO_URL: BASE } })
  const orderId = /order (order_\w+) placed/.exec(out)?.[1]
  const reference = /reference (BT-[\w-]+)/.exec(out)?.[1]
  assert.ok(orderId && reference, out)
  const token = await adminToken()
  const { body } = await api(`/admin/order-management/orders/${orderId}/payment`, token)
  const expected = body.sessions[0].amount_minor

  const card = await openOrder(page, orderId)
  const payment = page.getByTestId("om-payment-widget")
  await payment.getByTestId("om-bank-reference").waitFor()
  assert.equal(await payment.getByTestId("om-bank-reference").textContent(), reference)
  await payment.getByTestId("om-receipt-amount").fill(`${Math.floor(expected / 100)}.${String(expected % 100).padStart(2, "0")}`)
  await payment.getByTestId("om-receipt-reference").fill("CMB-E2E-0001")
  await payment.getByTestId("om-receipt-confirm").click()
  await card.getByTestId("om-payment-status").filter({ hasText: "Payment confirmed" }).waitFor()
  await card.getByTestId("om-fulfillment-status").filter({ hasText: "Processing" }).waitFor()
  await page.screenshot({ path: path.join(SHOTS, "bank-transfer-confirmed.png"), fullPage: true })
})
