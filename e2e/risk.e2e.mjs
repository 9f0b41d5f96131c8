// Risk control in the admin (issue 18): Settings → Risk (blacklist entries and rules), the order page's Risk card
// with "Blacklist this customer", the list's risk column and filter in the URL, and 简体中文 at 1,024 px.
import { test, before, after } from "node:test"
import assert from "node:assert/strict"
import path from "node:path"
import { ADMIN, adminToken, api, BASE, findOrder, launch, login, setLanguage, SHOTS } from "./lib.mjs"

let browser, page, token
const stamp = Date.now()

before(async () => {
  token = await adminToken()
  ;({ browser, page } = await launch())
  page.on("pageerror", (e) => console.log(`page error: ${e.message.slice(0, 300)}`))
  page.on("console", (m) => m.type() === "error" && /React|Error:/.test(m.text()) && console.log(`console: ${m.text().slice(0, 300)}`))
  await login(page)
})
after(async () => {
  // leave the admin in English for the other browser tests
  await setLanguage(page, "English").catch(() => {})
  await browser?.close()
})

/** Texts inside `selector` (under the test id) broken over more than one line, and how far its tables overflow. */
async function layout(testId, selector) {
  return page.getByTestId(testId).evaluate((el, sel) => {
    const lines = (node) => {
      let most = 0
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT)
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const range = document.createRange()
        range.selectNodeContents(t)
        const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top)
        most = Math.max(most, tops.filter((top, i) => tops.findIndex((x) => Math.abs(x - top) < 3) === i).length)
      }
      return most
    }
    const broken = [...el.querySelectorAll(sel)].filter((b) => b.textContent.trim() && lines(b) > 1).map((b) => b.textContent.trim())
    const overflow = Math.max(0, ...[...el.querySelectorAll(".overflow-x-auto")].map((s) => s.scrollWidth - s.clientWidth))
    return { broken, overflow, pageWidth: document.documentElement.scrollWidth, view: window.innerWidth }
  }, selector)
}

