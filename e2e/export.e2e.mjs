// Order export (issue 16) in the dashboard: from the Order management page, the current filters exported as CSV with
// chosen fields (personal data masked), followed on the Exports page until ready and downloaded; the rows are exactly
// the list's orders. The selected rows as XLSX in Chinese; a reconciliation report from the Exports page; an unmasked
// export needs a reason.
import { test, before, after } from "node:test"
import assert from "node:assert/strict"
import { readFile } from "node:fs/promises"
import { adminToken, api, BASE, launch, login } from "./lib.mjs"

let browser, page, token

before(async () => {
  token = await adminToken()
  ;({ browser, page } = await launch())
  await login(page)
})
after(async () => browser?.close())

// line ends: LF from the CSV fast path (PostgreSQL's COPY), CRLF from csv-stringify
const csvLines = (text) => text.replace(/^\uFEFF/, "").replace(/\r?\n$/, "").split(/\r?\n/)

/** the newest export row on the Exports page once it is ready, and its download */
async function downloadNewest() {
  await page.waitForURL(/\/app\/order-management\/exports/)
  const row = page.getByTestId("om-export-row").first()
  await page.waitForFunction(() => document.querySelector('[data-testid="om-export-row"]')?.getAttribute("data-status") === "done", null, { timeout: 60_000 })
  const [file] = await Promise.all([page.waitForEvent("download"), row.getByTestId("om-export-download").click()])
  return { name: file.suggestedFilename(), body: await readFile(await file.path()) }
}

test("the current filters as CSV: fields picked, personal data masked, followed to the download; the rows are the list's orders", async () => {
  await page.goto(`${BASE}/app/order-management?status=paid`)
  await page.getByTestId("om-status-paid").waitFor()
  const { body: list } = await api(`/admin/order-management/orders?status=paid&limit=200`, token)
  assert.ok(list.count > 0 && list.count <= 200, `paid orders in the demo: ${list.count}`)
  await page.getByTestId("om-export-open").click()
  const drawer = page.getByTestId("om-export-drawer")
  await drawer.waitFor()
  // the default twelve fields; drop all but four by unchecking the others
  await drawer.getByTestId("om-export-field-order_number").waitFor()
  const keep = ["order_number", "customer_email", "shipping_province", "total"]
  for (const key of ["placed_at", "payment_status", "fulfillment_status", "customer_name", "customer_phone", "shipping_city", "payment_method", "paid"]) {
    await drawer.getByTestId(`om-export-field-${key}`).click()
  }
  assert.equal(await drawer.getByTestId("om-export-scope-filtered").getAttribute("data-state"), "checked")
  await drawer.getByTestId("om-export-start").click()
  const file = await downloadNewest()
  assert.match(file.name, /^orders-.*\.csv$/)
  const [header, ...rows] = csvLines(file.body.toString("utf8"))
  assert.equal(header, "Order number,Email,Province,Total")
  assert.deepEqual(rows.map((r) => r.split(",")[0]), list.order_lifecycles.map((o) => o.order_number), "exactly the list's orders, newest first")
  for (const r of rows) assert.match(r.split(",")[1], /^(.\*\*\*@.+)?$/, `email masked: ${r}`)
  // the exports page shows who exported, masked
  const first = page.getByTestId("om-export-row").first()
  assert.match(await first.textContent(), /Masked/)
})

test("the selected rows as XLSX with Chinese headers", async () => {
  await page.goto(`${BASE}/app/order-management`)
  await page.getByTestId("om-select-row").first().waitFor()
  await page.getByTestId("om-select-row").nth(0).click()
  await page.getByTestId("om-select-row").nth(1).click()
  await page.getByTestId("om-batch-export").click()
  const drawer = page.getByTestId("om-export-drawer")
  await drawer.waitFor()
  assert.equal(await drawer.getByTestId("om-export-scope-selected").getAttribute("data-state"), "checked")
  await drawer.getByTestId("om-export-format").click()
  await page.getByRole("option", { name: "Excel (XLSX)" }).click()
  await drawer.getByTestId("om-export-locale").click()
  await page.getByRole("option", { name: "中文" }).click()
  await drawer.getByTestId("om-export-start").click()
  const file = await downloadNewest()
  assert.match(file.name, /\.xlsx$/)
  assert.equal(file.body.subarray(0, 2).toString(), "PK", "a zip (XLSX)")
  const { body } = await api(`/admin/order-management/exports?limit=1`, token)
  assert.equal(body.exports[0].scope, "selected")
  assert.equal(body.exports[0].order_ids.length, 2)
  assert.equal(body.exports[0].rows_done, 2)
})

test("a reconciliation report from the Exports page, and an unmasked export needs a reason", async () => {
  await page.goto(`${BASE}/app/order-management/exports`)
  await page.getByTestId("om-report-reconciliation").click()
  const drawer = page.getByTestId("om-report-drawer")
  await drawer.waitFor()
  await drawer.getByTestId("om-report-format").click()
  await page.getByRole("option", { name: "CSV" }).click()
  await drawer.getByTestId("om-report-start").click()
  await drawer.waitFor({ state: "hidden" })
  const file = await downloadNewest()
  assert.match(file.name, /^reconciliation-.*\.csv$/)
  const [header, ...rows] = csvLines(file.body.toString("utf8"))
  assert.equal(header, "Date,Currency,Payment method,Orders paid,Paid,Refunded,Fees,Net")
  assert.ok(rows.length > 10, `the demo's 30 days: ${rows.length} lines`)

  await page.goto(`${BASE}/app/order-management`)
  await page.getByTestId("om-export-open").click()
  const exp = page.getByTestId("om-export-drawer")
  await exp.getByTestId("om-export-unmask").click()
  assert.equal(await exp.getByTestId("om-export-start").isDisabled(), true, "no reason, no unmasked export")
  await exp.getByTestId("om-export-unmask-reason").fill("customs declaration")
  assert.equal(await exp.getByTestId("om-export-start").isDisabled(), false)
})
