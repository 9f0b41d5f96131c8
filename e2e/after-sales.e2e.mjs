// After-sales (issue 17), as an admin meets it: refund requests in the Order management page's Refunds tab (approve,
// with no balance for a guest order; reject, the customer's note and the reject reason apart; a decision someone else
// made first, search) and on the order's After-sales card (open a request for the customer, the progress, the
// amounts, the reviewer, the timeline in the admin's words, a logged customer-service contact, the customer's
// evidence and the items asked about), in English and 简体中文, at 1,024 px.
import { test, before, after } from "node:test"
import assert from "node:assert/strict"
import path from "node:path"
import { readFileSync } from "node:fs"
import { deflateSync } from "node:zlib"
import { run } from "../scripts/lib/run.mjs"
import { adminToken, api, BASE, launch, login, setLanguage, SHOTS } from "./lib.mjs"

let browser, page, token
let orderA, orderB // two paid orders (Medusa's system provider: refunds with no platform), dispatched or completed, partly refunded here
let requestA, requestB

before(async () => {
  token = await adminToken()
  ;({ browser, page } = await launch())
  await page.setViewportSize({ width: 1024, height: 900 })
  await login(page)
  // shipped orders keep their fulfilment status under a partial refund, so the other browser tests are not affected
  const { body } = await api("/admin/order-management/orders?fulfillment_status=dispatched,completed&payment_provider=pp_system_default&limit=10", token)
  const orders = body.order_lifecycles.filter((o) => o.paid_minor >= 500)
  assert.ok(orders.length >= 2, "the demo has paid, completed orders on the system provider")
  ;[orderA, orderB] = orders
})
after(async () => browser?.close())

const forOrder = async (orderId) => (await api(`/admin/order-management/orders/${orderId}/refund-requests`, token)).body
const queueRow = (id) => page.locator(`[data-testid="om-refund-row"][data-refund-id="${id}"]`)

/** At 1,024 px the queue shows whole: no sideways scrolling, no badge, header, tab or button broken over two lines. */
async function assertFits() {
  const fits = await page.getByTestId("om-refunds").evaluate((el) => {
    const scroller = el.querySelector(".overflow-x-auto")
    // the most lines any one text inside is laid out on: one, unless it broke
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
    const broken = [...el.querySelectorAll('[data-testid="om-refund-status"], th, button, [role="tab"]')].filter((b) => b.textContent.trim() && lines(b) > 1).map((b) => b.textContent)
    return { scroll: scroller ? scroller.scrollWidth - scroller.clientWidth : 0, broken }
  })
  assert.deepEqual(fits.broken, [], "badges, headers, tabs and buttons stay on one line")
  assert.ok(fits.scroll <= 1, `the table fits (overflows by ${fits.scroll}px)`)
}

async function openQueue(filter = "") {
  await page.goto(`${BASE}/app/order-management?view=refunds${filter ? `&refund_status=${filter}` : ""}`)
  await page.getByTestId("om-refunds").waitFor()
}

test("an admin opens a refund request for the customer from the order's After-sales card", async () => {
  const before = await forOrder(orderA.order_id)
  assert.ok(before.refundable.amount_minor > 100, "something to refund")
  await page.goto(`${BASE}/app/orders/${orderA.order_id}`)
  const card = page.getByTestId("om-after-sales-widget")
  await card.waitFor()
  await card.getByTestId("om-after-sales-refundable").filter({ hasText: "Refundable" }).waitFor()
  await card.getByTestId("om-refund-new").click()
  const drawer = page.getByTestId("om-refund-new-drawer")
  await drawer.waitFor()
  const amount = drawer.getByTestId("om-refund-new-amount")
  assert.match(await amount.inputValue(), /^\d+(\.\d{2})?$/, "prefilled with everything refundable, in major units")
  await amount.fill("1.00")
  assert.equal(await drawer.getByTestId("om-refund-new-submit").isDisabled(), true, "a reason is required")
  await drawer.getByTestId("om-refund-new-reason").click()
  await page.getByRole("option", { name: "Damaged", exact: true }).click()
  await drawer.getByTestId("om-refund-new-note").fill("lid arrived cracked (customer called)")
  await drawer.getByTestId("om-refund-new-submit").click()
  const panel = card.locator('[data-testid="om-refund-request"][data-status="requested"]')
  await panel.waitFor()
  assert.match(await panel.getByTestId("om-refund-requested-amount").textContent(), /^\D*1\.00$/)
  assert.match(await panel.getByTestId("om-refund-reason-label").textContent(), /Damaged · lid arrived cracked/)
  assert.equal(await panel.locator('[data-testid="om-refund-step"][data-state="current"]').getAttribute("data-step"), "reviewed")
  assert.equal(await card.getByTestId("om-refund-new").count(), 0, "one open request per order")
  assert.equal(await card.getByTestId("om-refund-new-blocked").getAttribute("data-reason"), "open", "and the card says why")
  const after = await forOrder(orderA.order_id)
  requestA = after.refund_requests.find((r) => r.status === "requested")
  assert.equal(requestA.requested_amount_minor, 100, "1.00 sent as 100 minor units")
  assert.equal(requestA.reason_code, "damaged")
  await card.screenshot({ path: path.join(SHOTS, "after-sales-card-requested.png") })
})

