// The anomaly desk (issue 18), as an admin meets it: the sidebar's Anomalies page with a tab per state and its count,
// the filters in the URL, an anomaly's drawer (what happened, the money, the order), "Assign to me", Investigate and
// Resolve by hand with a note, the timeline's rows and the new state in the list; the demo's anomalies in several
// states; the order page's link into the desk; and 简体中文 at 1,024 px.
import { test, before, after } from "node:test"
import assert from "node:assert/strict"
import path from "node:path"
import { adminToken, api, BASE, launch, login, setLanguage, SHOTS } from "./lib.mjs"

let browser, page, token, anomaly, me
const stamp = Date.now()
const UNFINISHED = "open,investigating,waiting_customer"

before(async () => {
  token = await adminToken()
  ;({ browser, page } = await launch())
  page.on("pageerror", (e) => console.log(`page error: ${e.message.slice(0, 300)}`))
  await login(page)
  me = (await api("/admin/users/me", token)).body.user
  // an admin flags a paid order as malicious by hand (POST /admin/order-management/anomalies): a fresh anomaly to work on
  const { body } = await api("/admin/order-management/orders?payment_status=confirmed&limit=50", token)
  for (const o of body.order_lifecycles) {
    const open = (await api(`/admin/order-management/anomalies?order_id=${o.order_id}&type=malicious_order&status=${UNFINISHED}`, token)).body
    if (open.count) continue
    const r = await api("/admin/order-management/anomalies", token, { method: "POST", body: JSON.stringify({ order_id: o.order_id, type: "malicious_order", note: `e2e ${stamp}: card holder name differs from the account` }) })
    assert.equal(r.status, 201, JSON.stringify(r.body))
    anomaly = r.body.anomaly
    break
  }
  assert.ok(anomaly, "a paid order without an unfinished malicious-order anomaly")
})
after(async () => {
  await setLanguage(page, "English").catch(() => {})
  await browser?.close()
})

const row = (id) => page.locator(`[data-testid="om-desk-row"][data-anomaly-id="${id}"]`)

test("the demo's anomalies: every state of the process, some assigned", async () => {
  const { body } = await api("/admin/order-management/anomalies?limit=100", token)
  const states = new Set(body.anomalies.map((a) => a.status))
  for (const s of ["open", "investigating", "waiting_customer", "resolved", "dismissed"]) assert.ok(states.has(s), `the demo has a ${s} anomaly`)
  assert.ok(body.anomalies.some((a) => a.assignee_id === me.id), "some are assigned to the admin")
  for (const s of Object.keys(body.counts)) {
    const n = (await api(`/admin/order-management/anomalies?status=${s}&limit=1`, token)).body.count
    assert.equal(body.counts[s], n, `counts.${s}`)
  }
})

test("the sidebar opens Anomalies; a tab per state with its count; the state and filters live in the URL", async () => {
  await page.goto(`${BASE}/app/orders`)
  await page.getByRole("link", { name: "Anomalies", exact: true }).click()
  await page.waitForURL(/\/app\/anomalies/)
  await page.getByTestId("om-desk-table").waitFor()
  const { body } = await api("/admin/order-management/anomalies?status=open&limit=20", token)
  await page.getByTestId("om-desk-count-open").filter({ hasText: String(body.counts.open) }).waitFor()
  assert.equal(await page.getByTestId("om-desk-count-investigating").textContent(), String(body.counts.investigating))
  // the open tab lists the API's open anomalies, newest first
  const ids = await page.getByTestId("om-desk-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-anomaly-id")))
  assert.deepEqual(ids, body.anomalies.map((a) => a.id))
  assert.ok(ids.includes(anomaly.id), "the fresh one is open")
  const fresh = row(anomaly.id)
  assert.equal(await fresh.getByTestId("om-desk-row-type").textContent(), "Malicious order")
  assert.match(await fresh.getByTestId("om-desk-row-order").textContent(), /^#\d+$/)
  // the order's total in its currency (formatted from minor units), or "—" when the order has no lifecycle total
  const amount = await fresh.getByTestId("om-desk-row-amount").textContent()
  if (anomaly.amount_minor != null && anomaly.currency_code) assert.match(amount, /¥|\$/)
  else assert.equal(amount, "—")

  // a state tab: only that state, in the URL
  await page.getByTestId("om-desk-tab-waiting_customer").click()
  await page.waitForURL(/state=waiting_customer/)
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="om-desk-row"]')]
    return rows.length > 0 && rows.every((r) => r.getAttribute("data-state") === "waiting_customer")
  })
  // a type filter and "assigned to me" on all states
  await page.getByTestId("om-desk-tab-all").click()
  await page.getByTestId("om-desk-type").click()
  await page.locator('[data-testid="om-desk-type-option"][data-value="malicious_order"]').click()
  await page.waitForURL(/type=malicious_order/)
  await page.getByTestId("om-desk-assignee").click()
  await page.locator('[data-testid="om-desk-assignee-option"][data-value="me"]').click()
  await page.waitForURL(/assignee=me/)
  const mine = (await api("/admin/order-management/anomalies?type=malicious_order&assignee_id=me&limit=20", token)).body.anomalies.map((a) => a.id)
  assert.ok(mine.length > 0, "the demo assigned malicious-order anomalies to the admin")
  await page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('[data-testid="om-desk-row"]')].map((r) => r.getAttribute("data-anomaly-id"))) === JSON.stringify(want), mine)
  await page.reload()
  await page.getByTestId("om-desk-table").waitFor()
  assert.match(await page.getByTestId("om-desk-assignee").textContent(), /Assigned to me/)
  await page.getByTestId("om-desk-clear").click()
  await page.waitForURL((u) => !u.search.includes("assignee"))
})

