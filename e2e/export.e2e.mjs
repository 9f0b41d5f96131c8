// Order export (issue 16) in the dashboard: from the Order management page, the current filters exported as CSV with
// chosen fields (personal data masked), followed on the Exports page until ready and downloaded; the rows are exactly
// the list's orders. The selected rows as XLSX in Chinese; a reconciliation report from the Exports page; an unmasked
// export needs a reason.
import { test, before, after } from "node:test"
import assert from "node:assert/strict"
import ExcelJS from "exceljs"
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
  // read back: Chinese headers, statuses and payment channels as words (支付宝, 收款成功), not codes
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(file.body)
  const sheet = wb.worksheets[0]
  const header = sheet.getRow(1).values.slice(1)
  assert.deepEqual(header.slice(0, 4), ["订单号", "下单时间", "支付状态", "履约状态"])
  const col = (name) => header.indexOf(name) + 1
  const ids = body.exports[0].order_ids
  const { body: listed } = await api(`/admin/order-management/orders?limit=200`, token)
  const byNumber = new Map(listed.order_lifecycles.filter((o) => ids.includes(o.order_id)).map((o) => [o.order_number, o]))
  const zhChannel = { pp_alipay_alipay: "支付宝", pp_wechatpay_wechatpay: "微信支付", "pp_bank-transfer_bank-transfer": "银行转账", pp_system_default: "手动收款", pp_balance_balance: "账户余额" }
  const zhPayment = { pending: "等待付款", processing: "付款处理中", partially_paid: "部分付款", confirmed: "收款成功", suspected_fraud: "疑似欺诈", canceled: "已取消" }
  for (const r of [2, 3]) {
    const row = sheet.getRow(r)
    const o = byNumber.get(row.getCell(col("订单号")).value)
    assert.ok(o, `row ${r} is a selected order`)
    assert.equal(row.getCell(col("支付状态")).value, zhPayment[o.payment_status])
    if (o.payment_provider in zhChannel) assert.equal(row.getCell(col("支付方式")).value, zhChannel[o.payment_provider])
    else assert.doesNotMatch(String(row.getCell(col("支付方式")).value ?? ""), /^pp_/)
  }
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

test("presets from the drawer: save one shared with all admins, apply it, delete it after a confirmation", async () => {
  const name = `Finance ${Date.now()}`
  await page.goto(`${BASE}/app/order-management`)
  await page.getByTestId("om-export-open").click()
  const drawer = page.getByTestId("om-export-drawer")
  await drawer.getByTestId("om-export-field-order_number").waitFor()
  // four fields only, then save them shared
  for (const key of ["placed_at", "payment_status", "fulfillment_status", "customer_name", "customer_phone", "shipping_city", "payment_method", "paid"]) {
    await drawer.getByTestId(`om-export-field-${key}`).click()
  }
  await drawer.getByTestId("om-export-preset-name").fill(name)
  await drawer.getByTestId("om-export-preset-shared").click()
  await drawer.getByTestId("om-export-preset-save").click()
  await page.getByText("Preset saved").first().waitFor()
  const { body } = await api("/admin/order-management/exports/presets", token)
  const saved = body.presets.find((p) => p.name === name)
  assert.ok(saved, "the preset is stored")
  assert.deepEqual([saved.shared, saved.own, saved.fields], [true, true, ["order_number", "customer_email", "shipping_province", "total"]])
  // a fresh drawer starts from the defaults; applying the preset restores its four fields
  await page.reload()
  await page.getByTestId("om-export-open").click()
  await drawer.getByTestId("om-export-preset").click()
  await page.getByRole("option", { name: new RegExp(`^${name}`) }).click()
  assert.equal(await drawer.getByTestId("om-export-field-placed_at").getAttribute("data-state"), "unchecked")
  assert.equal(await drawer.getByTestId("om-export-field-shipping_province").getAttribute("data-state"), "checked")
  // its owner deletes it, after saying yes
  await drawer.getByTestId("om-export-preset-delete").click()
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click()
  await page.getByText(`Preset "${name}" deleted`).first().waitFor()
  const after = await api("/admin/order-management/exports/presets", token)
  assert.equal(after.body.presets.some((p) => p.name === name), false)
})
