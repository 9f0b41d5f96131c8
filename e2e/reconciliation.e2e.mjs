// Reconciliation (issue 20) as an admin meets it: the sidebar's Reconciliation page with the demo's runs (an Alipay
// day built from the store's own payments with a few differences, a WeChat Pay day whose bill is not ready, a bank
// statement) and their totals, filters in the URL; an Alipay run's differences with the bill row and the store's record
// side by side; one marked explained (a note is required), one handed to the anomaly desk; the bank statement's
// unmatched transfer refused for a wrong order (the server's 400) and assigned to its own; the run exported as XLSX;
// an upload the server refuses, a day reconciled from the admin and followed, a bank profile saved; 简体中文 at 1,024 px.
import { test, before, after } from "node:test"
import assert from "node:assert/strict"
import path from "node:path"
import { readFile } from "node:fs/promises"
import ExcelJS from "exceljs"
import { run } from "../scripts/lib/run.mjs"
import { adminToken, api, BASE, launch, login, setLanguage, SHOTS } from "./lib.mjs"

let browser, page, token, alipay, bank, notReady
const stamp = Date.now()
const RECON = "/admin/order-management/reconciliation"

/** minor units → the dashboard's English currency text (the page formats with Intl the same way) */
const money = (minor, currency, locale = "en") => {
  const s = String(Math.abs(minor)).padStart(3, "0")
  return new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase(), minimumFractionDigits: 2 }).format(`${minor < 0 ? "-" : ""}${s.slice(0, -2)}.${s.slice(-2)}`)
}
const diffsOf = async (id, q = "") => (await api(`${RECON}/runs/${id}/differences?limit=200${q}`, token)).body.differences
const runOf = async (id) => (await api(`${RECON}/runs/${id}`, token)).body.run

before(async () => {
  token = await adminToken()
  ;({ browser, page } = await launch())
  page.on("pageerror", (e) => console.log(`page error: ${e.message.slice(0, 300)}`))
  await login(page)
  const { body } = await api(`${RECON}/runs?limit=200`, token)
  alipay = body.runs.find((r) => r.provider_id === "pp_alipay_alipay" && r.source === "api" && r.status === "completed" && Object.keys(r.differences_by_type).length)
  bank = body.runs.find((r) => r.source === "bank_statement" && r.status === "completed")
  notReady = body.runs.find((r) => r.status === "not_ready")
  assert.ok(alipay && bank && notReady, `the demo's runs: ${JSON.stringify(body.runs.map((r) => [r.provider_id, r.source, r.status]))}`)
})
after(async () => {
  await setLanguage(page, "English").catch(() => {})
  await browser?.close()
})

const runRow = (id) => page.locator(`[data-testid="om-recon-run-row"][data-run-id="${id}"]`)
const diffRow = (id) => page.locator(`[data-testid="om-recon-diff-row"][data-diff-id="${id}"]`)
const panel = (id) => page.locator(`[data-testid="om-recon-diff-panel"][data-diff-id="${id}"]`)