test("open an anomaly, assign it to me, investigate, resolve it by hand with a note: the timeline and the list follow", async () => {
  await page.goto(`${BASE}/app/anomalies`)
  await row(anomaly.id).click()
  await page.waitForURL(new RegExp(`anomaly=${anomaly.id}`))
  const drawer = page.getByTestId("om-desk-drawer")
  await drawer.getByTestId("om-desk-explain").filter({ hasText: "looks fraudulent" }).waitFor()
  assert.match(await drawer.getByTestId("om-desk-reason").textContent(), new RegExp(`e2e ${stamp}`))
  assert.match(await drawer.getByTestId("om-desk-order-link").textContent(), /^#\d+$/)
  assert.equal(await drawer.getByTestId("om-desk-assignee-name").textContent(), "Nobody")

  await drawer.getByTestId("om-desk-assign-me").click()
  const name = [me.first_name, me.last_name].filter(Boolean).join(" ") || me.email
  await drawer.getByTestId("om-desk-assignee-name").filter({ hasText: name }).waitFor()

  await drawer.getByTestId("om-desk-move-investigating").click()
  await drawer.getByTestId("om-desk-move-submit").click()
  await drawer.locator('[data-testid="om-desk-drawer-head"] [data-testid="om-desk-state"][data-state="investigating"]').waitFor()
  // a remark on the timeline that moves nothing
  await drawer.getByTestId("om-desk-add-note").fill(`e2e ${stamp}: asked the bank about the card`)
  await drawer.getByTestId("om-desk-add-note-submit").click()
  await drawer.getByTestId("om-desk-step-note").filter({ hasText: "asked the bank about the card" }).waitFor()

  await drawer.getByTestId("om-desk-move-resolved").click()
  // only money after a cancel can be revived
  assert.equal(await drawer.getByTestId("om-desk-res-revive").count(), 0)
  await drawer.getByTestId("om-desk-res-manual").click()
  assert.equal(await drawer.getByTestId("om-desk-move-submit").isDisabled(), true, "a manual resolution needs a note")
  await drawer.getByTestId("om-desk-note").fill(`e2e ${stamp}: called the customer, the order is genuine`)
  await drawer.getByTestId("om-desk-move-submit").click()
  await drawer.locator('[data-testid="om-desk-drawer-head"] [data-testid="om-desk-state"][data-state="resolved"]').waitFor()
  assert.equal(await drawer.getByTestId("om-desk-move-investigating").count(), 0, "resolved is final: no moves")

  // the timeline: opened, assigned to me, open → investigating, the remark, investigating → resolved with the note; by me
  const steps = drawer.getByTestId("om-desk-step")
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="om-desk-step"]').length >= 5)
  const texts = await steps.evaluateAll((els) => els.map((e) => e.textContent))
  assert.match(texts[0], /Opened/)
  assert.ok(texts.some((x) => x.includes(`Assigned to ${name}`)), texts.join(" | "))
  assert.ok(texts.some((x) => x.includes("Open → Investigating")), texts.join(" | "))
  assert.ok(texts.some((x) => x.startsWith("Note") && x.includes("asked the bank")), texts.join(" | "))
  const last = texts[texts.length - 1]
  assert.match(last, /Investigating → Resolved · handled by hand/)
  assert.match(last, new RegExp(`called the customer`))
  assert.match(last, new RegExp(`by ${name.replace(/[.+]/g, "\\$&")}`))
  await page.screenshot({ path: path.join(SHOTS, "anomaly-drawer.png"), fullPage: true })

  const detail = (await api(`/admin/order-management/anomalies/${anomaly.id}`, token)).body
  assert.equal(detail.anomaly.status, "resolved")
  assert.equal(detail.anomaly.assignee_id, me.id)
  assert.equal(detail.steps.length, texts.length)

  // the list follows: the anomaly left the open tab and shows in Resolved, with its last step
  await page.keyboard.press("Escape")
  await drawer.waitFor({ state: "detached" })
  await row(anomaly.id).waitFor({ state: "detached" })
  await page.getByTestId("om-desk-tab-resolved").click()
  await row(anomaly.id).waitFor()
  assert.equal(await row(anomaly.id).getAttribute("data-state"), "resolved")
  assert.match(await row(anomaly.id).getByTestId("om-desk-row-last").textContent(), /Resolved/)
  assert.equal(await row(anomaly.id).getByTestId("om-desk-row-assignee").textContent(), name)
})

