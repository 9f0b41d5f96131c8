// A local BTCPay Server (Greenfield API) for tests and the demo: token auth, invoices with the real status /
// additionalStatus state machine (New → Processing → Settled; Expired with PaidPartial / PaidLate; PaidOver),
// pull-payment refunds, and webhooks as BTCPay sends them: pretty-printed JSON signed with
// BTCPay-Sig: sha256=HMAC-SHA256(secret, raw body), with deliveryId / redelivery and a failure menu.
// `serverVersion` picks the wire format of a given release: invoices carry `paidAmount` only from 2.1.2 on
// (btcpayserver#6747); GET …/invoices/{id}/payment-methods names a method `paymentMethodId` + `currency` from 2.0.0
// on and `paymentMethod` + `cryptoCode` (with `networkFee`) before. An invoice the merchant marks settled by hand
// becomes Settled / Marked and its InvoiceSettled webhook says manuallyMarked: true.
// GET …/invoices lists the store's invoices for a period (startDate / endDate unix seconds, skip / take).
"use strict"
const crypto = require("node:crypto")
const { readBody, listen, close, esc, page, postWithRetries } = require("./common")

const cents = (s) => { const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(s)); return m ? Number(m[1]) * 100 + Number((m[2] || "").padEnd(2, "0")) : NaN }
const money = (c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`
// fiat per BTC (fixed for the run) and satoshi arithmetic for the payment methods (BigInt, no floats)
const BTC_RATE = { CNY: "500000", USD: "70000", EUR: "65000" }
const sats = (s) => { const [i, f = ""] = String(s).split("."); return BigInt(i + f.padEnd(8, "0").slice(0, 8)) }
const btc = (n) => { const t = n.toString().padStart(9, "0"); return `${t.slice(0, -8)}.${t.slice(-8)}` }
/** a.b.c version compare: is `v` older than `w`? */
const older = (v, w) => { const a = v.split(".").map(Number), b = w.split(".").map(Number); for (let i = 0; i < 3; i++) if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) < (b[i] || 0); return false }

/** @param {{apiKey:string, storeId:string, storeName?:string, webhookSecret:string, webhookUrl:string, port?:number, retryDelaysMs?:number[]}} opts */
async function startBtcpaySimulator(opts) {
  const invoices = new Map()
  const pulls = []
  const deliveries = []
  const sim = {}

  const json = (res, status, body) => { res.writeHead(status, { "content-type": "application/json" }); res.end(JSON.stringify(body, null, 2)) }
  /** an invoice as this server version returns it (internal accounting stays out) */
  const view = (inv) => {
    const { _sats, _paidSats, paidAmount, ...rest } = inv
    return older(sim.serverVersion, "2.1.2") ? rest : { ...rest, paidAmount }
  }
  /** GET …/payment-methods: one on-chain BTC method with the invoice's accounting in BTC */
  const paymentMethods = (inv) => {
    const due = inv._sats - inv._paidSats
    const common = {
      activated: true, destination: `bc1q${inv.id.toLowerCase().slice(0, 20)}`, paymentLink: `bitcoin:bc1q${inv.id.toLowerCase().slice(0, 20)}?amount=${btc(inv._sats)}`,
      rate: BTC_RATE[inv.currency] ?? "1", paymentMethodPaid: btc(inv._paidSats), totalPaid: btc(inv._paidSats), due: due < 0n ? `-${btc(-due)}` : btc(due), amount: btc(inv._sats),
      payments: inv._paidSats > 0n ? [{ id: `${inv.id}-tx`, receivedDate: Math.floor(Date.now() / 1000), value: btc(inv._paidSats), fee: "0.00000000", status: inv.status === "Settled" ? "Settled" : "Processing", destination: `bc1q${inv.id.toLowerCase().slice(0, 20)}` }] : [],
    }
    return older(sim.serverVersion, "2.0.0")
      ? [{ ...common, networkFee: "0.00000000", paymentMethod: "BTC", cryptoCode: "BTC", additionalData: {} }]
      : [{ ...common, paymentMethodFee: "0.00000000", paymentMethodId: "BTC-CHAIN", currency: "BTC", additionalData: {} }]
  }

  function createInvoice(b, extra = {}) {
    const id = crypto.randomBytes(11).toString("base64url").replace(/[-_]/g, "x").slice(0, 22)
    const now = extra.createdTime ?? Math.floor(Date.now() / 1000)
    const rate = BTC_RATE[String(b.currency).toUpperCase()] ?? "1"
    const inv = { id, storeId: opts.storeId, amount: b.amount, paidAmount: "0.00", currency: b.currency, type: "Standard", checkoutLink: `${sim.baseUrl}/i/${id}`, createdTime: now, expirationTime: now + (b.checkout?.expirationMinutes ?? 15) * 60, monitoringExpiration: now + 86400, status: "New", additionalStatus: "None", availableStatusesForManualMarking: ["Settled", "Invalid"], archived: false, metadata: b.metadata ?? {}, checkout: b.checkout ?? {},
      // due in BTC at the fixed rate, rounded up to the satoshi
      _sats: (BigInt(cents(b.amount)) * 100000000n + sats(rate) / 1000000n - 1n) / (sats(rate) / 1000000n), _paidSats: 0n, ...extra }
    invoices.set(id, inv)
    return inv
  }

  async function handler(req, res) {
    const url = new URL(req.url, sim.baseUrl)
    const body = await readBody(req)
    const w = /^\/i\/(\w+)$/.exec(url.pathname)
    if (w) {
      // the checkout page a buyer sees (the demo pays from here)
      const inv = invoices.get(w[1])
      if (!inv) { res.statusCode = 404; return res.end("unknown invoice") }
      if (req.method === "POST") {
        const f = new URLSearchParams(body)
        await sim.pay(inv.id, { fraction: f.get("fraction") || "1" })
        if (f.get("settle") === "1") await sim.settle(inv.id)
      }
      res.setHeader("content-type", "text/html;charset=utf-8")
      const buttons = [["1", "1", "Pay and confirm"], ["0.5", "0", "Pay half"], ["1.1", "1", "Pay 110%"]].map(([fr, st, label]) => `<form method="post" style="display:inline"><input type="hidden" name="fraction" value="${fr}"><input type="hidden" name="settle" value="${st}"><button style="background:#51b13e">${label}</button></form>`).join(" ")
      return res.end(page("BTCPay checkout (simulated)", `<h1>BTCPay Server <small class="muted">simulator</small></h1><p style="font-size:2rem">${esc(inv.amount)} ${esc(inv.currency)}</p><p class="muted">${esc(inv.id)} · ${esc(inv.status)} / ${esc(inv.additionalStatus)} · paid ${esc(inv.paidAmount)}</p>${inv.status === "New" ? buttons : ""}`))
    }
    if (!url.pathname.startsWith("/api/v1/")) { res.statusCode = 404; return res.end("not found") }
    if (req.headers.authorization !== `token ${opts.apiKey}`) return json(res, 401, { code: "unauthenticated", message: "Authentication is required for accessing this endpoint" })
    const base = `/api/v1/stores/${opts.storeId}`
    if (!url.pathname.startsWith(base)) return json(res, 403, { code: "missing-permission", message: "store not accessible" })
    if (sim.failNext) { sim.failNext = false; return json(res, 503, { code: "unavailable", message: "try again" }) }
    const rest = url.pathname.slice(base.length)
    if (req.method === "GET" && rest === "") return json(res, 200, { id: opts.storeId, name: opts.storeName ?? "Simulated store", website: null, defaultCurrency: "USD", speedPolicy: "MediumSpeed" })
    if (req.method === "GET" && rest === "/webhooks") {
      return json(res, 200, (sim.webhooks ?? []).map((h) => ({ id: h.id, enabled: h.enabled !== false, automaticRedelivery: true, url: h.url, authorizedEvents: { everything: true, specificEvents: [] } })))
    }
    if (req.method === "POST" && rest === "/invoices") {
      let b
      try { b = JSON.parse(body) } catch { return json(res, 400, [{ path: "", message: "invalid JSON" }]) }
      if (!(cents(b.amount) > 0)) return json(res, 422, [{ path: "amount", message: "amount must be a positive decimal string" }])
      return json(res, 200, view(createInvoice(b)))
    }
    if (req.method === "GET" && rest === "/invoices") return listInvoices(res, url.searchParams)
    let m
    if (req.method === "GET" && (m = /^\/invoices\/(\w+)$/.exec(rest))) {
      const inv = invoices.get(m[1])
      return inv ? json(res, 200, view(inv)) : json(res, 404, { code: "invoice-not-found", message: "The invoice was not found" })
    }
    if (req.method === "GET" && (m = /^\/invoices\/(\w+)\/payment-methods$/.exec(rest))) {
      const inv = invoices.get(m[1])
      return inv ? json(res, 200, paymentMethods(inv)) : json(res, 404, { code: "invoice-not-found", message: "The invoice was not found" })
    }
    if (req.method === "POST" && (m = /^\/invoices\/(\w+)\/refund$/.exec(rest))) {
      const inv = invoices.get(m[1])
      if (!inv) return json(res, 404, { code: "invoice-not-found", message: "The invoice was not found" })
      if (inv.status !== "Settled") return json(res, 422, { code: "non-refundable", message: "Cannot refund this invoice" })
      const b = JSON.parse(body || "{}")
      const pull = { id: crypto.randomBytes(8).toString("hex"), name: b.name, amount: b.customAmount, currency: b.customCurrency, viewLink: `${sim.baseUrl}/pull-payments/${crypto.randomBytes(6).toString("hex")}` }
      pulls.push({ invoiceId: inv.id, ...pull })
      return json(res, 200, pull)
    }
    return json(res, 404, { code: "not-found", message: "unknown API" })
  }

  /**
   * GET …/invoices (btcpay.store.canviewinvoices): newest first; startDate / endDate (unix seconds, inclusive) on
   * createdTime; status and orderId repeatable (orderId = metadata.orderId); textSearch over id and orderId;
   * archived invoices only with includeArchived=true; skip / take (no take: all). Returns the array.
   */
  function listInvoices(res, q) {
    const num = (k) => (q.has(k) ? Number(q.get(k)) : null)
    const startDate = num("startDate"), endDate = num("endDate"), skip = num("skip") ?? 0, take = num("take")
    for (const [k, v] of [["startDate", startDate], ["endDate", endDate], ["skip", skip], ["take", take]]) {
      if (v !== null && (!Number.isInteger(v) || v < 0)) return json(res, 422, [{ path: k, message: `The field ${k} is invalid.` }])
    }
    const statuses = q.getAll("status")
    const orderIds = q.getAll("orderId")
    const text = (q.get("textSearch") || "").toLowerCase()
    const all = [...invoices.values()]
      .filter((i) => (startDate === null || i.createdTime >= startDate) && (endDate === null || i.createdTime <= endDate))
      .filter((i) => !statuses.length || statuses.includes(i.status))
      .filter((i) => !orderIds.length || orderIds.includes(String(i.metadata?.orderId)))
      .filter((i) => !text || i.id.toLowerCase().includes(text) || String(i.metadata?.orderId ?? "").toLowerCase().includes(text))
      .filter((i) => !i.archived || q.get("includeArchived") === "true")
      .map((i, n) => [i, n])
      // newest first; the later created of two in the same second first
      .sort(([a, x], [b, y]) => b.createdTime - a.createdTime || y - x)
      .map(([i]) => i)
    return json(res, 200, all.slice(skip, take === null ? undefined : skip + take).map(view))
  }

  /** Deliver a webhook (pretty-printed, signed over the exact bytes). Variants: tamper, secret, storeId, redeliver (same delivery again). */
  function webhook(type, inv, extra = {}, variant = {}) {
    const delivery = variant.redeliver ?? { deliveryId: crypto.randomBytes(10).toString("hex"), webhookId: "wh1", timestamp: Math.floor(Date.now() / 1000) }
    const payload = { ...delivery, originalDeliveryId: delivery.deliveryId, isRedelivery: !!variant.redeliver, type, storeId: variant.storeId ?? opts.storeId, invoiceId: inv.id, metadata: inv.metadata, ...extra }
    let raw = JSON.stringify(payload, null, 2)
    const sig = `sha256=${crypto.createHmac("sha256", variant.secret ?? opts.webhookSecret).update(raw).digest("hex")}`
    if (variant.tamper) raw = raw.replace(`"${inv.id}"`, `"${inv.id}" `)
    return postWithRetries(opts.webhookUrl, { headers: { "content-type": "application/json", "btcpay-sig": sig }, body: raw, isAck: (r) => (r.status >= 200 && r.status < 300) || (r.status >= 400 && r.status < 500 && ![408, 429].includes(r.status)) }, variant.retry === false ? [] : sim.retryDelaysMs, deliveries)
      .then((r) => ({ ...r, delivery }))
  }

  Object.assign(sim, {
    invoices, pulls, deliveries, failNext: false, retryDelaysMs: opts.retryDelaysMs ?? [], webhook,
    /** the BTCPay Server release whose wire format this server speaks (settable per test) */
    serverVersion: opts.serverVersion ?? "2.4.1",
    // the webhooks registered in the store's settings (what GET …/webhooks lists); the one deliveries go to
    webhooks: [{ id: "wh1", url: opts.webhookUrl, enabled: true }],
    /**
     * An invoice the store holds, without the API (e.g. hundreds for a listing test): `b` as POST …/invoices takes
     * it ({ amount: "12.50", currency, metadata: { orderId } }), `extra` any field to set (createdTime in unix
     * seconds, status, additionalStatus, paidAmount, …). Returns the stored invoice (no webhook is sent).
     */
    addInvoice(b, extra = {}) {
      return createInvoice({ currency: "USD", ...b }, extra)
    },
    /** the buyer pays `fraction` of the amount; full payment moves New → Processing (PaidOver when more) */
    async pay(id, { fraction = "1", late = false, variant = {} } = {}) {
      const inv = invoices.get(id)
      const add = Math.round(cents(inv.amount) * Number(fraction))
      const paid = cents(inv.paidAmount) + add
      inv.paidAmount = money(paid)
      const [fi, ff = ""] = String(fraction).split(".")
      inv._paidSats += (inv._sats * BigInt(fi + ff) + 10n ** BigInt(ff.length) / 2n) / 10n ** BigInt(ff.length)
      if (late || inv.status === "Expired") {
        inv.status = "Expired"
        inv.additionalStatus = paid >= cents(inv.amount) ? "PaidLate" : "PaidPartial"
      } else if (paid >= cents(inv.amount)) {
        inv.status = "Processing"
        inv.additionalStatus = paid > cents(inv.amount) ? "PaidOver" : "None"
      } else {
        inv.additionalStatus = "PaidPartial"
      }
      const first = await webhook("InvoiceReceivedPayment", inv, { afterExpiration: late, ...(older(sim.serverVersion, "2.0.0") ? { paymentMethod: "BTC" } : { paymentMethodId: "BTC-CHAIN" }), payment: { id: crypto.randomBytes(8).toString("hex"), value: fraction, status: "Processing" } }, variant)
      if (inv.status === "Processing") return webhook("InvoiceProcessing", inv, { overPaid: inv.additionalStatus === "PaidOver" }, variant)
      return first
    },
    /** confirmations reached: Processing → Settled */
    settle(id, variant = {}) {
      const inv = invoices.get(id)
      inv.status = "Settled"
      return webhook("InvoiceSettled", inv, { manuallyMarked: false, overPaid: inv.additionalStatus === "PaidOver" }, variant)
    },
    /** the merchant marks the invoice settled by hand (Greenfield POST …/status or the invoice page): Settled / Marked */
    markSettled(id, variant = {}) {
      const inv = invoices.get(id)
      inv.status = "Settled"
      inv.additionalStatus = "Marked"
      return webhook("InvoiceSettled", inv, { manuallyMarked: true, overPaid: false }, variant)
    },
    /** the invoice times out: Expired (PaidPartial stays) */
    expire(id, variant = {}) {
      const inv = invoices.get(id)
      inv.status = "Expired"
      return webhook("InvoiceExpired", inv, { partiallyPaid: inv.additionalStatus === "PaidPartial" }, variant)
    },
  })
  const server = await listen(handler, opts.port ?? 0)
  sim.port = server.address().port
  sim.baseUrl = `http://127.0.0.1:${sim.port}`
  sim.close = () => close(server)
  return sim
}

module.exports = { startBtcpaySimulator }