test("Settings → Risk: add a blacklisted email, find it, remove it; add a rule and see it in evaluation order", async () => {
  await page.goto(`${BASE}/app/settings/risk`)
  await page.getByTestId("om-risk-page").waitFor()

  const email = `e2e-risk-${stamp}@example.com`
  await page.getByTestId("om-bl-add").click()
  const drawer = page.getByTestId("om-bl-drawer")
  await drawer.waitFor()
  await drawer.getByTestId("om-bl-value").fill(email.toUpperCase())
  assert.equal(await drawer.getByTestId("om-bl-submit").isDisabled(), true, "a reason is required")
  await drawer.getByTestId("om-bl-reason").fill("e2e: chargeback")
  await drawer.getByTestId("om-bl-submit").click()
  await drawer.waitFor({ state: "detached" })
  await page.getByTestId("om-bl-search").fill(email)
  await page.getByTestId("om-bl-search").press("Enter")
  const row = page.getByTestId("om-bl-row").filter({ hasText: email })
  await row.waitFor()
  assert.match(await row.textContent(), /e2e: chargeback/)
  // who added it reads as the admin's email, not a user id
  assert.equal((await row.getByTestId("om-bl-row-by").textContent()).trim(), ADMIN.email)
  const listed = (await api(`/admin/order-management/risk/blacklist?q=${encodeURIComponent(email)}`, token)).body
  assert.equal(listed.entries.length, 1, "stored (lower case)")

  // the same again is refused with the server's message
  await page.getByTestId("om-bl-add").click()
  await drawer.waitFor()
  await drawer.getByTestId("om-bl-value").fill(email)
  await drawer.getByTestId("om-bl-reason").fill("twice")
  await drawer.getByTestId("om-bl-submit").click()
  await page.locator("[data-sonner-toast]").filter({ hasText: /already|listed/i }).first().waitFor()
  await page.keyboard.press("Escape")
  await drawer.waitFor({ state: "detached" })

  await row.getByTestId("om-bl-remove").click()
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove" }).click()
  await row.waitFor({ state: "detached" })
  assert.equal((await api(`/admin/order-management/risk/blacklist?q=${encodeURIComponent(email)}&active=true`, token)).body.entries.length, 0)

  // a rule: a big order goes to review
  const name = `E2E big order ${stamp}`
  await page.getByTestId("om-rule-add").click()
  const rd = page.getByTestId("om-rule-drawer")
  await rd.waitFor()
  await rd.getByTestId("om-rule-name").fill(name)
  await rd.getByTestId("om-rule-param-amount_minor").fill("1000")
  await rd.getByTestId("om-rule-priority").fill("990")
  await rd.getByTestId("om-rule-submit").click()
  await rd.waitFor({ state: "detached" })
  const ruleRow = page.getByTestId("om-rule-row").filter({ hasText: name })
  await ruleRow.waitFor()
  assert.match(await ruleRow.getByTestId("om-rule-row-params").textContent(), /1,000\.00/)
  const { body } = await api("/admin/order-management/risk/rules", token)
  const stored = body.rules.find((r) => r.name === name)
  assert.deepEqual(stored.params, { amount_minor: 100000, currency_code: "cny" })
  assert.equal(stored.action, "review")
  // moved one place earlier from the table: the server's evaluation order follows
  const before = body.rules.map((r) => r.id)
  const at = before.indexOf(stored.id)
  await ruleRow.getByTestId("om-rule-up").click()
  await page.locator("[data-sonner-toast]").filter({ hasText: /Order saved/ }).first().waitFor()
  const after = (await api("/admin/order-management/risk/rules", token)).body.rules.map((r) => r.id)
  assert.equal(after.indexOf(stored.id), at - 1, "the rule is evaluated one place earlier")
  // the drawer opens empty again, not with the last rule's values
  await page.getByTestId("om-rule-add").click()
  await rd.waitFor()
  assert.equal(await rd.getByTestId("om-rule-name").inputValue(), "")
  assert.equal(await rd.getByTestId("om-rule-priority").inputValue(), "")
  await page.keyboard.press("Escape")
  await rd.waitFor({ state: "detached" })
  // disable it from the table (the rule must not hold other tests' checkouts), then it stays listed, off
  await ruleRow.getByTestId("om-rule-enabled").click()
  await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid="om-rule-row"]')].some((r) => r.textContent.includes(n) && r.querySelector('[data-testid="om-rule-enabled"]')?.getAttribute("data-state") === "unchecked"), name)
  assert.equal((await api("/admin/order-management/risk/rules", token)).body.rules.find((r) => r.name === name).enabled, false)
  await page.screenshot({ path: path.join(SHOTS, "risk-settings.png"), fullPage: true })
})

test("the order page's Risk card, and Blacklist this customer's drawer", async () => {
  const order = await findOrder(token, "limit=1")
  const detail = (await api(`/admin/order-management/orders/${order.order_id}`, token)).body
  await page.goto(`${BASE}/app/orders/${order.order_id}`)
  const card = page.getByTestId("om-risk-card")
  await card.waitFor()
  if (detail.risk) await card.getByTestId("om-risk-level").waitFor()
  else await card.getByTestId("om-risk-not-assessed").filter({ hasText: "Not assessed" }).waitFor()
  await card.getByTestId("om-risk-blacklist").click()
  const drawer = page.getByTestId("om-risk-blacklist-drawer")
  await drawer.waitFor()
  assert.equal(await drawer.getByTestId("om-risk-bl-type-customer").getAttribute("data-state"), "checked")
  assert.equal(await drawer.getByTestId("om-risk-bl-type-email").getAttribute("data-state"), "checked")
  assert.equal(await drawer.getByTestId("om-risk-bl-type-phone").getAttribute("data-state"), "unchecked")
  assert.equal(await drawer.getByTestId("om-risk-bl-submit").isDisabled(), true, "a reason is required")
  await page.screenshot({ path: path.join(SHOTS, "risk-card.png") })
  await page.keyboard.press("Escape")
  await drawer.waitFor({ state: "detached" })
})

