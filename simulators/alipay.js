// A local Alipay Open Platform (v2 gateway.do) for tests and the demo:
// verifies the merchant's RSA2 request signatures, keeps trade state
// (precreate trades exist only once scanned), signs every answer over the
// exact bytes it sends, serves a cashier page, and sends signed notifies
// (paid, duplicate, tampered, wrong amount/seller/app, ...). Odd answers on
// demand through `fault()`: any signed business error (ACQ.SYSTEM_ERROR,
// 20000 isp.unknow-error, ACQ.TRADE_NOT_EXIST, …), an unsigned
// error_response, an HTTP error, or no answer at all (the merchant times out).
"use strict"
const crypto = require("node:crypto")
const { readBody, listen, close, esc, page, postWithRetries } = require("./common")
const iconv = require("iconv-lite")

const sortedContent = (params, skip) =>
  Object.keys(params).filter((k) => !skip(k, params[k])).sort().map((k) => `${k}=${params[k]}`).join("&")

function beijing(date = new Date()) {
  const d = new Date(date.getTime() + 8 * 3600_000)
  return d.toISOString().slice(0, 19).replace("T", " ")
}

const cents = (s) => {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(s))
  return m ? Number(m[1]) * 100 + Number((m[2] || "").padEnd(2, "0")) : NaN
}
const yuan = (c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`

/**
 * @param {{appId:string, sellerId:string, appPublicKey:string, port?:number, retryDelaysMs?:number[], publicUrl?:string}} opts
 */
async function startAlipaySimulator(opts) {
  const keys = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
  const alipayPublicKeyPem = keys.publicKey.export({ type: "spki", format: "pem" })
  const appKey = crypto.createPublicKey(opts.appPublicKey)
  const trades = new Map() // out_trade_no → trade
  const requests = [] // every verified call: {method, biz}
  const notifies = [] // every notify delivery and its answer
  const faults = [] // odd answers waiting for their call (see fault())
  let tradeSeq = 0
  const sim = {}

  const sign = (content) => crypto.createSign("RSA-SHA256").update(content, "utf8").sign(keys.privateKey, "base64")

  function answer(res, method, body) {
    const inner = JSON.stringify(body)
    const key = `${method.replace(/\./g, "_")}_response`
    res.setHeader("content-type", "application/json;charset=utf-8")
    res.end(`{"${key}":${inner},"sign":"${sign(inner)}"}`)
  }
  const fail = (code, msg, sub_code, sub_msg) => ({ code, msg, sub_code, sub_msg })
  const notExist = () => fail("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在")

  function verifyRequest(params) {
    const content = sortedContent(params, (k, v) => k === "sign" || v === "")
    try {
      return crypto.createVerify("RSA-SHA256").update(content, "utf8").verify(appKey, params.sign || "", "base64")
    } catch {
      return false
    }
  }

  function createTrade(method, params, biz) {
    const existing = trades.get(biz.out_trade_no)
    if (existing && existing.total_amount !== biz.total_amount) return { error: fail("40004", "Business Failed", "ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改") }
    if (existing && existing.status !== "WAIT_BUYER_PAY" && existing.status !== "CREATED") return { error: fail("40004", "Business Failed", "ACQ.TRADE_HAS_SUCCESS", "交易已被支付") }
    const trade = existing || {
      out_trade_no: biz.out_trade_no,
      trade_no: `${beijing().slice(0, 10).replace(/-/g, "")}2200${String(++tradeSeq).padStart(14, "0")}${crypto.randomInt(1000, 9999)}`,
      total_amount: biz.total_amount,
      subject: biz.subject,
      passback_params: biz.passback_params,
      notify_url: params.notify_url,
      return_url: params.return_url,
      method,
      // precreate trades do not exist at Alipay until the buyer scans
      status: method === "alipay.trade.precreate" ? "CREATED" : "WAIT_BUYER_PAY",
      refunds: new Map(),
      refund_fee: 0,
      gmt_create: beijing(),
    }
    trade.notify_url = params.notify_url || trade.notify_url
    trades.set(biz.out_trade_no, trade)
    return { trade }
  }

  function tradeFor(biz) {
    const t = biz.out_trade_no ? trades.get(biz.out_trade_no) : [...trades.values()].find((x) => x.trade_no === biz.trade_no)
    return t && t.status !== "CREATED" ? t : null
  }

  async function gateway(req, res, url) {
    const form = req.method === "POST" ? Object.fromEntries(new URLSearchParams(await readBody(req))) : {}
    const params = { ...Object.fromEntries(url.searchParams), ...form }
    const method = params.method || ""
    if (!verifyRequest(params)) {
      if (method.endsWith("page.pay") || method.endsWith("wap.pay")) {
        res.statusCode = 400
        return res.end(page("Alipay", "<h1>Invalid signature</h1><p>isv.invalid-signature</p>"))
      }
      return answer(res, method || "error", fail("40002", "Invalid Arguments", "isv.invalid-signature", "验签出错"))
    }
    if (params.app_id !== opts.appId) return answer(res, method, fail("40002", "Invalid Arguments", "isv.invalid-app-id", "无效的AppID参数"))
    let biz
    try {
      biz = JSON.parse(params.biz_content || "{}")
    } catch {
      return answer(res, method, fail("40002", "Invalid Arguments", "isv.invalid-biz-content", "biz_content 无效"))
    }
    requests.push({ method, biz, params })
    if (sim.failNext && sim.failNext.method === method) {
      // { method, http?, times? }: fail the next call of `method` (or the next `times` calls)
      const f = sim.failNext
      if (!(f.times > 1)) sim.failNext = null
      else f.times--
      if (f.http) { res.statusCode = f.http; return res.end("") }
      return answer(res, method, fail("20000", "Service Currently Unavailable", "isp.unknow-error", "系统繁忙"))
    }
    const fi = faults.findIndex((f) => f.method === method && (!f.outTradeNo || f.outTradeNo === biz.out_trade_no))
    // `skip`: that many matching calls are answered normally first (the second query of a flow goes wrong)
    if (fi >= 0 && faults[fi].skip > 0) faults[fi].skip--
    else if (fi >= 0) {
      const f = faults[fi]
      if (--f.times <= 0) faults.splice(fi, 1)
      if (f.hang) {
        // no answer: the merchant's client gives up; with `apply` the call took effect at Alipay first
        if (f.apply) await business(method, params, biz, { statusCode: 200, setHeader() {}, end() {} })
        res.socket?.setTimeout(0)
        return
      }
      if (f.http) { res.statusCode = f.http; return res.end(f.body ?? "") }
      if (f.errorResponse) {
        // gateway-level refusals come back as an unsigned error_response
        res.setHeader("content-type", "application/json;charset=utf-8")
        return res.end(JSON.stringify({ error_response: f.errorResponse }))
      }
      return answer(res, method, f.answer ?? fail("20000", "Service Currently Unavailable", "isp.unknow-error", "系统繁忙"))
    }
    return business(method, params, biz, res)
  }

  async function business(method, params, biz, res) {
    switch (method) {
      case "alipay.trade.precreate": {
        if (!(cents(biz.total_amount) >= 1)) return answer(res, method, fail("40004", "Business Failed", "ACQ.INVALID_PARAMETER", "total_amount 无效"))
        const { trade, error } = createTrade(method, params, biz)
        if (error) return answer(res, method, error)
        return answer(res, method, { code: "10000", msg: "Success", out_trade_no: trade.out_trade_no, qr_code: `${sim.baseUrl}/qr/${encodeURIComponent(trade.out_trade_no)}` })
      }
      case "alipay.trade.page.pay":
      case "alipay.trade.wap.pay": {
        const { trade, error } = createTrade(method, params, biz)
        if (error) { res.statusCode = 400; return res.end(page("Alipay", `<h1>${esc(error.sub_msg)}</h1>`)) }
        trade.return_url = params.return_url
        return cashier(res, trade)
      }
      case "alipay.trade.query": {
        const t = tradeFor(biz)
        if (!t) return answer(res, method, notExist())
        return answer(res, method, {
          code: "10000", msg: "Success", trade_no: t.trade_no, out_trade_no: t.out_trade_no, trade_status: t.status,
          total_amount: t.total_amount, buyer_logon_id: t.buyer_logon_id, buyer_user_id: t.buyer_id,
          ...(t.gmt_payment ? { send_pay_date: t.gmt_payment, receipt_amount: t.total_amount, buyer_pay_amount: t.total_amount } : {}),
        })
      }
      case "alipay.trade.close": {
        const t = tradeFor(biz)
        if (!t) {
          // closing an unscanned precreate fails, yet the QR can no longer be paid
          const pending = trades.get(biz.out_trade_no)
          if (pending) pending.status = "CLOSED_BEFORE_SCAN"
          return answer(res, method, notExist())
        }
        if (t.status !== "WAIT_BUYER_PAY") return answer(res, method, fail("40004", "Business Failed", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法"))
        t.status = "TRADE_CLOSED"
        return answer(res, method, { code: "10000", msg: "Success", trade_no: t.trade_no, out_trade_no: t.out_trade_no })
      }
      case "alipay.trade.refund": {
        const t = tradeFor(biz)
        if (!t) return answer(res, method, notExist())
        const reqNo = biz.out_request_no || t.out_trade_no
        const amount = cents(biz.refund_amount)
        const done = t.refunds.get(reqNo)
        if (done) {
          if (done.amount !== amount) return answer(res, method, fail("40004", "Business Failed", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额与原退款请求不一致"))
          return answer(res, method, { code: "10000", msg: "Success", trade_no: t.trade_no, out_trade_no: t.out_trade_no, buyer_logon_id: t.buyer_logon_id, fund_change: "N", refund_fee: yuan(t.refund_fee) })
        }
        if (t.status !== "TRADE_SUCCESS") return answer(res, method, fail("40004", "Business Failed", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法"))
        if (!(amount >= 1) || t.refund_fee + amount > cents(t.total_amount)) return answer(res, method, fail("40004", "Business Failed", "ACQ.REFUND_AMT_RESTRICTION", "退款金额超限"))
        t.refund_fee += amount
        const gmt = beijing()
        t.refunds.set(reqNo, { amount, gmt })
        if (t.refund_fee === cents(t.total_amount)) t.status = "TRADE_CLOSED"
        answer(res, method, { code: "10000", msg: "Success", trade_no: t.trade_no, out_trade_no: t.out_trade_no, buyer_logon_id: t.buyer_logon_id, fund_change: "Y", refund_fee: yuan(t.refund_fee), gmt_refund_pay: gmt })
        // some merchants' contracts also notify API refunds on the trade's notify_url (trade_status_sync with refund_fee)
        if (sim.notifyApiRefunds) sim.refundNotifies.push(sim.notify(t.out_trade_no, { refund: { out_biz_no: reqNo, gmt } }))
        return
      }
      case "alipay.trade.fastpay.refund.query": {
        const t = tradeFor(biz)
        if (!t) return answer(res, method, notExist())
        const r = t.refunds.get(biz.out_request_no)
        return answer(res, method, {
          code: "10000", msg: "Success", trade_no: t.trade_no, out_trade_no: t.out_trade_no, out_request_no: biz.out_request_no,
          ...(r ? { total_amount: t.total_amount, refund_amount: yuan(r.amount), refund_status: "REFUND_SUCCESS", gmt_refund_pay: r.gmt } : {}),
        })
      }
      default:
        return answer(res, method || "error", fail("40004", "Business Failed", "isv.invalid-method", "不存在的方法名"))
    }
  }

  function cashier(res, trade) {
    res.setHeader("content-type", "text/html;charset=utf-8")
    const payable = trade.status === "WAIT_BUYER_PAY"
    res.end(page("Alipay cashier (simulated)", `<h1>支付宝 Alipay <small class="muted">simulator</small></h1>
<p>${esc(trade.subject)}</p><p style="font-size:2rem">¥${esc(trade.total_amount)}</p><p class="muted">${esc(trade.out_trade_no)} · ${esc(trade.status)}</p>
${payable ? `<form method="post" action="/cashier/${encodeURIComponent(trade.out_trade_no)}/pay"><button>Confirm payment 确认付款</button></form>` : "<p>This trade cannot be paid.</p>"}`))
  }

  async function handler(req, res) {
    const url = new URL(req.url, sim.baseUrl)
    if (url.pathname === "/gateway.do") return gateway(req, res, url)
    let m
    if ((m = /^\/qr\/(.+)$/.exec(url.pathname))) {
      // the buyer scans: the trade now exists at Alipay
      const trade = trades.get(decodeURIComponent(m[1]))
      if (!trade) { res.statusCode = 404; return res.end(page("Alipay", "<h1>二维码无效 Unknown QR</h1>")) }
      sim.scan(trade.out_trade_no)
      return cashier(res, trade)
    }
    if ((m = /^\/cashier\/(.+)\/pay$/.exec(url.pathname)) && req.method === "POST") {
      const trade = trades.get(decodeURIComponent(m[1]))
      if (!trade) { res.statusCode = 404; return res.end("unknown trade") }
      const result = await sim.pay(trade.out_trade_no)
      if (trade.return_url) {
        res.statusCode = 302
        res.setHeader("location", sim.returnUrl(trade))
        return res.end()
      }
      res.setHeader("content-type", "text/html;charset=utf-8")
      return res.end(page("Alipay", `<h1>${result.paid ? "支付成功 Paid" : "Payment refused"}</h1><p class="muted">merchant answered: ${esc(result.notify?.body ?? "-")}</p>`))
    }
    if (url.pathname === "/cashier") {
      const rows = [...trades.values()].reverse().map((t) => `<tr><td>${esc(t.out_trade_no)}</td><td>¥${esc(t.total_amount)}</td><td>${esc(t.status)}</td><td>${t.status === "CREATED" || t.status === "WAIT_BUYER_PAY" ? `<a href="/qr/${encodeURIComponent(t.out_trade_no)}">scan &amp; pay</a>` : ""}</td></tr>`).join("")
      res.setHeader("content-type", "text/html;charset=utf-8")
      return res.end(page("Alipay simulator", `<h1>Alipay simulator</h1><table><tr><th>out_trade_no</th><th>amount</th><th>status</th><th></th></tr>${rows}</table>`))
    }
    res.statusCode = 404
    res.end("not found")
  }

  /** Signed params of a notify for `trade` (before any tampering). */
  function notifyParams(trade, over = {}) {
    const params = {
      notify_time: beijing(), notify_type: "trade_status_sync", notify_id: crypto.randomBytes(16).toString("hex"),
      app_id: opts.appId, auth_app_id: opts.appId, charset: "utf-8", version: "1.0", sign_type: "RSA2",
      trade_no: trade.trade_no, out_trade_no: trade.out_trade_no, buyer_id: trade.buyer_id, buyer_logon_id: trade.buyer_logon_id,
      seller_id: opts.sellerId, seller_email: "merchant@example.com", trade_status: trade.status,
      total_amount: trade.total_amount, receipt_amount: trade.total_amount, buyer_pay_amount: trade.total_amount,
      invoice_amount: trade.total_amount, point_amount: "0.00", subject: trade.subject, gmt_create: trade.gmt_create,
      gmt_payment: trade.gmt_payment, fund_bill_list: JSON.stringify([{ amount: trade.total_amount, fundChannel: "ALIPAYACCOUNT" }]),
      ...(trade.passback_params ? { passback_params: trade.passback_params } : {}),
      ...over,
    }
    for (const k of Object.keys(params)) if (params[k] === undefined) delete params[k]
    // Alipay signs the content's bytes in the charset the notify declares
    params.sign = crypto.createSign("RSA-SHA256").update(iconv.encode(sortedContent(params, (k) => k === "sign" || k === "sign_type"), params.charset || "utf-8")).sign(keys.privateKey, "base64")
    return params
  }

  Object.assign(sim, {
    appId: opts.appId,
    sellerId: opts.sellerId,
    alipayPublicKeyPem,
    trades,
    requests,
    notifies,
    faults,
    failNext: null,
    /** also notify refunds made through the API (as some contracts do) */
    notifyApiRefunds: false,
    refundNotifies: [],
    /**
     * A refund the merchant makes by hand in Alipay's merchant console (not through the store): the trade's refund_fee
     * grows (TRADE_CLOSED when all is refunded) and a notify with refund_fee, gmt_refund and out_biz_no is sent.
     */
    async consoleRefund(outTradeNo, amountCents, variant = {}) {
      const t = trades.get(outTradeNo)
      if (!t || (t.status !== "TRADE_SUCCESS")) throw new Error(`trade ${outTradeNo} cannot be refunded (${t && t.status})`)
      if (t.refund_fee + amountCents > cents(t.total_amount)) throw new Error("refund exceeds the trade")
      t.refund_fee += amountCents
      const out_biz_no = `CONSOLE${Date.now()}${crypto.randomInt(1000, 9999)}`
      const gmt = beijing()
      t.refunds.set(out_biz_no, { amount: amountCents, gmt, console: true })
      if (t.refund_fee === cents(t.total_amount)) t.status = "TRADE_CLOSED"
      return sim.notify(outTradeNo, { retry: false, ...variant, refund: { out_biz_no, gmt } })
    },
    /** The trade's refund period ends: TRADE_FINISHED (no refund possible any more), notified days after TRADE_SUCCESS. */
    async finish(outTradeNo, variant = {}) {
      const t = trades.get(outTradeNo)
      if (!t || t.status !== "TRADE_SUCCESS") throw new Error(`trade ${outTradeNo} cannot finish (${t && t.status})`)
      t.status = "TRADE_FINISHED"
      return sim.notify(outTradeNo, { retry: false, ...variant })
    },
    retryDelaysMs: opts.retryDelaysMs ?? [],
    /**
     * Answer the next `times` (default 1) calls of `method` (e.g.
     * "alipay.trade.query"), optionally only for `outTradeNo`, with: `answer`
     * (a signed business object, default 20000 isp.unknow-error), `errorResponse`
     * (an unsigned error_response), `http` (that status, `body`), or `hang` (no
     * answer; with `apply` the call takes effect first, only the reply is lost);
     * `skip`: that many matching calls are answered normally first.
     */
    fault(f) {
      faults.push({ times: 1, ...f })
      return sim
    },
    /** Alipay's business error shape, for fault answers: fail("40004", "Business Failed", "ACQ.SYSTEM_ERROR", "系统错误"). */
    fail,
    /** the buyer scans a precreate QR */
    scan(outTradeNo) {
      const t = trades.get(outTradeNo)
      if (!t) throw new Error(`no trade ${outTradeNo}`)
      if (t.status === "CREATED") {
        t.status = "WAIT_BUYER_PAY"
        t.buyer_id = `2088${crypto.randomInt(100000000000, 999999999999)}`
        t.buyer_logon_id = "lin***@example.com"
      }
      return t
    },
    /** the buyer pays: trade succeeds and a signed notify is delivered (retried per retryDelaysMs) */
    async pay(outTradeNo, { notify = true, variant } = {}) {
      const t = sim.scan(outTradeNo)
      if (t.status !== "WAIT_BUYER_PAY") return { paid: false, trade: t }
      t.status = "TRADE_SUCCESS"
      t.gmt_payment = beijing()
      return { paid: true, trade: t, notify: notify ? await sim.notify(outTradeNo, variant) : null }
    },
    /**
     * Deliver a notify for the trade's current state. Variants: tamper (change a
     * field after signing), amount (sign a different total), seller, app,
     * badKey (signed by another key), passback (passback_params value).
     */
    async notify(outTradeNo, variant = {}) {
      const t = trades.get(outTradeNo)
      if (!t) throw new Error(`no trade ${outTradeNo}`)
      const over = {}
      if (variant.amount) over.total_amount = over.receipt_amount = over.buyer_pay_amount = over.invoice_amount = variant.amount
      if (variant.seller) over.seller_id = variant.seller
      if (variant.app) over.app_id = over.auth_app_id = variant.app
      if (variant.passback !== undefined) over.passback_params = variant.passback
      if (variant.status) over.trade_status = variant.status
      // a refund (made through the API, or by hand in Alipay's merchant console): the trade's notify carries the
      // total refunded so far and the refund's time and number
      if (variant.refund) Object.assign(over, { refund_fee: yuan(t.refund_fee), gmt_refund: variant.refund.gmt, out_biz_no: variant.refund.out_biz_no })
      // a merchant whose application is set to GBK gets GBK notifies: charset=GBK, values percent-encoded as GBK
      if (variant.charset) over.charset = variant.charset
      const params = notifyParams(t, over)
      if (variant.tamper) params.total_amount = variant.tamper
      if (variant.badKey) {
        const other = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
        params.sign = crypto.createSign("RSA-SHA256").update(sortedContent(params, (k) => k === "sign" || k === "sign_type"), "utf8").sign(other.privateKey, "base64")
      }
      return sim.deliver(t.notify_url || opts.notifyUrl, params, variant.retry === false ? [] : sim.retryDelaysMs)
    },
    /** POST a form notify; Alipay counts only the exact body `success` as received */
    deliver(notifyUrl, params, delays = []) {
      const charset = String(params.charset || "utf-8").toLowerCase()
      const enc = (v) => [...iconv.encode(String(v), charset)].map((b) => (/[A-Za-z0-9*\-._]/.test(String.fromCharCode(b)) && b < 0x80 ? String.fromCharCode(b) : b === 0x20 ? "+" : `%${b.toString(16).toUpperCase().padStart(2, "0")}`)).join("")
      return postWithRetries(notifyUrl, {
        headers: { "content-type": `application/x-www-form-urlencoded; charset=${charset}` },
        body: Object.entries(params).map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&"),
        isAck: (r) => r.status === 200 && r.body === "success",
      }, delays, notifies)
    },
    notifyParams,
    /** the signed return_url redirect after page/wap pay */
    returnUrl(t) {
      const params = {
        out_trade_no: t.out_trade_no, trade_no: t.trade_no, total_amount: t.total_amount, seller_id: opts.sellerId,
        app_id: opts.appId, auth_app_id: opts.appId, method: `${t.method}.return`, timestamp: beijing(), charset: "utf-8", version: "1.0", sign_type: "RSA2",
      }
      params.sign = sign(sortedContent(params, (k) => k === "sign" || k === "sign_type"))
      const u = new URL(t.return_url)
      for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v)
      return u.toString()
    },
  })
  const server = await listen(handler, opts.port ?? 0)
  sim.port = server.address().port
  sim.baseUrl = opts.publicUrl || `http://127.0.0.1:${sim.port}`
  sim.gatewayUrl = `${sim.baseUrl}/gateway.do`
  sim.close = () => close(server)
  return sim
}

module.exports = { startAlipaySimulator, alipayBeijing: beijing }
