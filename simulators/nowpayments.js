// A local NOWPayments API for tests and the demo: checks x-api-key, creates white-label payments (a fixed
// rate per coin, an address, valid_until) and hosted invoices (the buyer picks a coin on the invoice page, which
// creates a payment carrying invoice_id), answers status queries, lists an invoice's payments (JWT from
// /v1/auth), lists the account's coins, and sends IPNs signed with HMAC-SHA512 over the recursively key-sorted
// JSON (or the older replacer-array form), with a failure menu: partial, over, late and child payments,
// tampered bodies, wrong secret, replays. Repeated and wrong-asset deposits arrive as NOWPayments documents them
// ("Repeated Deposits and Wrong-Asset Deposits"): a new payment with parent_payment_id and order_id null, priced
// at the rate of the day; outcome_amount / outcome_currency say what reached the merchant's wallet.
// GET /v1/payment/ lists the account's payments for a period with limit / page / sortBy / orderBy / dateFrom / dateTo.
"use strict"
const crypto = require("node:crypto")
const { readBody, listen, close, esc, page, postWithRetries } = require("./common")

const sortedJson = (v) => Array.isArray(v) ? `[${v.map(sortedJson).join(",")}]`
  : v && typeof v === "object" ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`).join(",")}}`
  : JSON.stringify(v)

// crypto units per 1 unit of the price currency (fixed for the run)
const RATES = { usdttrc20: { cny: "0.138", usd: "1" }, usdterc20: { cny: "0.138", usd: "1" }, usdtbsc: { cny: "0.138", usd: "1" }, trx: { cny: "0.5", usd: "3.6" }, btc: { cny: "0.0000015", usd: "0.0000105" } }

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

/** a decimal string or number as an integer count of 10^-6 units (truncated; BigInt) */
const micro = (v) => { const [i, f = ""] = String(v).split("."); return BigInt(i + f.padEnd(6, "0").slice(0, 6)) }

/** decimal string ÷ decimal string, truncated to `places` decimals (BigInt, no floats) */
function div(a, b, places) {
  const sa = String(a).split("."), sb = String(b).split(".")
  const fa = (sa[1] || ""), fb = (sb[1] || "")
  // (A / 10^fa) / (B / 10^fb) = A × 10^(fb + places) / (B × 10^fa), then scaled by 10^-places
  const q = (BigInt(sa[0] + fa) * 10n ** BigInt(fb.length + places)) / (BigInt(sb[0] + fb) * 10n ** BigInt(fa.length))
  const s = q.toString().padStart(places + 1, "0")
  return `${s.slice(0, s.length - places)}.${s.slice(s.length - places)}`.replace(/\.?0+$/, "") || "0"
}