test("the list's risk filter is in the URL and the API's query; each row has its risk dot", async () => {
  await page.goto(`${BASE}/app/order-management`)
  await page.getByTestId("om-orders-table").waitFor()
  assert.ok((await page.getByTestId("om-risk-dot").count()) > 0, "a risk cell per row")
  await page.getByTestId("om-filter-risk").click()
  await page.locator('[data-testid="om-filter-risk-option"][data-level="high"]').click()
  await page.locator('[data-testid="om-filter-risk-option"][data-level="medium"]').click()
  await page.keyboard.press("Escape")
  await page.waitForURL(/risk_level=medium%2Chigh/)
  const { body } = await api("/admin/order-management/orders?limit=20&risk_level=medium,high", token)
  const expected = body.order_lifecycles.map((o) => o.order_id)
  await page.waitForFunction((ids) => JSON.stringify([...document.querySelectorAll('[data-testid="om-order-row"]')].map((r) => r.getAttribute("data-order-id"))) === JSON.stringify(ids), expected)
  for (const level of await page.getByTestId("om-risk-dot").evaluateAll((d) => d.map((x) => x.getAttribute("data-level")))) assert.ok(["medium", "high"].includes(level))
  // a reload keeps it
  await page.reload()
  await page.getByTestId("om-filter-risk").waitFor()
  assert.match(await page.getByTestId("om-filter-risk").textContent(), /Medium, High/)
})

test("简体中文 at 1,024 px: the Risk page, the card and the list's risk column and filter do not break", async () => {
  await api("/admin/order-management/risk/blacklist", token, { method: "POST", body: JSON.stringify({ type: "address", value: `上海市黄浦区南京东路${stamp % 1000}号 华联商厦 18楼 1808室, 上海, 200001, CN`, reason: "e2e: 转运仓地址，多次拒付后列入黑名单", expires_at: new Date(Date.now() + 86400_000).toISOString() }) })
  await setLanguage(page, "简体中文")
  await page.setViewportSize({ width: 1024, height: 900 })
  await page.goto(`${BASE}/app/settings/risk`)
  await page.getByTestId("om-rules-table").waitFor()
  await page.getByText("风险控制").first().waitFor()
  const settings = await layout("om-risk-page", "th, button, .txt-compact-xsmall-plus, [data-testid='om-rule-row-params']")
  assert.deepEqual(settings.broken, [], "headers, buttons, badges and params stay on one line")
  // the blacklist table (with a long address entry) fits its card: no sideways scrolling at 1,024 px
  await page.getByTestId("om-bl-row").first().waitFor()
  const bl = await layout("om-risk-blacklist", "th, button")
  assert.deepEqual(bl.broken, [], "its headers and the remove button stay on one line")
  assert.equal(bl.overflow, 0, `the blacklist table overflows its card by ${bl.overflow} px`)
  assert.ok(settings.pageWidth <= settings.view, `the page is ${settings.pageWidth} px wide in ${settings.view}`)
  await page.screenshot({ path: path.join(SHOTS, "risk-settings-zh-1024.png"), fullPage: true })

  await page.goto(`${BASE}/app/order-management?risk_level=high`)
  await page.getByTestId("om-filter-risk").waitFor()
  assert.equal((await page.getByTestId("om-filter-risk").textContent()).trim(), "高")
  await page.goto(`${BASE}/app/order-management`)
  await page.getByTestId("om-orders-table").waitFor()
  const list = await layout("om-orders-table", "th")
  assert.deepEqual(list.broken, [], "column headers stay on one line")
  assert.ok(list.pageWidth <= list.view, `the page is ${list.pageWidth} px wide in ${list.view}`)
  const full = await page.evaluate(() => {
    const s = document.querySelector('[data-testid="om-orders-table"]').closest(".overflow-x-auto")
    return s.scrollWidth - s.clientWidth
  })
  console.log(`orders table at 1024 px (zh): overflows its card by ${full} px`)
  await page.screenshot({ path: path.join(SHOTS, "risk-list-zh-1024.png") })

  const order = await findOrder(token, "limit=1")
  await page.goto(`${BASE}/app/orders/${order.order_id}`)
  const card = page.getByTestId("om-risk-card")
  await card.waitFor()
  await card.getByText(/未评估|低风险|中风险|高风险/).first().waitFor()
  const c = await layout("om-risk-card", "button, .txt-compact-xsmall-plus")
  assert.deepEqual(c.broken, [], "the card's badges and button stay on one line")
  await page.screenshot({ path: path.join(SHOTS, "risk-card-zh-1024.png") })
})
