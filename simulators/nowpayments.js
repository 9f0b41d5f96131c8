// A local NOWPayments API for tests and the demo: checks x-api-key, creates white-label payments (a fixed
// rate per coin, an address, valid_until), answers status queries, and sends IPNs signed with HMAC-SHA512 over
// the recursively key-sorted JSON (or the older replacer-array form), with a failure menu: partial, over, late
// and child payments, tampered bodies, wrong secret, replays.
"use strict"
const crypto = require("node:crypto")
const { readBody, listen, close, esc, page, postWithRetries } = require("./common")

const sortedJson = (v) => Array.isArray(v) ? `[${v.map(sortedJson).join(",")}]`
  : v && typeof v === "object" ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`).join(",")}}`
  : JSON.stringify(v)

// crypto units per 1 unit of the price currency (fixed for the run)
const RATES = { usdttrc20: { cny: "0.138", usd: "1" }, usdterc20: { cny: "0.138", usd: "1" }, btc: { cny: "0.0000015", usd: "0.0000105" } }

/** decimal string × decimal string, to `places` decimals (BigInt, no floats) */
function mul(a, b, places) {
  const sa = String(a).split("."), sb = String(b).split(".")
  const fa = (sa[1] || ""), fb = (sb[1] || "")
  const prod = BigInt(sa[0] + fa) * BigInt(sb[0] + fb)
  const scale = fa.length + fb.length
  const s = prod.toString().padStart(scale + 1, "0")
  const int = s.slice(0, s.length - scale), frac = s.slice(s.length - scale)
  return `${int}.${(frac + "0".repeat(places)).slice(0, places)}`.replace(/\.?0+$/, "") || "0"
}