/** @param {{apiKey:string, ipnSecret:string, email?:string, password?:string, coins?:string[], port?:number, retryDelaysMs?:number[], validMinutes?:number}} opts */
async function startNowPaymentsSimulator(opts) {
  const payments = new Map()
  const invoices = new Map()
  const tokens = new Set()
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
    // the hosted invoice page: the buyer picks a coin, which creates the payment
    const inv = /^\/invoice\/(\w+)$/.exec(url.pathname)
    if (inv) {
      const i = invoices.get(inv[1])
      if (!i) { res.statusCode = 404; return res.end("unknown invoice") }
      res.setHeader("content-type", "text/html;charset=utf-8")
      if (req.method === "POST") {
        // like NOWPayments, the new payment announces itself with a "waiting" IPN
        const p = sim.pickCoin(i.id, new URLSearchParams(body).get("coin") || "usdttrc20", { notify: true })
        return res.end(page("NOWPayments invoice", `<h1>Send ${esc(p.pay_amount)} ${esc(p.pay_currency)}</h1><p>to <code>${esc(p.pay_address)}</code></p><p><a href="/wallet">open the wallet</a></p>`))
      }
      const coins = sim.coins.filter((c) => RATES[c]?.[i.price_currency])
      return res.end(page("NOWPayments invoice", `<h1>${esc(i.price_amount)} ${esc(String(i.price_currency).toUpperCase())} <small class="muted">NOWPayments invoice ${esc(i.id)}</small></h1>${coins.map((c) => `<form method="post" style="display:inline"><input type="hidden" name="coin" value="${esc(c)}"><button>Pay with ${esc(c)}</button></form>`).join(" ")}`))
    }
    if (!url.pathname.startsWith("/v1/")) { res.statusCode = 404; return res.end("not found") }
    // /status needs no key
    if (url.pathname === "/v1/status") return json(res, 200, { message: "OK" })
    if (req.method === "POST" && url.pathname === "/v1/auth") {
      let b
      try { b = JSON.parse(body) } catch { b = {} }
      if (!opts.email || b.email !== opts.email || b.password !== opts.password) return json(res, 401, { statusCode: 401, code: "INVALID_CREDENTIALS", message: "Invalid email or password" })
      const token = crypto.randomBytes(24).toString("base64url")
      tokens.add(token)
      return json(res, 200, { token })
    }
    if (req.headers["x-api-key"] !== opts.apiKey) return json(res, 403, { status: false, statusCode: 403, code: "INVALID_API_KEY", message: "Invalid api key" })
    if (sim.failNext) { sim.failNext = false; return json(res, 500, { message: "Internal server error" }) }
    if (req.method === "GET" && url.pathname === "/v1/merchant/coins") return json(res, 200, { selectedCurrencies: sim.coins })
    if (req.method === "POST" && url.pathname === "/v1/payment") {
      let b
      try { b = JSON.parse(body) } catch { return json(res, 400, { code: "BAD_REQUEST", message: "body is not JSON" }) }
      const rate = RATES[b.pay_currency]?.[b.price_currency]
      if (!rate) return json(res, 400, { code: "BAD_REQUEST", message: `Currency ${b.pay_currency} for ${b.price_currency} not supported` })
      if (typeof b.price_amount !== "number" || !(b.price_amount > 0)) return json(res, 400, { code: "BAD_REQUEST", message: "price_amount must be a positive number" })
      return json(res, 201, view(createPayment(b)))
    }
    if (req.method === "POST" && url.pathname === "/v1/invoice") {
      let b
      try { b = JSON.parse(body) } catch { return json(res, 400, { code: "BAD_REQUEST", message: "body is not JSON" }) }
      if (typeof b.price_amount !== "number" || !(b.price_amount > 0)) return json(res, 400, { code: "BAD_REQUEST", message: "price_amount must be a positive number" })
      const now = new Date().toISOString()
      const i = {
        id: String(4500000000 + ++seq), token_id: crypto.randomBytes(6).toString("hex"), order_id: b.order_id, order_description: b.order_description,
        price_amount: String(b.price_amount), price_currency: b.price_currency, pay_currency: b.pay_currency ?? null, ipn_callback_url: b.ipn_callback_url,
        success_url: b.success_url ?? null, cancel_url: b.cancel_url ?? null, created_at: now, updated_at: now,
      }
      i.invoice_url = `${sim.baseUrl}/invoice/${i.id}`
      invoices.set(i.id, i)
      return json(res, 200, i)
    }
    if (req.method === "GET" && url.pathname === "/v1/payment/") {
      const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1]
      if (!bearer || !tokens.has(bearer)) return json(res, 401, { statusCode: 401, code: "AUTH_REQUIRED", message: "Authorization header is empty (Bearer JWTtoken is required)" })
      return listPayments(res, url.searchParams)
    }
    const m = /^\/v1\/payment\/(\w+)$/.exec(url.pathname)
    if (req.method === "GET" && m) {
      const p = payments.get(m[1])
      if (!p) return json(res, 404, { code: "NOT_FOUND", message: "Payment not found" })
      return json(res, 200, view(p))
    }
    return json(res, 404, { code: "NOT_FOUND", message: "unknown API" })
  }

  /**
   * GET /v1/payment/ (x-api-key and a Bearer JWT): limit 1..500 (default 10), page 0-based, sortBy a payment field
   * (default created_at), orderBy asc (default) | desc, dateFrom / dateTo on created_at (YYYY-MM-DD: from the start
   * of dateFrom's day to the end of dateTo's, UTC; or full ISO timestamps, inclusive), invoiceId.
   * → { data, limit, page, pagesCount, total }.
   */
  function listPayments(res, q) {
    const bad = (message) => json(res, 400, { status: false, statusCode: 400, code: "INVALID_REQUEST_PARAMS", message })
    const limit = q.has("limit") ? Number(q.get("limit")) : 10
    const pageNo = q.has("page") ? Number(q.get("page")) : 0
    if (!Number.isInteger(limit) || limit < 1) return bad('"limit" must be greater than or equal to 1')
    if (limit > 500) return bad('"limit" must be less than or equal to 500')
    if (!Number.isInteger(pageNo) || pageNo < 0) return bad('"page" must be greater than or equal to 0')
    const sortBy = q.get("sortBy") || "created_at"
    const orderBy = q.get("orderBy") || "asc"
    if (!["asc", "desc"].includes(orderBy)) return bad('"orderBy" must be one of [asc, desc]')
    const bound = (v, end) => {
      if (!v) return null
      const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T${end ? "23:59:59.999" : "00:00:00.000"}Z` : v)
      return Number.isNaN(t) ? NaN : t
    }
    const from = bound(q.get("dateFrom"), false)
    const to = bound(q.get("dateTo"), true)
    if (Number.isNaN(from)) return bad('"dateFrom" must be a valid date')
    if (Number.isNaN(to)) return bad('"dateTo" must be a valid date')
    const invoiceId = q.get("invoiceId")
    const all = [...payments.values()]
      .filter((p) => !invoiceId || String(p.invoice_id) === invoiceId)
      .filter((p) => (from === null || Date.parse(p.created_at) >= from) && (to === null || Date.parse(p.created_at) <= to))
      .sort((a, b) => {
        const x = a[sortBy], y = b[sortBy]
        const c = typeof x === "number" && typeof y === "number" ? x - y : String(x ?? "").localeCompare(String(y ?? ""))
        // ties in payment id order (the same direction), so pages never overlap
        return (orderBy === "desc" ? -1 : 1) * (c || Number(a.payment_id) - Number(b.payment_id))
      })
    const data = all.slice(pageNo * limit, pageNo * limit + limit).map(view)
    return json(res, 200, { data, limit, page: pageNo, pagesCount: Math.ceil(all.length / limit), total: all.length })
  }

  function createPayment(b, extra = {}) {
    const rate = RATES[b.pay_currency][b.price_currency]
    const now = new Date()
    const p = {
      payment_id: String(++seq), payment_status: "waiting", pay_address: `T${crypto.randomBytes(16).toString("hex").slice(0, 33)}`,
      price_amount: b.price_amount, price_currency: b.price_currency, pay_amount: mul(Number(b.price_amount).toFixed(2), rate, 6), actually_paid: 0,
      pay_currency: b.pay_currency, order_id: b.order_id, order_description: b.order_description, ipn_callback_url: b.ipn_callback_url,
      created_at: now.toISOString(), updated_at: now.toISOString(), purchase_id: String(seq + 1),
      valid_until: new Date(now.getTime() + (opts.validMinutes ?? 60) * 60_000).toISOString(), network: b.pay_currency === "btc" ? "btc" : "trx",
      outcome_amount: 0, outcome_currency: b.pay_currency, ...extra,
    }
    payments.set(p.payment_id, p)
    return p
  }

  Object.assign(sim, {
    payments, invoices, notifies, failNext: false, retryDelaysMs: opts.retryDelaysMs ?? [],
    /** the coins enabled in the merchant's account (GET /v1/merchant/coins) */
    coins: opts.coins ?? ["usdttrc20", "btc"],
    /**
     * A payment the account holds, without the API (e.g. hundreds for a listing test): `b` as POST /v1/payment takes
     * it ({ price_amount, price_currency, pay_currency, order_id, … }), `extra` any field to set (created_at,
     * payment_status, actually_paid, outcome_amount, parent_payment_id, …). Returns the stored payment.
     */
    addPayment(b, extra = {}) {
      return createPayment({ price_currency: "usd", pay_currency: "usdttrc20", ...b }, extra)
    },
    /** Every JWT issued so far stops working (they expire): the list API answers 401 until the merchant logs in again. */
    expireTokens() {
      tokens.clear()
    },
    /** The buyer picks a coin on an invoice: a payment for it (invoice_id set), waiting for funds; it sends its "waiting" IPN. */
    pickCoin(invoiceId, coin = "usdttrc20", { notify = false } = {}) {
      const i = invoices.get(String(invoiceId))
      if (!i) throw new Error(`no invoice ${invoiceId}`)
      const p = createPayment({ ...i, price_amount: Number(i.price_amount), pay_currency: coin }, { invoice_id: Number(i.id) })
      if (notify) sim.notify(p.payment_id)
      return p
    },
    /**
     * Move a payment: status plus how much of pay_amount arrived (`fraction` as a decimal string, "1" = exact),
     * then send its IPN. `late` stamps the update after valid_until. What reached the merchant's wallet
     * (outcome_amount in outcome_currency) is what arrived unless told: `outcomeAmount` (a decimal string, or null
     * when NOWPayments could not settle it) and `outcomeCurrency` (the merchant's payout coin); `fees` itemises
     * NOWPayments' fees in the payment (`fee`: { currency, depositFee, withdrawalFee, serviceFee }) and takes them
     * off the outcome; `payCurrency` is the coin NOWPayments says the buyer used.
     */
    async advance(paymentId, { status, fraction = "1", late = false, notify = true, variant = {}, outcomeAmount, outcomeCurrency, fees, payCurrency } = {}) {
      const p = payments.get(String(paymentId))
      if (!p) throw new Error(`no payment ${paymentId}`)
      p.payment_status = status
      p.actually_paid = mul(p.pay_amount, fraction, 6)
      p.actually_paid_at_fiat = mul(String(p.price_amount), fraction, 2)
      if (payCurrency) p.pay_currency = payCurrency
      if (fees) p.fee = { currency: p.pay_currency, depositFee: 0, withdrawalFee: 0, serviceFee: 0, ...fees }
      const feeTotal = p.fee ? ["depositFee", "withdrawalFee", "serviceFee"].reduce((t, k) => t + micro(p.fee[k]), 0n) : 0n
      p.outcome_currency = outcomeCurrency ?? p.outcome_currency
      p.outcome_amount = outcomeAmount !== undefined ? outcomeAmount : div(String(micro(p.actually_paid) - feeTotal), "1000000", 6)
      p.updated_at = late ? new Date(Date.parse(p.valid_until) + 60_000).toISOString() : new Date().toISOString()
      return notify ? sim.notify(p.payment_id, variant) : null
    },
    /**
     * A further deposit to a used payment address, as NOWPayments reports it: a new payment with
     * parent_payment_id, order_id / order_description / invoice_id null, pay_amount = actually_paid = the
     * deposit (`fraction` of the parent's pay_amount, in `payCurrency`: another coin or network is a wrong-asset
     * deposit), price_amount its value at the day's rate, outcome in the parent's outcome coin. `status`
     * finished (auto-processing), partially_paid, or failed (NOWPayments holds it; outcome null).
     */
    async child(paymentId, { fraction = "0.5", status = "finished", payCurrency, notify = true } = {}) {
      const parent = payments.get(String(paymentId))
      const coin = payCurrency ?? parent.pay_currency
      const deposit = mul(parent.pay_amount, fraction, 6)
      const rate = RATES[coin]?.[parent.price_currency]
      if (!rate) throw new Error(`no rate for ${coin}/${parent.price_currency}`)
      const sameCoin = coin === (parent.outcome_currency ?? parent.pay_currency)
      const c = {
        payment_id: String(++seq), parent_payment_id: Number(parent.payment_id), invoice_id: null, payment_status: status, pay_address: parent.pay_address, payin_extra_id: null,
        price_amount: Number(div(deposit, rate, 8)), price_currency: parent.price_currency, pay_amount: Number(deposit), actually_paid: Number(deposit), actually_paid_at_fiat: 0,
        pay_currency: coin, order_id: null, order_description: null, purchase_id: String(seq + 1), ipn_callback_url: parent.ipn_callback_url,
        created_at: new Date().toISOString(), updated_at: new Date().toISOString(),
        // converted into the original payment's outcome coin (1:1 between USDT networks here); none when it failed
        outcome_amount: status === "failed" ? null : Number(sameCoin || coin.startsWith("usdt") ? deposit : "0"), outcome_currency: parent.outcome_currency ?? parent.pay_currency,
        payment_extra_ids: null,
      }
      payments.set(c.payment_id, c)
      return notify ? sim.notify(c.payment_id) : c
    },
    /** IPN for the payment's current state. Variants: legacy (older signing form), tamper, secret, body (replay an old body) */
    notify(paymentId, variant = {}) {
      const p = payments.get(String(paymentId))
      const ipn = variant.body ?? { ...view(p), fee: p.fee ?? { currency: p.pay_currency, depositFee: 0, withdrawalFee: 0, serviceFee: 0 } }
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