test("the sidebar opens Reconciliation; the runs list shows the demo's runs with their totals; filters live in the URL", async () => {
  await page.goto(`${BASE}/app/orders`)
  await page.getByRole("link", { name: "Reconciliation", exact: true }).click()
  await page.waitForURL(/\/app\/reconciliation/)
  await page.getByTestId("om-recon-runs").waitFor()
  for (const r of [alipay, bank, notReady]) {
    const row = runRow(r.id)
    await row.waitFor()
    assert.equal(await row.getByTestId("om-recon-run-status").getAttribute("data-status"), r.status)
    assert.equal(await row.getByTestId("om-recon-run-open").textContent(), r.date)
  }
  // the completed runs: rows, matched, each difference type with its count, the platform's total against the store's, fees, open
  for (const r of [alipay, bank]) {
    const row = runRow(r.id)
    assert.equal(await row.getByTestId("om-recon-run-rows").textContent(), String(r.rows))
    assert.equal(await row.getByTestId("om-recon-run-matched").textContent(), `${r.matched} matched`)
    for (const [type, n] of Object.entries(r.differences_by_type)) {
      await row.locator(`[data-testid="om-recon-type"][data-type="${type}"][data-count="${n}"]`).waitFor()
    }
    assert.equal(await row.getByTestId("om-recon-run-platform-total").textContent(), money(r.platform_total_minor, r.currency_code))
    assert.equal(await row.getByTestId("om-recon-run-store-total").textContent(), `store ${money(r.store_total_minor, r.currency_code)}`)
    if (r.source !== "bank_statement") assert.equal(await row.getByTestId("om-recon-run-fees").textContent(), money(r.fee_total_minor, r.currency_code))
    assert.equal(await row.getByTestId("om-recon-run-open-count").textContent(), String(r.open_differences))
  }
  assert.equal(await runRow(alipay.id).getByTestId("om-recon-run-channel").textContent(), "Alipay")
  assert.match(await runRow(bank.id).getByTestId("om-recon-run-source").textContent(), /^Bank statement · cmb-statement-\d{8}\.csv$/)
  assert.equal(await runRow(notReady.id).getByTestId("om-recon-run-status").textContent(), "Bill not ready")
  await page.screenshot({ path: path.join(SHOTS, "reconciliation-runs.png"), fullPage: true })

  // a channel and a status, in the URL, kept across a reload
  await page.getByTestId("om-recon-filter-channel").click()
  await page.locator('[data-testid="om-recon-filter-channel-option"][data-value="pp_alipay_alipay"]').click()
  await page.waitForURL(/provider=pp_alipay_alipay/)
  await page.getByTestId("om-recon-filter-status").click()
  await page.locator('[data-testid="om-recon-filter-status-option"][data-value="completed"]').click()
  await page.waitForURL(/status=completed/)
  const want = (await api(`${RECON}/runs?provider_id=pp_alipay_alipay&status=completed&limit=20`, token)).body.runs.map((r) => r.id)
  assert.ok(want.includes(alipay.id))
  await page.waitForFunction((ids) => JSON.stringify([...document.querySelectorAll('[data-testid="om-recon-run-row"]')].map((r) => r.getAttribute("data-run-id"))) === JSON.stringify(ids), want)
  await page.getByTestId("om-recon-filter-from").fill(alipay.date)
  await page.waitForURL(new RegExp(`from=${alipay.date}`))
  await page.reload()
  await runRow(alipay.id).waitFor()
  assert.equal((await page.getByTestId("om-recon-filter-channel").textContent()).trim(), "Alipay")
  assert.equal(await page.getByTestId("om-recon-filter-from").inputValue(), alipay.date)
  await page.getByTestId("om-recon-filter-clear").click()
  await page.waitForURL((u) => !u.search.includes("provider"))
  await runRow(bank.id).waitFor()
})