test("the drawer shows the payment's callbacks (the inbox) and the order's lifecycle history inline", async () => {
  const { body } = await api("/admin/order-management/anomalies?type=duplicate_payment&limit=1", token)
  const a = body.anomalies[0]
  assert.ok(a, "the demo's duplicate payment (a USDT address paid after Alipay)")
  const detail = (await api(`/admin/order-management/anomalies/${a.id}`, token)).body
  assert.ok(detail.payment_events.length >= 2 && detail.order_history.length > 0, "callbacks of both channels and a history")
  await page.goto(`${BASE}/app/anomalies?state=all&anomaly=${a.id}`)
  const drawer = page.getByTestId("om-desk-drawer")
  await drawer.getByTestId("om-desk-event").first().waitFor()
  const events = await drawer.getByTestId("om-desk-event").evaluateAll((els) => els.map((e) => [e.getAttribute("data-event-id"), e.getAttribute("data-status")]))
  assert.deepEqual(events, detail.payment_events.map((e) => [e.id, e.status]))
  const outcomes = await drawer.getByTestId("om-desk-event-outcome").allTextContents()
  assert.ok(outcomes.includes("duplicate_payment") && outcomes.includes("captured"), outcomes.join(", "))
  // processed callbacks are not re-processed (only failed or ignored ones offer it)
  assert.equal(await drawer.getByTestId("om-desk-replay").count(), detail.payment_events.filter((e) => ["failed", "ignored"].includes(e.status)).length)
  assert.equal(await drawer.getByTestId("om-desk-history-row").count(), detail.order_history.length)
  await page.screenshot({ path: path.join(SHOTS, "anomaly-drawer-callbacks.png"), fullPage: true })
})

test("the order page's anomaly links into the desk's drawer", async () => {
  const { body } = await api("/admin/order-management/anomalies?type=paid_after_cancel&status=open,investigating,waiting_customer", token)
  const a = body.anomalies.find((x) => x.order_id)
  assert.ok(a, "the demo's paid-after-cancel anomaly")
  await page.goto(`${BASE}/app/orders/${a.order_id}`)
  const link = page.locator(`[data-anomaly-id="${a.id}"]`).getByTestId("om-anomaly-open-desk")
  await link.click()
  await page.waitForURL(new RegExp(`/app/anomalies\\?.*anomaly=${a.id}`))
  const drawer = page.getByTestId("om-desk-drawer")
  await drawer.getByTestId("om-desk-explain").filter({ hasText: "after the order had been canceled" }).waitFor()
  // money held after a cancel: refund and revive are offered (a malicious order above offered neither)
  await drawer.getByTestId("om-desk-move-resolved").click()
  await drawer.getByTestId("om-desk-res-revive").waitFor()
  assert.equal(await drawer.getByTestId("om-desk-res-refund").count(), 1)
  await drawer.getByTestId("om-desk-move-resolved").click()
  assert.equal(await drawer.getByTestId("om-desk-move-form").count(), 0, "asked again, the form closes: nothing was sent")
  assert.equal((await api(`/admin/order-management/anomalies/${a.id}`, token)).body.anomaly.status, a.status)
})

test("简体中文 at 1,024 px: the sidebar entry, the tabs and the drawer are translated; the page does not overflow", async () => {
  await setLanguage(page, "简体中文")
  await page.setViewportSize({ width: 1024, height: 900 })
  await page.goto(`${BASE}/app/anomalies?state=all`)
  await page.getByTestId("om-desk-table").waitFor()
  assert.ok(await page.getByRole("link", { name: "异常订单", exact: true }).isVisible(), "the sidebar entry is translated")
  assert.match(await page.getByTestId("om-desk-tab-waiting_customer").textContent(), /^等待顾客/)
  const fits = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, view: window.innerWidth }))
  assert.ok(fits.width <= fits.view, `the page is ${fits.width} px wide in ${fits.view}`)
  await page.screenshot({ path: path.join(SHOTS, "anomalies-zh-1024.png") })
  await row(anomaly.id).click()
  await page.getByTestId("om-desk-drawer").getByTestId("om-desk-explain").filter({ hasText: "订单疑似欺诈" }).waitFor()
  assert.match(await page.getByTestId("om-desk-drawer").getByTestId("om-desk-step-what").last().textContent(), /调查中 → 已处理 · 人工处理/)
})
