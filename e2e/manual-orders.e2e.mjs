// Manual orders (issue 19), as an admin meets them: from the Order management page's "Create order" button, an order
// for a new customer (created with the order), a product found by title with its stock, a promotion code that does
// not apply (the server's message shown) and one that does, a manual discount that needs its reason, points, a note,
// a mark and a phone record; priced live by the server; paid in cash; then the order's page and the API agree. At 1,024 px.
import { test, before, after } from "node:test"
import assert from "node:assert/strict"
import path from "node:path"
import { adminToken, api, BASE, launch, login, SHOTS } from "./lib.mjs"

let browser, page, token
const stamp = Date.now().toString(36)
const email = `mo-${stamp}@example.com`
let customerId, orderId

before(async () => {
  token = await adminToken()
  ;({ browser, page } = await launch())
  await page.setViewportSize({ width: 1024, height: 900 })
  await login(page)
})
after(async () => browser?.close())

const summary = () => page.getByTestId("mo-summary")
/** Wait until the server has priced what is on the page (no request in flight, no debounce pending). */
async function priced() {
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="mo-summary"]')
    return el && el.getAttribute("data-state") === "ready"
  }, null, { polling: 100 })
}
const valueOf = async (key) => (await page.getByTestId(`mo-sum-${key}-value`).textContent()).trim()
const minorOf = (text) => Number(text.replace(/[^\d.]/g, "").replace(".", ""))

test("an admin creates an order for a new customer with a coupon, a manual discount and points, paid in cash", async () => {
  await page.goto(`${BASE}/app/order-management`)
  await page.getByTestId("om-create-order").click()
  await page.waitForURL(/\/order-management\/create$/)
  await page.getByTestId("mo-page").waitFor()

  // 1. a new customer, created with the order
  await page.getByTestId("mo-customer-new").click()
  await page.getByTestId("mo-new-last_name").fill("Li")
  await page.getByTestId("mo-new-first_name").fill("Mei")
  await page.getByTestId("mo-new-email").fill(email)
  await page.getByTestId("mo-new-phone").fill(`+86138${String(Date.now()).slice(-8)}`)

  // 2. a product by title: the variant's specs and stock per location shown, then a quantity of 2
  await page.getByTestId("mo-product-search").fill("Longjing")
  const option = page.getByTestId("mo-product-search-option").first()
  await option.waitFor()
  assert.match(await option.textContent(), /TEA-LJ-250 · Size: 250g · .+: \d+ available/, "SKU, specs and stock per location")
  await option.click()
  const line = page.getByTestId("mo-line").first()
  await line.waitFor()
  assert.equal(await line.getByTestId("mo-line-service").count(), 0, "tea is shipped, not a service")
  await line.getByTestId("mo-line-quantity").fill("2")

  // the server builds the draft: the new customer is now a customer of the store, and the lines are priced
  await priced()
  const chosen = page.getByTestId("mo-customer-chosen")
  await chosen.waitFor()
  customerId = await chosen.getAttribute("data-customer-id")
  assert.match(customerId, /^cus_/)
  const { body: found } = await api(`/admin/customers/${customerId}`, token)
  assert.equal(found.customer.email, email, "created through Medusa's customer module")
  const item = page.getByTestId("mo-sum-item").first()
  assert.match(await item.getByTestId("mo-sum-item-unit").textContent(), /128\.00/, "Longjing's unit price in CNY")
  assert.match(await item.getByTestId("mo-sum-item-total").textContent(), /256\.00/)
  const total0 = minorOf(await valueOf("total"))

  // points credited to the new customer meanwhile (a customer-service gesture): the page reads them again
  const credited = await api(`/admin/order-management/customers/${customerId}/points/adjustments`, token, { method: "POST", body: JSON.stringify({ points: 500, reason: "welcome gift (e2e)" }) })
  assert.equal(credited.status, 201, JSON.stringify(credited.body))

  // the shipping address (what a shipped order needs is marked required) and the region's shipping option
  const required = await page.getByTestId("mo-address").locator('label:has([data-testid="mo-address-required"])').allTextContents()
  assert.ok(required.some((l) => l.startsWith("Address")) && required.some((l) => l.startsWith("City")), `address and city marked required (${required})`)
  for (const [f, v] of [["first_name", "Mei"], ["last_name", "Li"], ["phone", "13800000000"], ["address_1", "88 Nanjing Road"], ["city", "Shanghai"], ["province", "Shanghai"], ["postal_code", "200001"], ["country_code", "cn"]]) {
    await page.getByTestId(`mo-address-${f}`).fill(v)
  }
  await page.getByTestId("mo-shipping-option").click()
  await page.getByRole("option", { name: /^Standard \(CNY\)/ }).click()
  await page.getByTestId("mo-sum-shipping").waitFor()
  assert.match(await valueOf("shipping"), /10\.00/, "the option's price")

  // 3. a code that does not apply: the server's message, and nothing applied; then WELCOME10
  await page.getByTestId("mo-promo").fill(`NOPE-${stamp}`)
  await page.getByTestId("mo-promo-apply").click()
  const promoError = page.getByTestId("mo-promo-error")
  await promoError.waitFor()
  assert.ok((await promoError.textContent()).length > 5, "the server's message is shown")
  assert.equal(await page.getByTestId("mo-promo-chip").count(), 0)
  await page.getByTestId("mo-promo").fill("WELCOME10")
  await page.getByTestId("mo-promo-apply").click()
  await page.locator('[data-testid="mo-promo-chip"][data-code="WELCOME10"]').waitFor()
  await priced()
  await page.locator('[data-testid="mo-sum-promotion"][data-code="WELCOME10"]').waitFor()

  // a manual discount of ¥5.00: the reason is required
  await page.getByTestId("mo-manual-type").click()
  await page.getByRole("option", { name: "Amount", exact: true }).click()
  await page.getByTestId("mo-manual-value").fill("5.00")
  await page.getByTestId("mo-problem-manualReason").waitFor()
  await page.getByTestId("mo-manual-reason").fill("loyal customer, phoned in")
  await page.getByTestId("mo-problem-manualReason").waitFor({ state: "detached" })

  // 100 points
  await page.getByTestId("mo-points").click()
  await page.getByTestId("mo-customer-points").filter({ hasText: "500" }).waitFor()
  await page.getByTestId("mo-points").fill("100")

  // 4. notes, a mark and the phone call
  await page.getByTestId("mo-note").fill("Deliver after 6 pm")
  await page.getByTestId("mo-marks").fill("VIP, gift")
  await page.getByTestId("mo-communication").fill("Ordered by phone, asked for gift wrapping")

  // the answer to the last priced change (the points) carries the manual discount too
  await page.getByTestId("mo-sum-points").waitFor()
  await priced()
  assert.match(await page.getByTestId("mo-sum-manual").textContent(), /loyal customer/)
  const discounts = minorOf(await valueOf("discounts"))
  assert.ok(discounts > 500, `the coupon and the manual discount together (${discounts})`)
  assert.ok(minorOf(await valueOf("total")) < total0, "the total went down")
  assert.equal(minorOf(await valueOf("to-pay")), minorOf(await valueOf("total")) - minorOf(await valueOf("points")), "left to pay: the total less the points' value")

  // at 1,024 px nothing overflows sideways
  const overflow = await page.evaluate(() => {
    const main = document.querySelector('[data-testid="mo-page"]')
    return { doc: document.documentElement.scrollWidth - document.documentElement.clientWidth, page: main.scrollWidth - main.clientWidth }
  })
  assert.ok(overflow.doc <= 1 && overflow.page <= 1, `no horizontal overflow (${JSON.stringify(overflow)})`)
  await page.getByTestId("mo-step-summary").screenshot({ path: path.join(SHOTS, "manual-order-summary.png") })

  // 5. paid in cash with a receipt number
  await page.getByTestId("mo-finish-mark_paid").click()
  assert.equal(await page.getByTestId("mo-place").isDisabled(), true, "a reference is needed for money received")
  await page.getByTestId("mo-payment-reference").fill(`RCPT-${stamp}`)
  await page.getByTestId("mo-place").click()
  const refused = page.getByTestId("mo-place-error")
  await Promise.race([page.waitForURL(/\/orders\/order_/), refused.waitFor().then(async () => assert.fail(`placing was refused: ${await refused.textContent()}`))])
  orderId = new URL(page.url()).pathname.split("/").pop()
  const card = page.getByTestId("om-lifecycle-widget")
  await card.waitFor()
  await card.getByText("VIP").first().waitFor()
  await page.getByTestId("om-notes-widget").getByText("Deliver after 6 pm").first().waitFor()
  await page.getByTestId("om-notes-widget").getByText("Ordered by phone, asked for gift wrapping").first().waitFor()
})