test("a phone contact logged on a request shows in its timeline and on the order's Notes card", async () => {
  // still on order A's page, with request A waiting for review
  const card = page.getByTestId("om-after-sales-widget")
  const panel = card.locator(`[data-testid="om-refund-request"][data-refund-id="${requestA.id}"]`)
  await panel.waitFor()
  await panel.getByTestId("om-refund-log-contact").click()
  const form = panel.getByTestId("om-refund-contact-form")
  await form.waitFor()
  const save = form.getByTestId("om-refund-contact-save")
  assert.equal(await save.isDisabled(), true, "nothing said, nothing to log")
  await form.getByTestId("om-refund-contact-channel").click()
  await page.getByRole("option", { name: "Phone", exact: true }).click()

  // the server's 400 (a text over its 5,000 characters) comes back in a toast, and the form stays open
  await form.getByTestId("om-refund-contact-body").fill("x".repeat(5001))
  await save.click()
  await page.getByText(/Could not log the contact/).first().waitFor()
  assert.ok(await form.isVisible(), "the form stays for a correction")

  const said = "Called the customer: the lid was cracked on arrival; photo promised by email"
  await form.getByTestId("om-refund-contact-body").fill(said)
  await save.click()
  await page.getByText(/Contact logged/).first().waitFor()
  await form.waitFor({ state: "detached" })

  const row = panel.locator('[data-testid="om-refund-history-row"][data-action="communication"]').first()
  await row.waitFor()
  assert.equal(await row.getAttribute("data-channel"), "phone")
  assert.equal(await row.getByTestId("om-refund-history-action").textContent(), "Customer contact (Phone)")
  assert.equal(await row.getByTestId("om-refund-history-message").textContent(), said, "the body, without the server's channel prefix")
  await panel.getByTestId("om-refund-communication").filter({ hasText: said }).waitFor()

  // the same contact is an ordinary communication note on the order, linked by the timeline row's note_id
  const note = page.getByTestId("om-notes-widget").getByTestId("om-note").filter({ hasText: said })
  await note.waitFor()
  assert.match(await note.textContent(), /Communication/)
  assert.match(await note.textContent(), /Phone/)
  const { body } = await api(`/admin/order-management/orders/${orderA.order_id}/refund-requests`, token)
  const link = body.refund_requests.find((r) => r.id === requestA.id).history.find((h) => h.action === "communication")
  assert.deepEqual([link.metadata.channel, link.message], ["phone", `phone: ${said}`])
  const notes = (await api(`/admin/order-management/orders/${orderA.order_id}`, token)).body.order_lifecycle.notes
  assert.equal(notes.find((n) => n.id === link.metadata.note_id)?.body, said)
  await panel.screenshot({ path: path.join(SHOTS, "after-sales-contact.png") })
})

