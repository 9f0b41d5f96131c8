// The plugin's widgets on Medusa's order page, driven as an admin would, in real Chromium.
import { test, before, after } from "node:test"
import assert from "node:assert/strict"
import path from "node:path"
import { adminToken, api, findOrder, launch, login, openOrder, SHOTS } from "./lib.mjs"

let browser, page, token

before(async () => {
  token = await adminToken()
  ;({ browser, page } = await launch())
  await login(page)
})
after(async () => browser?.close())

const REVIEW = "fulfillment_status=holded&on_hold=false&sort=oldest"

test("the card shows statuses and only the legal actions; approving updates the card and the history", async () => {
  const order = await findOrder(token, REVIEW)
  const card = await openOrder(page, order.order_id)
  assert.equal(await card.getByTestId("om-order-number").textContent(), order.order_number)
  assert.equal(await card.getByTestId("om-payment-status").textContent(), "Payment confirmed")
  assert.equal(await card.getByTestId("om-fulfillment-status").textContent(), "Awaiting review")
  assert.equal(await card.getByTestId("om-action-dispatch").count(), 0, "dispatch is not legal before approval")
  const history = page.getByTestId("om-history-widget")
  const rowsBefore = await history.getByTestId("om-history-row").count()
  await page.screenshot({ path: path.join(SHOTS, "widget-awaiting-review.png"), fullPage: true })

  await card.getByTestId("om-action-approve").click()
  await card.getByTestId("om-fulfillment-status").filter({ hasText: "Processing" }).waitFor()
  assert.ok(await card.getByTestId("om-action-dispatch").isVisible(), "dispatch is offered after approval")
  await history.getByTestId("om-history-row").nth(rowsBefore).waitFor()
  const newest = history.getByTestId("om-history-row").first()
  assert.equal(await newest.getByTestId("om-history-action").textContent(), "Approved")
  assert.match(await newest.getByTestId("om-history-actor").textContent(), /admin@medusa-demo\.test/)
  await page.screenshot({ path: path.join(SHOTS, "widget-approved-with-history.png"), fullPage: true })
})

test("reject needs a reason; the reason shows in the history", async () => {
  const order = await findOrder(token, REVIEW)
  const card = await openOrder(page, order.order_id)
  await card.getByTestId("om-action-reject").click()
  const confirm = page.getByTestId("om-confirm-action")
  await confirm.waitFor()
  assert.equal(await confirm.isDisabled(), true, "no reason, no reject")
  assert.ok(await page.getByTestId("om-reason-hint").isVisible())
  await page.getByTestId("om-reason-input").fill("address is a parcel locker we cannot serve")
  await confirm.click()
  await card.getByTestId("om-fulfillment-status").filter({ hasText: "Refunded" }).waitFor()
  const newest = page.getByTestId("om-history-widget").getByTestId("om-history-row").first()
  assert.equal(await newest.getByTestId("om-history-reason").textContent(), "address is a parcel locker we cannot serve")
})

