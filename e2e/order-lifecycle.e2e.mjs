// The lifecycle card on Medusa's order page, in real Chromium.
import { test, before, after } from "node:test"
import assert from "node:assert/strict"
import path from "node:path"
import { adminToken, api, launch, login, BASE, SHOTS } from "./lib.mjs"

let browser, page, token

before(async () => {
  token = await adminToken()
  ;({ browser, page } = await launch())
  await login(page)
})
after(async () => browser?.close())

async function findOrder(query) {
  const { body } = await api(`/admin/order-management/orders?${query}`, token)
  assert.ok(body.order_lifecycles.length > 0, `no order for ${query}`)
  return body.order_lifecycles[0]
}

test("the order page shows the lifecycle card with statuses and only legal actions", async () => {
  const order = await findOrder("fulfillment_status=holded&on_hold=false")
  await page.goto(`${BASE}/app/orders/${order.order_id}`)
  const card = page.getByTestId("om-lifecycle-widget")
  await card.waitFor()
  assert.equal(await card.getByTestId("om-order-number").textContent(), order.order_number)
  assert.equal(await card.getByTestId("om-payment-status").textContent(), "Payment confirmed")
  assert.equal(await card.getByTestId("om-fulfillment-status").textContent(), "Awaiting review")
  assert.ok(await card.getByTestId("om-action-approve").isVisible())
  assert.equal(await card.getByTestId("om-action-dispatch").count(), 0, "dispatch is not legal before approval")
  await page.screenshot({ path: path.join(SHOTS, "lifecycle-widget-holded.png"), fullPage: true })
})

test("approving from the card moves the order to processing", async () => {
  const order = await findOrder("fulfillment_status=holded&on_hold=false")
  await page.goto(`${BASE}/app/orders/${order.order_id}`)
  const card = page.getByTestId("om-lifecycle-widget")
  await card.getByTestId("om-action-approve").click()
  await card.getByTestId("om-fulfillment-status").filter({ hasText: "Processing" }).waitFor()
  assert.ok(await card.getByTestId("om-action-dispatch").isVisible(), "dispatch is offered after approval")
  const { body } = await api(`/admin/order-management/orders/${order.order_id}`, token)
  assert.equal(body.order_lifecycle.fulfillment_status, "processing")
  assert.equal(body.order_lifecycle.history[0].action, "approve")
  assert.equal(body.order_lifecycle.history[0].actor_type, "user")
  await page.screenshot({ path: path.join(SHOTS, "lifecycle-widget-approved.png"), fullPage: true })
})

test("cancel asks for a reason before it runs", async () => {
  const order = await findOrder("payment_status=pending")
  await page.goto(`${BASE}/app/orders/${order.order_id}`)
  const card = page.getByTestId("om-lifecycle-widget")
  await card.getByTestId("om-action-cancel").click()
  const confirm = page.getByTestId("om-confirm-action")
  await confirm.waitFor()
  assert.equal(await confirm.isDisabled(), true, "no reason, no cancel")
  await page.getByLabel("Reason (required)").fill("buyer asked by email")
  await confirm.click()
  await card.getByTestId("om-payment-status").filter({ hasText: "Canceled" }).waitFor()
  const { body } = await api(`/admin/order-management/orders/${order.order_id}`, token)
  assert.equal(body.order_lifecycle.history[0].reason, "buyer asked by email")
})