test("the API agrees: the customer's order with the coupon, the discount, the marks, paid, and the points debited", async () => {
  assert.ok(orderId, "the order was placed")
  const { body: om } = await api(`/admin/order-management/orders/${orderId}`, token)
  const l = om.order_lifecycle
  assert.deepEqual([...l.marks].sort(), ["VIP", "gift"])
  assert.equal(l.payment_status, "confirmed", "money received offline")
  assert.ok(l.notes.some((n) => n.kind === "communication" && n.channel === "phone"))
  const { body: o } = await api(`/admin/orders/${orderId}?fields=id,customer_id,email,discount_total,total,*items,*items.adjustments`, token)
  assert.equal(o.order.customer_id, customerId)
  assert.equal(o.order.email, email)
  const codes = new Set(o.order.items.flatMap((i) => (i.adjustments ?? []).map((a) => a.code)))
  assert.ok(codes.has("WELCOME10"), `the coupon is one of Medusa's adjustments (${[...codes]})`)
  assert.ok(o.order.discount_total > 5, "the coupon and the manual discount in Medusa's totals")
  // the page marks required address fields from the config route (the demo requires none beyond a shipped order's basics)
  const { body: cfg } = await api("/admin/order-management/config", token)
  assert.deepEqual(cfg.required_address_fields, [])
  const { body: pts } = await api(`/admin/order-management/customers/${customerId}/points`, token)
  assert.equal(pts.points.balance, 400, "500 credited, 100 redeemed")
  assert.ok(pts.points.entries.some((e) => e.order_id === orderId && e.direction === "debit"), "the debit names the order")
})