test("the Refunds tab lists requests to review; approving one refunds it, and the card shows the money's trail and timeline", async () => {
  const created = await api(`/admin/order-management/orders/${orderB.order_id}/refund-requests`, token, {
    method: "POST",
    body: JSON.stringify({ amount: 200, reason_code: "changed_mind", note: "does not need it any more" }),
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  requestB = created.body.refund_request

  await openQueue()
  assert.equal(await page.getByTestId("om-tab-refunds").getAttribute("data-state"), "active")
  const row = queueRow(requestA.id)
  await row.waitFor()
  await queueRow(requestB.id).waitFor()
  assert.equal(await row.getByTestId("om-refund-order-link").getAttribute("href"), `/app/orders/${orderA.order_id}`)
  // the rows carry the plugin's order number and whether the buyer has a balance (the demo's buyers are guests)
  const listed = (await api(`/admin/order-management/refund-requests?q=${requestA.id}`, token)).body.refund_requests[0]
  assert.equal(listed.can_refund_to_balance, false, "a guest order: no balance to refund to")
  assert.equal(await row.getByTestId("om-refund-order-link").textContent(), listed.order_number ?? `#${listed.order_display_id}`)
  if (listed.order_number) assert.match(listed.order_number, /^MO/)
  assert.match(await row.getByTestId("om-refund-customer").textContent(), /@/)
  assert.match(await row.getByTestId("om-refund-reason").textContent(), /Damaged/)
  assert.equal(await row.getByTestId("om-refund-status").textContent(), "Requested")
  await page.screenshot({ path: path.join(SHOTS, "refunds-tab-requested.png"), fullPage: true })

  await row.getByTestId("om-refund-approve").click()
  const drawer = page.getByTestId("om-refund-drawer")
  await drawer.waitFor()
  assert.equal(await drawer.getByTestId("om-refund-amount").inputValue(), "1.00", "prefilled with the requested amount")
  assert.equal(await drawer.getByTestId("om-refund-dest-original").getAttribute("data-state"), "checked")
  // a guest order: the balance is offered disabled, with the same note the card gives
  assert.equal(await drawer.getByTestId("om-refund-dest-balance").isDisabled(), true, "no balance for a guest order")
  assert.match(await drawer.getByTestId("om-refund-no-balance").textContent(), /guest order/)
  await drawer.getByTestId("om-refund-note").fill("photo checked")
  await drawer.getByTestId("om-refund-confirm").click()
  await page.getByText("Refund approved").first().waitFor()
  await row.waitFor({ state: "detached" })

  await page.getByTestId("om-refund-filter-refunded").click()
  await page.waitForURL(/refund_status=refunded/)
  const done = queueRow(requestA.id)
  await done.getByTestId("om-refund-status").filter({ hasText: "Refunded" }).waitFor()
  assert.match(await done.getByTestId("om-refund-approved").textContent(), /1\.00/)

  await done.getByTestId("om-refund-order-link").click()
  const card = page.getByTestId("om-after-sales-widget")
  const panel = card.locator(`[data-testid="om-refund-request"][data-refund-id="${requestA.id}"]`)
  await panel.waitFor()
  assert.equal(await panel.getAttribute("data-status"), "refunded")
  assert.deepEqual(await panel.getByTestId("om-refund-step").evaluateAll((els) => els.map((e) => e.dataset.state)), ["done", "done", "done", "done"])
  assert.match(await panel.getByTestId("om-refund-refunded-amount").textContent(), /1\.00/)
  assert.equal(await panel.getByTestId("om-refund-destination-label").textContent(), "Original payment method")
  await panel.getByTestId("om-refund-reviewer").filter({ hasText: "admin@medusa-demo.test" }).waitFor()
  assert.equal(await panel.getByTestId("om-refund-review-note").textContent(), "photo checked")
  assert.ok((await panel.getByTestId("om-refund-refund").count()) >= 1, "the refund itself is listed")
  const timeline = panel.getByTestId("om-refund-history-row")
  assert.ok((await timeline.count()) >= 3, "requested, approved, refunded")
  assert.match(await timeline.first().getByTestId("om-refund-history-action").textContent(), /Refund/)
  // the timeline in the admin's words: the platform by its name, the amount in the request's currency; the server's
  // English message only as the row's tooltip
  const sent = panel.locator('[data-testid="om-refund-history-row"][data-action="refund_sent"]')
  assert.match(await sent.getByTestId("om-refund-history-detail").first().textContent(), /^\D*1\.00 via Manual payment: Succeeded$/)
  assert.match(await sent.getAttribute("title"), /via pp_system_default/)
  const approvedRow = panel.locator('[data-testid="om-refund-history-row"][data-action="approved"]')
  assert.equal(await approvedRow.getByTestId("om-refund-history-message").textContent(), "photo checked", "the admin's note as written")
  await card.screenshot({ path: path.join(SHOTS, "after-sales-card-refunded.png") })
})

test("rejecting needs a reason; the reason shows in the queue and on the card", async () => {
  await openQueue()
  const row = queueRow(requestB.id)
  await row.waitFor()
  await row.getByTestId("om-refund-reject").click()
  const drawer = page.getByTestId("om-refund-drawer")
  await drawer.waitFor()
  const confirm = drawer.getByTestId("om-refund-confirm")
  assert.equal(await confirm.isDisabled(), true, "no reason, no reject")
  assert.ok(await drawer.getByTestId("om-refund-reject-hint").isVisible())
  await drawer.getByTestId("om-refund-reject-reason").fill("the tea was opened and used")
  await confirm.click()
  await page.getByText("Refund request rejected").first().waitFor()
  await row.waitFor({ state: "detached" })

  await page.getByTestId("om-refund-filter-rejected").click()
  const rejected = queueRow(requestB.id)
  await rejected.getByTestId("om-refund-status").filter({ hasText: "Rejected" }).waitFor()
  // the customer's note stays under the reason; the admin's reject reason is its own, labelled line
  assert.equal(await rejected.getByTestId("om-refund-row-note").textContent(), "does not need it any more")
  assert.equal(await rejected.getByTestId("om-refund-row-reject-reason").textContent(), "Rejected: the tea was opened and used")

  await page.goto(`${BASE}/app/orders/${orderB.order_id}`)
  const panel = page.locator(`[data-testid="om-refund-request"][data-refund-id="${requestB.id}"]`)
  await panel.waitFor()
  assert.equal(await panel.getByTestId("om-refund-reject-reason-text").textContent(), "the tea was opened and used")
  assert.deepEqual(await panel.getByTestId("om-refund-step").evaluateAll((els) => els.map((e) => `${e.dataset.step}:${e.dataset.state}`)), ["requested:done", "rejected:ended"])
  assert.match(await panel.getByTestId("om-refund-reason-label").textContent(), /Changed mind/)
})

test("a request someone else decided meanwhile: the server's 409 shows in a toast and the queue catches up", async () => {
  const created = await api(`/admin/order-management/orders/${orderB.order_id}/refund-requests`, token, {
    method: "POST",
    body: JSON.stringify({ amount: 100, reason_code: "other", note: "second thoughts" }),
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const id = created.body.refund_request.id
  await openQueue()
  const row = queueRow(id)
  await row.waitFor()
  // another admin rejects it while this page shows it as waiting
  const other = await api(`/admin/order-management/refund-requests/${id}/reject`, token, { method: "POST", body: JSON.stringify({ reason: "handled by phone" }) })
  assert.equal(other.status, 200, JSON.stringify(other.body))
  await row.getByTestId("om-refund-approve").click()
  await page.getByTestId("om-refund-drawer").getByTestId("om-refund-confirm").click()
  await page.getByText(/Someone else changed this request meanwhile/).first().waitFor()
  await row.waitFor({ state: "detached" })
})

test("the Refunds tab and the card read in 简体中文 and fit 1,024 px", async () => {
  // a request waiting for review, so the rows carry their action buttons
  const open = await api(`/admin/order-management/orders/${orderA.order_id}/refund-requests`, token, {
    method: "POST",
    body: JSON.stringify({ amount: 100, reason_code: "not_as_described", note: "the 500 g tin came instead of the 250 g one; the customer wants the difference back" }),
  })
  assert.equal(open.status, 201, JSON.stringify(open.body))
  await openQueue("all")
  await queueRow(open.body.refund_request.id).getByTestId("om-refund-approve").waitFor()
  await assertFits()
  await setLanguage(page, "简体中文")
  try {
    await openQueue("all")
    assert.equal(await page.getByTestId("om-tab-refunds").textContent(), "退款")
    assert.equal(await page.getByTestId("om-refund-filter-all").textContent(), "全部")
    const rowA = queueRow(requestA.id)
    await rowA.waitFor()
    assert.equal(await rowA.getByTestId("om-refund-status").textContent(), "已退款")
    assert.equal(await rowA.getByTestId("om-refund-reason").textContent(), "商品损坏")
    assert.equal(await queueRow(requestB.id).getByTestId("om-refund-status").textContent(), "已拒绝")
    assert.equal(await queueRow(requestB.id).getByTestId("om-refund-row-reject-reason").textContent(), "拒绝原因：the tea was opened and used")
    // nothing in the table is cut or broken between Chinese characters: badges and headers are one line, no scrolling
    await assertFits()
    await page.screenshot({ path: path.join(SHOTS, "refunds-tab-zh-cn.png"), fullPage: true })

    await page.goto(`${BASE}/app/orders/${orderA.order_id}`)
    const panel = page.locator(`[data-testid="om-refund-request"][data-refund-id="${requestA.id}"]`)
    await panel.waitFor()
    assert.equal(await panel.getByTestId("om-refund-status").textContent(), "已退款")
    assert.equal(await panel.getByTestId("om-refund-destination-label").textContent(), "原路退回")
    assert.deepEqual(await panel.getByTestId("om-refund-step").evaluateAll((els) => els.map((e) => e.textContent)), ["已申请", "已审核", "退款中", "已退款"])
    // the timeline reads in Chinese: no provider id, no server English (the admin's own note stays as written)
    if (await panel.getByTestId("om-refund-timeline-toggle").count()) await panel.getByTestId("om-refund-timeline-toggle").click()
    const timeline = await panel.getByTestId("om-refund-timeline").innerText()
    assert.doesNotMatch(timeline, /pp_system_default|pp_\w+/, "platforms by their names")
    assert.doesNotMatch(timeline, /refunded to|via |original payment method|the customer's balance/, "no server English")
    const sent = panel.locator('[data-testid="om-refund-history-row"][data-action="refund_sent"]')
    assert.match(await sent.getByTestId("om-refund-history-detail").first().textContent(), /^\D*1\.00 经手动收款退回：成功$/)
    assert.match(await panel.locator('[data-testid="om-refund-history-row"][data-action="refunded"]').getByTestId("om-refund-history-detail").textContent(), /1\.00 · 原路退回$/)
    assert.equal(await panel.locator('[data-testid="om-refund-history-row"][data-action="approved"]').getByTestId("om-refund-history-message").textContent(), "photo checked")
    await page.getByTestId("om-after-sales-widget").screenshot({ path: path.join(SHOTS, "after-sales-card-zh-cn.png") })
  } finally {
    await setLanguage(page, "English")
  }
})

/** A small solid-colour PNG that browsers decode (signature, IHDR, IDAT, IEND with their CRCs). */
function png(size = 24, rgb = [200, 60, 40]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf) => {
    let c = 0xffffffff
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, "latin1"), data])
    const c = Buffer.alloc(4)
    c.writeUInt32BE(crc(td))
    return Buffer.concat([len, td, c])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())])
  const raw = Buffer.concat(Array.from({ length: size }, () => row))
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))])
}