test("hold shows the flag and reason and blocks dispatch; release clears it", async () => {
  const order = await findOrder(token, "fulfillment_status=processing&on_hold=false")
  const card = await openOrder(page, order.order_id)
  await card.getByTestId("om-action-hold").click()
  await page.getByTestId("om-reason-input").fill("waiting for the customer's new address")
  await page.getByTestId("om-confirm-action").click()
  await card.getByTestId("om-hold").waitFor()
  assert.match(await card.getByTestId("om-hold").textContent(), /waiting for the customer's new address/)
  assert.equal(await card.getByTestId("om-action-dispatch").count(), 0, "no dispatch while on hold")
  await card.getByTestId("om-action-release").click()
  await card.getByTestId("om-hold").waitFor({ state: "detached" })
  assert.ok(await card.getByTestId("om-action-dispatch").isVisible())
})

test("a delayed dispatch is scheduled and its time is shown", async () => {
  const order = await findOrder(token, "fulfillment_status=processing&on_hold=false")
  const card = await openOrder(page, order.order_id)
  await card.getByTestId("om-action-dispatch").click()
  await page.getByTestId("om-dispatch-later").click()
  await page.getByTestId("om-activate-at-input").fill("2030-05-06T14:30")
  await page.getByTestId("om-tracking-input").fill("SF2030050601")
  await page.getByTestId("om-confirm-action").click()
  const scheduled = card.getByTestId("om-activate-at")
  await scheduled.waitFor()
  const text = await scheduled.textContent()
  assert.match(text, /2030/)
  assert.match(text, /2:30|14:30/)
  const { body } = await api(`/admin/order-management/orders/${order.order_id}`, token)
  assert.equal(new Date(body.order_lifecycle.activate_at).getTime(), new Date(2030, 4, 6, 14, 30).getTime())
  assert.equal(body.order_lifecycle.fulfillment_status, "processing")
  await page.screenshot({ path: path.join(SHOTS, "widget-dispatch-scheduled.png"), fullPage: true })
})

test("notes, communication records and marks are added; a mark shows as a badge on the card", async () => {
  const order = await findOrder(token, "payment_status=confirmed")
  // the order may carry notes already (a manual order's note and communication record): count what this test adds
  const before = (await api(`/admin/order-management/orders/${order.order_id}`, token)).body.order_lifecycle.notes.length
  const card = await openOrder(page, order.order_id)
  const notes = page.getByTestId("om-notes-widget")
  await notes.getByTestId("om-note-body").fill("customer wants gift wrapping")
  await notes.getByTestId("om-note-add").click()
  await notes.getByTestId("om-note").filter({ hasText: "customer wants gift wrapping" }).waitFor()

  await notes.getByTestId("om-note-kind").click()
  await page.getByRole("option", { name: "Special mark" }).click()
  // a label no other test uses: the manual-orders test leaves a confirmed order already marked "VIP"
  const label = `repeat-buyer-${Date.now().toString(36)}`
  await notes.getByTestId("om-note-label").fill(label)
  await notes.getByTestId("om-note-body").fill("third order this month")
  await notes.getByTestId("om-note-add").click()
  await card.getByTestId("om-mark").filter({ hasText: label }).waitFor()
  await notes.getByTestId("om-note").filter({ hasText: "third order this month" }).waitFor()
  assert.equal(await notes.getByTestId("om-note").count(), before + 2)
  await page.screenshot({ path: path.join(SHOTS, "widget-notes-and-mark.png"), fullPage: true })
})

test("cancel asks for a reason before it runs", async () => {
  const order = await findOrder(token, "payment_status=pending")
  const card = await openOrder(page, order.order_id)
  await card.getByTestId("om-action-cancel").click()
  const confirm = page.getByTestId("om-confirm-action")
  await confirm.waitFor()
  assert.equal(await confirm.isDisabled(), true)
  await page.getByTestId("om-reason-input").fill("buyer asked by email")
  await confirm.click()
  await card.getByTestId("om-payment-status").filter({ hasText: "Canceled" }).waitFor()
})

test("an illegal action's 409 is shown as a readable toast", async () => {
  const order = await findOrder(token, REVIEW)
  const card = await openOrder(page, order.order_id)
  // someone else approves it meanwhile: the button on this page is now stale
  const r = await api(`/admin/order-management/orders/${order.order_id}/actions`, token, { method: "POST", body: JSON.stringify({ action: "approve" }) })
  assert.equal(r.status, 200)
  await card.getByTestId("om-action-approve").click()
  const toast = page.getByText(/Cannot approve this order/)
  await toast.waitFor()
  assert.match(await toast.textContent(), /fulfillment processing/)
})

test("a payment that arrived after the cancel shows on the card; reviving it confirms the order", async () => {
  const { body } = await api("/admin/order-management/anomalies?type=paid_after_cancel&status=open", token)
  assert.ok(body.anomalies.length > 0, "the demo has a paid-after-cancel order")
  const anomaly = body.anomalies[0]
  const card = await openOrder(page, anomaly.order_id)
  assert.equal(await card.getByTestId("om-payment-status").textContent(), "Canceled")
  const box = card.getByTestId("om-anomalies")
  await box.waitFor()
  assert.match(await box.textContent(), /Paid after cancel/)
  await page.screenshot({ path: path.join(SHOTS, "widget-paid-after-cancel.png"), fullPage: true })
  await box.getByTestId("om-anomaly-revive").click()
  await card.getByTestId("om-payment-status").filter({ hasText: "Payment confirmed" }).waitFor()
  assert.equal(await card.getByTestId("om-fulfillment-status").textContent(), "Awaiting review")
  await box.waitFor({ state: "detached" })
  const after = await api(`/admin/order-management/anomalies?order_id=${anomaly.order_id}`, token)
  assert.equal(after.body.anomalies[0].resolution, "revived")
})