test("an Alipay run: its totals, and each difference with the bill row and the store's record side by side", async () => {
  await page.goto(`${BASE}/app/reconciliation`)
  await runRow(alipay.id).getByTestId("om-recon-run-open").click()
  await page.waitForURL(new RegExp(`/app/reconciliation/${alipay.id}`))
  await page.getByTestId("om-recon-summary").waitFor()
  assert.equal(await page.getByTestId("om-recon-run-title").textContent(), `Alipay · ${alipay.date}`)
  assert.equal(await page.getByTestId("om-recon-summary-rows").textContent(), String(alipay.rows))
  assert.equal(await page.getByTestId("om-recon-summary-matched").textContent(), String(alipay.matched))
  assert.equal(await page.getByTestId("om-recon-summary-platform").textContent(), money(alipay.platform_total_minor, alipay.currency_code))
  assert.equal(await page.getByTestId("om-recon-summary-store").textContent(), money(alipay.store_total_minor, alipay.currency_code))

  const diffs = await diffsOf(alipay.id)
  assert.deepEqual([...new Set(diffs.map((d) => d.type))].sort(), Object.keys(alipay.differences_by_type).sort())
  await page.waitForFunction((ids) => JSON.stringify([...document.querySelectorAll('[data-testid="om-recon-diff-row"]')].map((r) => r.getAttribute("data-diff-id"))) === JSON.stringify(ids), diffs.map((d) => d.id))
  for (const d of diffs) {
    const row = diffRow(d.id)
    assert.equal(await row.getAttribute("data-type"), d.type)
    assert.equal(await row.getAttribute("data-state"), d.state)
    await row.click()
    await page.waitForURL(new RegExp(`diff=${d.id}`))
    const p = panel(d.id)
    await p.waitFor()
    // side by side: the bill row (or "no row"), the store's record (or "no record")
    const sides = await p.getByTestId("om-recon-sides").evaluate((el) => [...el.children].map((c) => c.getBoundingClientRect().top))
    assert.equal(sides.length, 2)
    assert.ok(Math.abs(sides[0] - sides[1]) < 2, "the two sides are next to each other")
    if (d.platform) {
      assert.equal(await p.getByTestId("om-recon-platform-amount").textContent(), money(d.platform.amount_minor, d.platform.currency))
      assert.equal(await p.getByTestId("om-recon-platform-out-trade").textContent(), d.platform.out_trade_no)
    } else await p.getByTestId("om-recon-side-platform-none").waitFor()
    if (d.store) {
      assert.equal(await p.getByTestId("om-recon-store-amount").textContent(), money(d.store.captured_minor, d.store.currency))
      if (d.store.display_id != null) assert.equal(await p.getByTestId("om-recon-store-order").textContent(), `#${d.store.display_id}`)
    } else await p.getByTestId("om-recon-side-store-none").waitFor()
    if (d.type === "missing_in_store") {
      // money the store never recorded went to the anomaly desk on its own
      assert.equal(d.state, "anomaly_opened")
      assert.match(await p.getByTestId("om-recon-anomaly-link").getAttribute("href"), new RegExp(`anomaly=${d.anomaly_id}`))
    }
    if (d.type === "amount_mismatch") {
      assert.notEqual(await p.getByTestId("om-recon-platform-amount").textContent(), await p.getByTestId("om-recon-store-amount").textContent())
      assert.equal(await row.getByTestId("om-recon-diff-delta").textContent(), `${d.delta_minor > 0 ? "+" : ""}${money(d.delta_minor, d.currency_code)}`)
      await page.screenshot({ path: path.join(SHOTS, "reconciliation-difference.png"), fullPage: true })
    }
  }
  // the bill row's every column, in the platform's own words
  const amountDiff = diffs.find((d) => d.type === "amount_mismatch")
  if (!(await panel(amountDiff.id).count())) await diffRow(amountDiff.id).click()
  await page.waitForURL(new RegExp(`diff=${amountDiff.id}`))
  await panel(amountDiff.id).getByTestId("om-recon-raw").locator("summary").click()
  await panel(amountDiff.id).getByText("支付宝交易号").waitFor()
})