/** @param {{apiKey:string, ipnSecret:string, port?:number, retryDelaysMs?:number[], validMinutes?:number}} opts */
async function startNowPaymentsSimulator(opts) {
  const payments = new Map()
  const notifies = []
  const sim = {}
  let seq = 5000000000

  const json = (res, status, body) => { res.writeHead(status, { "content-type": "application/json" }); res.end(JSON.stringify(body)) }

  function view(p) {
    const { ipn_callback_url: _u, ...rest } = p
    return { ...rest }
  }

  async function handler(req, res) {
    const url = new URL(req.url, sim.baseUrl)
    const body = await readBody(req)
    // a wallet for a person (the demo): pay all, part or more of a payment
    const w = /^\/wallet\/(\w+)$/.exec(url.pathname)
    if (w || url.pathname === "/wallet") {
      if (w && req.method === "POST") {
        const f = new URLSearchParams(body)
        const r = await sim.advance(w[1], { status: f.get("status") || "finished", fraction: f.get("fraction") || "1" })
        res.setHeader("content-type", "text/html;charset=utf-8")
        return res.end(page("Wallet", `<h1>Sent</h1><p class="muted">merchant answered HTTP ${esc(r?.status ?? "-")}</p><p><a href="/wallet">back</a></p>`))
      }
      const rows = [...payments.values()].reverse().map((p) => `<tr><td>${esc(p.payment_id)}</td><td>${esc(p.pay_amount)} ${esc(p.pay_currency)}</td><td>${esc(p.payment_status)}</td><td>${p.payment_status === "waiting" || p.payment_status === "partially_paid" ? ["1:finished:pay in full", "0.5:partially_paid:pay half", "1.1:finished:pay 110%"].map((x) => { const [fr, st, label] = x.split(":"); return `<form method="post" action="/wallet/${esc(p.payment_id)}" style="display:inline"><input type="hidden" name="fraction" value="${fr}"><input type="hidden" name="status" value="${st}"><button>${label}</button></form>` }).join(" ") : ""}</td></tr>`).join("")
      res.setHeader("content-type", "text/html;charset=utf-8")
      return res.end(page("NOWPayments simulator", `<h1>Crypto wallet <small class="muted">NOWPayments simulator</small></h1><table><tr><th>payment</th><th>amount</th><th>status</th><th></th></tr>${rows}</table>`))
    }
    if (!url.pathname.startsWith("/v1/")) { res.statusCode = 404; return res.end("not found") }
    if (req.headers["x-api-key"] !== opts.apiKey) return json(res, 403, { status: false, statusCode: 403, code: "INVALID_API_KEY", message: "Invalid api key" })
    if (sim.failNext) { sim.failNext = false; return json(res, 500, { message: "Internal server error" }) }
    if (url.pathname === "/v1/status") return json(res, 200, { message: "OK" })
    if (req.method === "POST" && url.pathname === "/v1/payment") {
      let b
      try { b = JSON.parse(body) } catch { return json(res, 400, { code: "BAD_REQUEST", message: "body is not JSON" }) }
      const rate = RATES[b.pay_currency]?.[b.price_currency]
      if (!rate) return json(res, 400, { code: "BAD_REQUEST", message: `Currency ${b.pay_currency} for ${b.price_currency} not supported` })
      if (typeof b.price_amount !== "number" || !(b.price_amount > 0)) return json(res, 400, { code: "BAD_REQUEST", message: "price_amount must be a positive number" })
      const now = new Date()
      const p = {
        payment_id: String(++seq), payment_status: "waiting", pay_address: `T${crypto.randomBytes(16).toString("hex").slice(0, 33)}`,
        price_amount: b.price_amount, price_currency: b.price_currency, pay_amount: mul(b.price_amount.toFixed(2), rate, 6), actually_paid: 0,
        pay_currency: b.pay_currency, order_id: b.order_id, order_description: b.order_description, ipn_callback_url: b.ipn_callback_url,
        created_at: now.toISOString(), updated_at: now.toISOString(), purchase_id: String(seq + 1),
        valid_until: new Date(now.getTime() + (opts.validMinutes ?? 60) * 60_000).toISOString(), network: b.pay_currency === "btc" ? "btc" : "trx",
        outcome_amount: 0, outcome_currency: b.pay_currency,
      }
      payments.set(p.payment_id, p)
      return json(res, 201, view(p))
    }
    const m = /^\/v1\/payment\/(\w+)$/.exec(url.pathname)
    if (req.method === "GET" && m) {
      const p = payments.get(m[1])
      if (!p) return json(res, 404, { code: "NOT_FOUND", message: "Payment not found" })
      return json(res, 200, view(p))
    }
    return json(res, 404, { code: "NOT_FOUND", message: "unknown API" })
  }

  Object.assign(sim, {
    payments, notifies, failNext: false, retryDelaysMs: opts.retryDelaysMs ?? [],
    /**
     * Move a payment: status plus how much of pay_amount arrived (`fraction` as a decimal string, "1" = exact),
     * then send its IPN. `late` stamps the update after valid_until.
     */
    async advance(paymentId, { status, fraction = "1", late = false, notify = true, variant = {} } = {}) {
      const p = payments.get(String(paymentId))
      if (!p) throw new Error(`no payment ${paymentId}`)
      p.payment_status = status
      p.actually_paid = mul(p.pay_amount, fraction, 6)
      p.actually_paid_at_fiat = mul(String(p.price_amount), fraction, 2)
      p.outcome_amount = p.actually_paid
      p.updated_at = late ? new Date(Date.parse(p.valid_until) + 60_000).toISOString() : new Date().toISOString()
      return notify ? sim.notify(p.payment_id, variant) : null
    },
    /** a further deposit to the same address: a child payment with parent_payment_id */
    async child(paymentId, { fraction = "0.5", status = "finished" } = {}) {
      const parent = payments.get(String(paymentId))
      const c = { ...parent, payment_id: String(++seq), parent_payment_id: parent.payment_id, payment_status: status, actually_paid: mul(parent.pay_amount, fraction, 6), updated_at: new Date().toISOString() }
      payments.set(c.payment_id, c)
      return sim.notify(c.payment_id)
    },
    /** IPN for the payment's current state. Variants: legacy (older signing form), tamper, secret, body (replay an old body) */
    notify(paymentId, variant = {}) {
      const p = payments.get(String(paymentId))
      const ipn = variant.body ?? { ...view(p), fee: { currency: p.pay_currency, depositFee: 0, withdrawalFee: 0, serviceFee: 0 } }
      const canonical = variant.legacy ? JSON.stringify(ipn, Object.keys(ipn).sort()) : sortedJson(ipn)
      const sig = crypto.createHmac("sha512", variant.secret ?? opts.ipnSecret).update(canonical).digest("hex")
      let raw = JSON.stringify(ipn)
      if (variant.tamper) raw = raw.replace(/"payment_status":"[a-z_]+"/, '"payment_status":"finished"').replace(/"actually_paid":[^,]+/, `"actually_paid":"${p.pay_amount}"`)
      return postWithRetries(p.ipn_callback_url, { headers: { "content-type": "application/json", "x-nowpayments-sig": sig }, body: raw, isAck: (r) => r.status >= 200 && r.status < 300 }, variant.retry === false ? [] : sim.retryDelaysMs, notifies)
        .then((r) => ({ ...r, sentBody: ipn }))
    },
  })
  const server = await listen(handler, opts.port ?? 0)
  sim.port = server.address().port
  sim.baseUrl = `http://127.0.0.1:${sim.port}`
  sim.apiBase = `${sim.baseUrl}/v1`
  sim.close = () => close(server)
  return sim
}

module.exports = { startNowPaymentsSimulator }