test("the customer's evidence: an image as a thumbnail that opens whole, a PDF as a link, both read with the admin's session", async () => {
  // the demo seeds no request with evidence, and an admin cannot attach any: the demo's wallet customer pays an order
  // from their balance on the storefront, then asks for a refund with a photo and a PDF through the store API
  const info = JSON.parse(readFileSync(path.resolve(".medusa/demo-info.json"), "utf8"))
  const out = await run(process.execPath, [path.resolve("scripts/demo-checkout.mjs"), "balance"], { env: { ...process.env, DEMO_URL: BASE } })
  const orderId = /order (order_\w+) placed, paid with/.exec(out)?.[1]
  assert.ok(orderId, out)
  const auth = await (await fetch(`${BASE}/auth/customer/emailpass`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: info.wallet.email, password: info.wallet.password }) })).json()
  assert.ok(auth.token, "the wallet customer logs in")
  const { body: ordered } = await api(`/admin/orders/${orderId}?fields=id,*items`, token)
  const item = ordered.order.items[0]
  assert.ok(item?.title, "the order has a line item")
  const photo = png()
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1")
  const asked = await fetch(`${BASE}/store/order-management/orders/${orderId}/refund-requests`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-publishable-api-key": info.publishableKey, authorization: `Bearer ${auth.token}` },
    body: JSON.stringify({
      amount: 100,
      reason_code: "damaged",
      note: "dented tin, photo and the courier's report attached",
      items: [{ item_id: item.id, quantity: 1 }],
      evidence: [
        { name: "dented-tin.png", mime_type: "image/png", content_base64: photo.toString("base64") },
        { name: "courier-report.pdf", mime_type: "application/pdf", content_base64: pdf.toString("base64") },
      ],
    }),
  })
  const created = await asked.json()
  assert.equal(asked.status, 201, JSON.stringify(created))
  const id = created.refund_request.id
  const [image, file] = (await forOrder(orderId)).refund_requests.find((r) => r.id === id).evidence
  assert.deepEqual([image.mime_type, file.mime_type], ["image/png", "application/pdf"])

  await page.goto(`${BASE}/app/orders/${orderId}`)
  const panel = page.locator(`[data-testid="om-refund-request"][data-refund-id="${id}"]`)
  await panel.waitFor()
  assert.equal(await panel.getByTestId("om-refund-evidence").textContent(), "2 files")
  // the items asked about, by the order's own names
  assert.match(await panel.getByTestId("om-refund-items").textContent(), new RegExp(`^${item.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\(.+\\))? × 1$`))
  const thumb = panel.locator(`[data-testid="om-refund-evidence-thumb"][data-file-id="${image.file_id}"]`)
  await thumb.waitFor()
  // the thumbnail shows the customer's bytes: decoded at the PNG's own size
  await page.waitForFunction((el) => el.querySelector("img")?.naturalWidth === 24, await thumb.elementHandle())
  assert.match(await thumb.getAttribute("title"), /^dented-tin\.png · \d+ B$/)
  const [whole] = await Promise.all([page.waitForEvent("popup"), thumb.click()])
  assert.match(whole.url(), /^blob:/)
  await whole.close()

  const link = panel.locator(`[data-testid="om-refund-evidence-file"][data-file-id="${file.file_id}"]`)
  assert.match(await link.textContent(), /courier-report\.pdf/)
  const [doc] = await Promise.all([page.waitForEvent("popup"), link.click()])
  await doc.waitForURL(/^blob:/)
  await doc.close()

  // without the admin's session the file is not served
  const anonymous = await fetch(`${BASE}/admin/order-management/refund-requests/${id}/evidence/${image.file_id}`)
  assert.equal(anonymous.status, 401)
  await panel.screenshot({ path: path.join(SHOTS, "after-sales-evidence.png") })
})

test("the Refunds tab's search finds a request by its order number, the buyer's email or its id", async () => {
  await openQueue("all")
  const search = async (q) => {
    await page.getByTestId("om-refund-search").fill(q)
    await page.getByTestId("om-refund-search").press("Enter")
    await page.waitForURL((u) => new URL(u).searchParams.get("refund_q") === q)
  }
  await search(requestA.id)
  await queueRow(requestA.id).waitFor()
  // the list keeps the previous rows on screen until the search's answer arrives: wait for it, then count
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="om-refund-row"]').length === 1, null, { timeout: 15000 }).catch(() => undefined)
  assert.equal(await page.getByTestId("om-refund-row").count(), 1, "a request id finds that request only")
  const { body } = await api(`/admin/order-management/refund-requests?q=${encodeURIComponent(requestA.id)}`, token)
  assert.deepEqual(body.refund_requests.map((r) => r.id), [requestA.id])
  await search(String(orderB.display_id ?? orderB.order_number).replace(/^#/, ""))
  await queueRow(requestB.id).waitFor()
  assert.equal(await queueRow(requestA.id).count(), 0, "another order's request is not listed")
})