test("mark a difference explained: a note is required; the state changes and the lists follow", async () => {
  const d = (await diffsOf(alipay.id, "&type=amount_mismatch&state=open"))[0]
  assert.ok(d, "an open amount difference")
  const before = await runOf(alipay.id)
  await page.goto(`${BASE}/app/reconciliation/${alipay.id}?diff=${d.id}`)
  const p = panel(d.id)
  await p.getByTestId("om-recon-action-explained").click()
  const submit = p.getByTestId("om-recon-submit")
  assert.equal(await submit.isDisabled(), true, "no note, no submit")
  await p.getByTestId("om-recon-note-required").waitFor()
  // the server refuses it as well
  const refused = await api(`${RECON}/differences/${d.id}/resolve`, token, { method: "POST", body: JSON.stringify({ action: "explained" }) })
  assert.equal(refused.status, 400)
  assert.match(refused.body.message, /note/)
  await p.getByTestId("om-recon-note").fill(`e2e ${stamp}: the buyer paid ¥1.00 less with an Alipay coupon we fund`)
  await submit.click()
  await page.getByText("Marked explained").first().waitFor()
  await diffRow(d.id).and(page.locator('[data-state="explained"]')).waitFor()
  assert.match(await p.getByTestId("om-recon-decision-note").textContent(), new RegExp(`e2e ${stamp}`))
  assert.match(await p.getByTestId("om-recon-decision-by").textContent(), /^by admin@medusa-demo\.test, /)
  await page.getByTestId("om-recon-summary-open").filter({ hasText: String(before.open_differences - 1) }).waitFor()
  // twice is a 409 in the server's words
  const again = await api(`${RECON}/differences/${d.id}/resolve`, token, { method: "POST", body: JSON.stringify({ action: "explained", note: "again" }) })
  assert.equal(again.status, 409)
  assert.match(again.body.message, /already decided \(explained/)

  // the state tabs: not among the open ones, among the explained ones (in the URL)
  await page.getByTestId("om-recon-state-open").click()
  await page.waitForURL(/state=open/)
  await page.waitForFunction((id) => ![...document.querySelectorAll('[data-testid="om-recon-diff-row"]')].some((r) => r.getAttribute("data-diff-id") === id), d.id)
  await page.getByTestId("om-recon-state-explained").click()
  await page.waitForURL(/state=explained/)
  await diffRow(d.id).waitFor()
  // the runs list follows
  await page.getByTestId("om-recon-back").click()
  await runRow(alipay.id).getByTestId("om-recon-run-open-count").filter({ hasText: String(before.open_differences - 1) }).waitFor()
})

test("open an anomaly from a difference: it links to the anomaly desk's drawer", async () => {
  const d = (await diffsOf(alipay.id, "&state=open")).find((x) => x.type !== "amount_mismatch")
  assert.ok(d, "another open difference")
  await page.goto(`${BASE}/app/reconciliation/${alipay.id}?diff=${d.id}`)
  const p = panel(d.id)
  await p.getByTestId("om-recon-action-open_anomaly").click()
  await p.getByTestId("om-recon-note").fill(`e2e ${stamp}: ask Alipay about this trade`)
  await p.getByTestId("om-recon-submit").click()
  const link = p.getByTestId("om-recon-anomaly-link")
  await link.waitFor()
  const after = (await diffsOf(alipay.id)).find((x) => x.id === d.id)
  assert.equal(after.state, "anomaly_opened")
  await link.click()
  await page.waitForURL(new RegExp(`/app/anomalies\\?.*anomaly=${after.anomaly_id}`))
  const drawer = page.locator(`[data-testid="om-desk-drawer"][data-anomaly-id="${after.anomaly_id}"]`)
  assert.match(await drawer.getByTestId("om-desk-reason").textContent(), /e2e \d+: ask Alipay about this trade/)
})

test("the bank statement's unmatched transfer: a wrong order is refused with the server's 400; then assigned to its order", async () => {
  const d = (await diffsOf(bank.id, "&type=bank_unmatched&state=open"))[0]
  assert.ok(d, "an open unmatched transfer")
  const amount = d.platform.amount_minor
  await page.goto(`${BASE}/app/reconciliation/${bank.id}?diff=${d.id}`)
  const p = panel(d.id)
  assert.equal(await p.getByTestId("om-recon-platform-payer").textContent(), d.platform.payer_name)
  await p.getByTestId("om-recon-side-store-none").waitFor()
  assert.equal(await p.getByTestId("om-recon-action-assign").count(), 1)

  // a paid Alipay order is not one the transfer can pay: the search does not offer it (only this provider's orders
  // still waiting for their money), and its id pasted by hand is refused by the server
  const wrong = (await api("/admin/order-management/orders?payment_status=confirmed&payment_provider=pp_alipay_alipay&limit=1", token)).body.order_lifecycles[0]
  await p.getByTestId("om-recon-action-assign").click()
  await p.getByTestId("om-recon-assign-search").fill(wrong.order_number)
  await p.getByTestId("om-recon-assign-results").waitFor()
  assert.equal(await p.locator(`[data-testid="om-recon-assign-option"][data-order-id="${wrong.order_id}"]`).count(), 0, "a paid order is not offered")
  await p.getByTestId("om-recon-assign-search").fill(wrong.order_id)
  await p.getByTestId("om-recon-assign-use-id").click()
  await p.getByTestId("om-recon-assign-submit").click()
  await page.getByText(/order_id: Cannot record a receipt: the payment is already confirmed/).first().waitFor()
  assert.equal((await diffsOf(bank.id)).find((x) => x.id === d.id).state, "open", "refused: still open")
  await page.screenshot({ path: path.join(SHOTS, "reconciliation-assign-refused.png"), fullPage: true })

  // its own order: a bank-transfer order still waiting for this amount (the demo's), else a fresh one
  const pending = (await api("/admin/order-management/orders?payment_provider=pp_bank-transfer_bank-transfer&payment_status=pending&limit=100", token)).body.order_lifecycles
  let target = pending.find((o) => o.total_minor === amount && o.currency_code.toUpperCase() === d.currency_code)
  if (!target) {
    const out = await run(process.execPath, [path.resolve("scripts/demo-checkout.mjs"), "bank"], { env: { ...process.env, DEMO_URL: BASE } })
    const id = /order (order_\w+) placed/.exec(out)?.[1]
    assert.ok(id, out)
    target = (await api(`/admin/order-management/orders/${id}`, token)).body.order_lifecycle
  }
  await p.getByTestId("om-recon-assign-change").click()
  await p.getByTestId("om-recon-assign-search").fill(target.order_number)
  await p.locator(`[data-testid="om-recon-assign-option"][data-order-id="${target.order_id}"]`).click()
  await p.getByTestId("om-recon-assign-note").fill(`e2e ${stamp}: the payer called`)
  await p.getByTestId("om-recon-assign-submit").click()
  await page.getByText("Assigned to the order").first().waitFor()
  await diffRow(d.id).and(page.locator('[data-state="assigned"]')).waitFor()
  assert.equal(await p.getByTestId("om-recon-assigned-order").getAttribute("href"), `/app/orders/${target.order_id}`)
  // the panel now reads as assigned, not as unmatched money
  assert.match(await p.getByTestId("om-recon-diff-explain").textContent(), /assigned by hand to order/)
  assert.match(await p.getByTestId("om-recon-side-store-none").textContent(), /Assigned by hand/)
  const payment = (await api(`/admin/order-management/orders/${target.order_id}/payment`, token)).body
  const session = payment.sessions.find((s) => s.provider_id.startsWith("pp_bank-transfer"))
  assert.ok(session.received_minor >= amount, `the receipt is recorded: ${JSON.stringify(session)}`)
  await page.screenshot({ path: path.join(SHOTS, "reconciliation-bank-assigned.png"), fullPage: true })
})

test("Export XLSX downloads the run as a workbook for finance", async () => {
  await page.goto(`${BASE}/app/reconciliation/${alipay.id}`)
  await page.getByTestId("om-recon-export").waitFor()
  const [response, download] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(`${RECON}/runs/${alipay.id}/export`)),
    page.waitForEvent("download"),
    page.getByTestId("om-recon-export").click(),
  ])
  assert.equal(response.status(), 200)
  const headers = await response.allHeaders()
  assert.equal(headers["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
  assert.match(headers["content-disposition"], /^attachment; filename="reconciliation-pp_alipay_alipay-/)
  assert.equal(download.suggestedFilename(), `reconciliation-pp_alipay_alipay-${alipay.date}.xlsx`)
  const file = await readFile(await download.path())
  assert.ok(file.length > 2000, `${file.length} bytes`)
  if (headers["content-length"]) assert.equal(file.length, Number(headers["content-length"]), "the whole response was saved")
  assert.equal(file.subarray(0, 2).toString(), "PK")
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(file)
  assert.deepEqual(wb.worksheets.map((w) => w.name), ["Summary", "Differences"])
  const diffs = await diffsOf(alipay.id)
  assert.equal(wb.getWorksheet("Differences").actualRowCount, diffs.length + 1)
  const states = []
  wb.getWorksheet("Differences").eachRow((r, i) => i > 1 && states.push(r.getCell(2).value))
  assert.ok(states.includes("explained"), states.join(","))
})

test("upload a file the server refuses (its 400 shown), reconcile a day and follow it, save a bank profile", async () => {
  await page.goto(`${BASE}/app/reconciliation`)
  await page.getByTestId("om-recon-open-upload").click()
  const up = page.getByTestId("om-recon-upload-drawer")
  await up.waitFor()
  await up.getByTestId("om-recon-upload-channel").click()
  await page.locator('[data-testid="om-recon-upload-channel-option"][data-value="pp_alipay_alipay"]').click()
  await up.getByTestId("om-recon-upload-file").setInputFiles({ name: "not-a-bill.csv", mimeType: "text/csv", buffer: Buffer.from("hello,world\n1,2\n") })
  await up.getByTestId("om-recon-upload-submit").click()
  const error = up.getByTestId("om-recon-upload-error")
  await error.waitFor()
  assert.match(await error.textContent(), /^file: /)
  await page.screenshot({ path: path.join(SHOTS, "reconciliation-upload-refused.png") })
  // a bank statement needs a profile: the demo's are offered
  await up.getByTestId("om-recon-upload-kind-statement").click()
  await up.getByTestId("om-recon-upload-profile").waitFor()
  await page.keyboard.press("Escape")
  await up.waitFor({ state: "detached" })

  // a day of a channel whose bill the plugin fetches (BTCPay's simulator: the day three days ago), followed until it ends
  const providers = (await api(`${RECON}/providers`, token)).body.providers
  const channel = providers.find((p) => p.fetch && p.provider_id === "pp_btcpay_btcpay") ?? providers.find((p) => p.fetch && p.provider_id !== "pp_alipay_alipay" && p.provider_id !== "pp_wechatpay_wechatpay")
  if (channel) {
    const day = new Date(Date.now() - 3 * 86400_000).toLocaleDateString("en-CA", { timeZone: channel.timezone })
    await page.getByTestId("om-recon-open-start").click()
    const drawer = page.getByTestId("om-recon-start-drawer")
    await drawer.getByTestId("om-recon-start-channel").click()
    await page.locator(`[data-testid="om-recon-start-channel-option"][data-value="${channel.provider_id}"]`).click()
    await drawer.getByTestId("om-recon-start-date").fill(day)
    await drawer.getByTestId("om-recon-start-submit").click()
    const followed = drawer.getByTestId("om-recon-start-run")
    await followed.waitFor()
    await page.waitForFunction(() => ["completed", "failed", "not_ready"].includes(document.querySelector('[data-testid="om-recon-start-run"]')?.getAttribute("data-status")), null, { timeout: 120_000 })
    const id = await followed.getAttribute("data-run-id")
    const ended = await runOf(id)
    assert.equal(await followed.getAttribute("data-status"), ended.status)
    await page.screenshot({ path: path.join(SHOTS, "reconciliation-day-followed.png") })
    await page.keyboard.press("Escape")
    await runRow(id).and(page.locator(`[data-status="${ended.status}"]`)).waitFor()
  }

  // bank profiles: the demo's two, and a new one
  await page.getByTestId("om-recon-open-profiles").click()
  const drawer = page.getByTestId("om-recon-profiles-drawer")
  await drawer.getByTestId("om-recon-profile").first().waitFor()
  const names = await drawer.getByTestId("om-recon-profile-title").allTextContents()
  assert.ok(names.includes("招商银行 CMB (CSV)") && names.includes("Deutsche Bank (CSV)"), names.join(", "))
  await drawer.getByTestId("om-recon-profile-new").click()
  const name = `e2e bank ${stamp}`
  await drawer.getByTestId("om-recon-profile-name").fill(name)
  await drawer.getByTestId("om-recon-profile-date").fill("Booking date")
  await drawer.getByTestId("om-recon-profile-mode-credit").click()
  await drawer.getByTestId("om-recon-profile-credit").fill("Credit")
  await drawer.getByTestId("om-recon-profile-debit").fill("Debit")
  await drawer.getByTestId("om-recon-profile-cur-fixed").click()
  await drawer.getByTestId("om-recon-profile-reference").fill("Remark")
  await drawer.getByTestId("om-recon-profile-bank_transaction_id").fill("Transaction ID")
  await drawer.getByTestId("om-recon-profile-save").click()
  await drawer.getByTestId("om-recon-profile-title").filter({ hasText: name }).waitFor()
  const saved = (await api(`${RECON}/bank-profiles`, token)).body.bank_profiles.find((p) => p.name === name)
  assert.deepEqual(saved.mapping, { date: "Booking date", credit: "Credit", debit: "Debit", default_currency: "CNY", reference: "Remark", bank_transaction_id: "Transaction ID", date_format: "YYYY-MM-DD", encoding: "utf-8", delimiter: ",", decimal: "." })
  await page.screenshot({ path: path.join(SHOTS, "reconciliation-bank-profiles.png"), fullPage: true })
  await page.keyboard.press("Escape")
})

test("简体中文 at 1,024 px: the sidebar entry, the list and a run with a difference open fit without sideways scrolling", async () => {
  await setLanguage(page, "简体中文")
  await page.setViewportSize({ width: 1024, height: 900 })
  const fits = async () => page.evaluate(() => ({ width: document.documentElement.scrollWidth, view: window.innerWidth }))
  await page.goto(`${BASE}/app/reconciliation`)
  await page.getByTestId("om-recon-runs").waitFor()
  assert.ok(await page.getByRole("link", { name: "对账", exact: true }).isVisible(), "the sidebar entry is translated")
  assert.equal(await runRow(notReady.id).getByTestId("om-recon-run-status").textContent(), "账单未出")
  let f = await fits()
  assert.ok(f.width <= f.view, `the list is ${f.width} px wide in ${f.view}`)
  const inCard = await page.evaluate(() => {
    const s = document.querySelector('[data-testid="om-recon-runs"]').closest(".overflow-x-auto")
    return s.scrollWidth - s.clientWidth
  })
  console.log(`runs table at 1024 px (zh): overflows its card by ${inCard} px`)
  await page.screenshot({ path: path.join(SHOTS, "reconciliation-zh-1024.png"), fullPage: true })

  const d = (await diffsOf(alipay.id)).find((x) => x.platform && x.store)
  await page.goto(`${BASE}/app/reconciliation/${alipay.id}?diff=${d.id}`)
  await panel(d.id).waitFor()
  assert.equal(await page.getByTestId("om-recon-state-open").textContent(), "待处理")
  await panel(d.id).getByText("商店记录").waitFor()
  f = await fits()
  assert.ok(f.width <= f.view, `the run is ${f.width} px wide in ${f.view}`)
  await page.screenshot({ path: path.join(SHOTS, "reconciliation-run-zh-1024.png"), fullPage: true })
  await page.setViewportSize({ width: 1440, height: 900 })
})
