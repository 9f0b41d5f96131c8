// A local WeChat Pay API v3 for tests and the demo: verifies the merchant's
// Authorization header (RSA, ±300 s), signs every answer and callback with its
// own key under a configurable Wechatpay-Serial (platform-certificate serial or
// PUB_KEY_ID_...), keeps trade and refund state (refunds PROCESSING, then
// SUCCESS), and sends AES-256-GCM encrypted callbacks with forgery variants.
// Odd answers on demand: faults (any signed {code, message} error, a hang, an
// unsigned proxy page), a changed merchant key (401 SIGN_ERROR), and key
// rotation (a renewed platform certificate, or the switch to a WeChat Pay
// public key PUB_KEY_ID_...) with real RSA signatures and real X.509 certificates.
// Bills: GET /v3/bill/tradebill (signed like every answer) gives {hash_type, hash_value, download_url}; the
// download (a signed request, an unsigned answer, GZIP on tar_type=GZIP) serves the day's ALL bill as WeChat prints
// it (backtick-prefixed values, 27 columns, the summary lines last), built from the trades and refunds it holds
// plus rows a test adds (billExtras) or alters (billOverride); hash_value is the SHA1 of the uncompressed bytes.
"use strict"
const crypto = require("node:crypto")
const zlib = require("node:zlib")
const { readBody, listen, close, esc, page, postWithRetries } = require("./common")

function rfc3339(date = new Date()) {
  return new Date(Math.floor(date.getTime() / 1000) * 1000 + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, "+08:00")
}

/** RFC 3339 "+08:00" (or any offset) → Beijing "yyyy-MM-dd HH:mm:ss" */
const beijingOf = (t) => new Date(Date.parse(t) + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ")
const isDay = (d) => typeof d === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d
const fenToYuan = (f) => `${f < 0 ? "-" : ""}${Math.floor(Math.abs(f) / 100)}.${String(Math.abs(f) % 100).padStart(2, "0")}`
/** WeChat prints 手续费 with five decimals of a fee rounded to the fen: 4 → "0.04000", -27 → "-0.27000" */
const feeText = (f) => `${fenToYuan(f)}000`
/** the fee on `fen` at `rate` (0.006 = 0.6%), rounded half up to the fen (integers only) */
const feeFen = (fen, rate) => Math.floor((Math.abs(fen) * Math.round(Number(rate) * 1_000_000) + 500_000) / 1_000_000)
const rateText = (rate) => `${(Math.round(Number(rate) * 10000) / 100).toFixed(2)}%`
/** the 27 columns of the ALL trade bill */
const BILL_HEADER = ["交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识", "交易类型", "交易状态", "付款银行", "货币种类", "应结订单金额", "代金券金额", "微信退款单号", "商户退款单号", "退款金额", "充值券退款金额", "退款类型", "退款状态", "商品名称", "商户数据包", "手续费", "费率", "订单金额", "申请退款金额", "费率备注"]
const BILL_SUMMARY_HEADER = ["总交易单数", "应结订单总金额", "退款总金额", "充值券退款总金额", "手续费总金额", "订单总金额", "申请退款总金额"]

// --- a minimal DER writer: enough for a self-signed X.509 v3 platform certificate ---
function der(tag, content) {
  const len = content.length
  let head
  if (len < 0x80) head = Buffer.from([len])
  else {
    let hex = len.toString(16)
    if (hex.length % 2) hex = `0${hex}`
    const bytes = Buffer.from(hex, "hex")
    head = Buffer.concat([Buffer.from([0x80 | bytes.length]), bytes])
  }
  return Buffer.concat([Buffer.from([tag]), head, content])
}
const seq = (...parts) => der(0x30, Buffer.concat(parts))
const derInt = (bytes) => der(0x02, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes)
function derOid(dotted) {
  const p = dotted.split(".").map(Number)
  const out = [40 * p[0] + p[1]]
  for (const n of p.slice(2)) {
    const bytes = [n & 0x7f]
    for (let v = Math.floor(n / 128); v; v = Math.floor(v / 128)) bytes.unshift((v & 0x7f) | 0x80)
    out.push(...bytes)
  }
  return der(0x06, Buffer.from(out))
}
const utcTime = (d) => der(0x17, Buffer.from(`${d.toISOString().replace(/[-:T]/g, "").slice(2, 14)}Z`))
const distinguishedName = (rdns) => seq(...rdns.map(([oid, value]) => der(0x31, seq(derOid(oid), der(0x0c, Buffer.from(value, "utf8"))))))

/**
 * A platform certificate as WeChat issues them: RSA 2048, 40-hex serial (the
 * Wechatpay-Serial), five years of validity. Self-signed here (WeChat's are
 * issued by Tenpay's CA; the plugin only uses the public key and the serial).
 */
function platformCertificate(keys, now = new Date()) {
  const serial = crypto.randomBytes(20)
  serial[0] = (serial[0] & 0x7f) | 0x10 // positive and exactly 40 hex digits
  const sha256WithRsa = seq(derOid("1.2.840.113549.1.1.11"), der(0x05, Buffer.alloc(0)))
  const name = distinguishedName([["2.5.4.6", "CN"], ["2.5.4.8", "Guangdong"], ["2.5.4.7", "Shenzhen"], ["2.5.4.10", "Tenpay.com"], ["2.5.4.11", "Tenpay.com CA Center"], ["2.5.4.3", "Tenpay.com (simulator)"]])
  const validity = seq(utcTime(now), utcTime(new Date(now.getTime() + 5 * 365 * 86400_000)))
  const tbs = seq(der(0xa0, derInt(Buffer.from([2]))), derInt(serial), sha256WithRsa, name, validity, name, keys.publicKey.export({ type: "spki", format: "der" }))
  const signature = crypto.createSign("RSA-SHA256").update(tbs).sign(keys.privateKey)
  const cert = seq(tbs, sha256WithRsa, der(0x03, Buffer.concat([Buffer.from([0]), signature])))
  const pem = `-----BEGIN CERTIFICATE-----\n${cert.toString("base64").match(/.{1,64}/g).join("\n")}\n-----END CERTIFICATE-----\n`
  return { serial: new crypto.X509Certificate(pem).serialNumber, pem }
}

/**
 * A signing identity of the simulated platform: a platform certificate (serial
 * = the certificate's 40-hex serial) or a WeChat Pay public key (PUB_KEY_ID_ +
 * 32 digits), with a fresh RSA key pair.
 */
function newSigner(kind, mchid, serial) {
  const keys = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
  const publicKeyPem = keys.publicKey.export({ type: "spki", format: "pem" })
  if (kind === "certificate") {
    const cert = platformCertificate(keys)
    return { kind, serial: cert.serial, privateKey: keys.privateKey, publicKeyPem, certificatePem: cert.pem, pem: cert.pem }
  }
  const digits = (n) => Array.from({ length: n }, () => crypto.randomInt(10)).join("")
  const id = serial || `PUB_KEY_ID_01${String(mchid).padStart(10, "0").slice(-10)}${digits(20)}`
  return { kind: "public_key", serial: id, privateKey: keys.privateKey, publicKeyPem, certificatePem: null, pem: publicKeyPem }
}

/**
 * @param {{mchid:string, appid:string, merchantSerialNo:string, merchantPublicKey:string, apiV3Key:string,
 *          serial?:string, keyKind?:"public_key"|"certificate", port?:number, retryDelaysMs?:number[], publicUrl?:string,
 *          feeRate?:number, now?:() => Date}} opts
 *   keyKind: how the platform signs at start: a WeChat Pay public key (PUB_KEY_ID_..., default) or a platform certificate
 *   feeRate: WeChat Pay's fee on a payment, for the bill's 手续费 and 费率 (default 0.006 = 0.6%)
 *   now: the platform's clock for bills (which Beijing day is "today"; request signatures keep the real clock)
 */
async function startWechatPaySimulator(opts) {
  // every identity the platform has signed with; `signer` is the one it signs answers and callbacks with now
  const signers = new Map()
  let signer = newSigner(opts.keyKind === "certificate" ? "certificate" : "public_key", opts.mchid, opts.serial)
  signers.set(signer.serial, signer)
  let merchantKey = crypto.createPublicKey(opts.merchantPublicKey)
  const trades = new Map()
  const refunds = new Map()
  const requests = []
  const notifies = []
  // callbacks the merchant did not acknowledge, which WeChat will send again (re-signed at each attempt)
  const undelivered = []
  const faults = []
  const sim = {}
  // bills: download tokens → the bill they serve; per-day row rewrites set by billOverride()
  const billDownloads = new Map()
  const billOverrides = new Map()

  const signMsg = (msg, key = signer.privateKey) => crypto.createSign("RSA-SHA256").update(msg, "utf8").sign(key, "base64")

  function signedHeaders(body, over = {}) {
    const timestamp = String(over.timestamp ?? Math.floor(Date.now() / 1000))
    const nonce = crypto.randomBytes(16).toString("hex")
    const signature = over.signature ?? signMsg(`${timestamp}\n${nonce}\n${body}\n`, over.key)
    return {
      "wechatpay-timestamp": timestamp, "wechatpay-nonce": nonce, "wechatpay-signature": signature,
      "wechatpay-serial": over.serial ?? signer.serial, "wechatpay-signature-type": "WECHATPAY2-SHA256-RSA2048",
      "request-id": crypto.randomUUID(),
    }
  }

  /** Which API a request is for, in the names faults use. */
  function operationOf(method, pathname) {
    if (method === "POST" && /^\/v3\/pay\/transactions\/(native|h5)$/.test(pathname)) return pathname.endsWith("h5") ? "h5" : "native"
    if (method === "GET" && /^\/v3\/pay\/transactions\/out-trade-no\/[^/]+$/.test(pathname)) return "query"
    if (method === "POST" && /^\/v3\/pay\/transactions\/out-trade-no\/[^/]+\/close$/.test(pathname)) return "close"
    if (method === "POST" && pathname === "/v3/refund/domestic/refunds") return "refund"
    if (method === "GET" && /^\/v3\/refund\/domestic\/refunds\/[^/]+$/.test(pathname)) return "refund_query"
    if (method === "GET" && pathname === "/v3/bill/tradebill") return "tradebill"
    if (method === "GET" && pathname === "/v3/billdownload/file") return "billdownload"
    return "other"
  }

  function takeFault(operation, outTradeNo) {
    const i = faults.findIndex((f) => (f.operation === operation || f.operation === "*") && (!f.outTradeNo || f.outTradeNo === outTradeNo))
    if (i < 0) return null
    const f = faults[i]
    if (--f.times <= 0) faults.splice(i, 1)
    return f
  }

  /** An answer that is never sent: the merchant's client gives up (timeout); the request is held until it disconnects. */
  function hang(res) {
    res.socket?.setTimeout(0)
    res.on("close", () => undefined)
  }

  /** A response object that swallows the answer (a fault that lets the operation happen, then loses the reply). */
  const sink = () => ({ statusCode: 200, setHeader() {}, writeHead() {}, end() {} })

  function reply(res, status, obj) {
    const body = obj === undefined ? "" : JSON.stringify(obj)
    res.writeHead(status, { ...(body ? { "content-type": "application/json" } : {}), ...signedHeaders(body) })
    res.end(body)
  }
  const error = (res, status, code, message, extra = {}) => reply(res, status, { code, message, ...extra })

  function verifyAuthorization(req, url, body) {
    const auth = req.headers.authorization || ""
    if (!auth.startsWith("WECHATPAY2-SHA256-RSA2048 ")) return "missing Authorization"
    const fields = Object.fromEntries([...auth.slice(26).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))
    if (fields.mchid !== opts.mchid) return "mchid does not match"
    if (fields.serial_no !== opts.merchantSerialNo) return "unknown merchant certificate serial"
    if (Math.abs(Date.now() / 1000 - Number(fields.timestamp)) > 300) return "timestamp expired"
    const message = `${req.method}\n${url.pathname}${url.search}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`
    let ok = false
    try { ok = crypto.createVerify("RSA-SHA256").update(message, "utf8").verify(merchantKey, fields.signature || "", "base64") } catch {}
    return ok ? null : "signature does not verify"
  }

  function transaction(t) {
    return {
      appid: t.appid, mchid: opts.mchid, out_trade_no: t.out_trade_no, trade_type: t.trade_type, trade_state: t.state,
      trade_state_desc: { SUCCESS: "支付成功", NOTPAY: "未支付", CLOSED: "已关闭", REFUND: "转入退款" }[t.state],
      attach: t.attach ?? "",
      ...(t.transaction_id ? { transaction_id: t.transaction_id, bank_type: "OTHERS", success_time: t.success_time, payer: { openid: t.openid } } : {}),
      amount: { total: t.total, ...(t.transaction_id ? { payer_total: t.total } : {}), currency: "CNY", payer_currency: "CNY" },
    }
  }

  async function api(req, res, url) {
    const body = await readBody(req)
    const authError = verifyAuthorization(req, url, body)
    if (authError) return error(res, 401, "SIGN_ERROR", `错误的签名，验签失败`, { detail: { issue: authError } })
    let json = {}
    if (body) {
      try { json = JSON.parse(body) } catch { return error(res, 400, "PARAM_ERROR", "body is not JSON") }
    }
    requests.push({ method: req.method, path: url.pathname, body: json })
    if (sim.failNext && url.pathname.includes(sim.failNext.path)) {
      const f = sim.failNext
      sim.failNext = null
      return error(res, f.status ?? 500, "SYSTEM_ERROR", "系统错误")
    }
    const operation = operationOf(req.method, url.pathname)
    const tradeNo = decodeURIComponent((/\/out-trade-no\/([^/]+)/.exec(url.pathname) || [])[1] || json.out_trade_no || "")
    const fault = takeFault(operation, tradeNo)
    if (fault) {
      if (fault.hang) {
        if (fault.apply) await route(req, sink(), url, json)
        return hang(res)
      }
      if (fault.unsigned) {
        // a gateway or proxy in between answering for WeChat: no Wechatpay-* headers
        res.writeHead(fault.status ?? 502, { "content-type": "text/html" })
        return res.end("<html><body><h1>502 Bad Gateway</h1></body></html>")
      }
      if (fault.trade_state) {
        const t = trades.get(tradeNo)
        if (t) return reply(res, 200, { ...transaction(t), trade_state: fault.trade_state, trade_state_desc: fault.message ?? fault.trade_state })
      }
      return error(res, fault.status ?? 500, fault.code ?? "SYSTEM_ERROR", fault.message ?? "系统错误，请稍后重试")
    }
    return route(req, res, url, json)
  }

  async function route(req, res, url, json) {
    let m
    if (req.method === "POST" && (m = /^\/v3\/pay\/transactions\/(native|h5)$/.exec(url.pathname))) {
      if (json.mchid !== opts.mchid || json.appid !== opts.appid) return error(res, 400, "PARAM_ERROR", "appid和mch_id不匹配")
      if (!/^[0-9A-Za-z_\-|*]{6,32}$/.test(json.out_trade_no || "")) return error(res, 400, "PARAM_ERROR", "out_trade_no 格式错误")
      if (!Number.isInteger(json.amount?.total) || json.amount.total < 1) return error(res, 400, "PARAM_ERROR", "amount.total 无效")
      if (m[1] === "h5" && !json.scene_info?.payer_client_ip) return error(res, 400, "PARAM_ERROR", "缺少参数 scene_info.payer_client_ip")
      const t = trades.get(json.out_trade_no)
      if (t && t.state === "SUCCESS") return error(res, 400, "ORDERPAID", "该订单已支付")
      if (t && t.state === "CLOSED") return error(res, 400, "ORDER_CLOSED", "订单已关闭")
      if (t && t.total !== json.amount.total) return error(res, 403, "OUT_TRADE_NO_USED", "商户订单号重复")
      const trade = t || { out_trade_no: json.out_trade_no, appid: json.appid, total: json.amount.total, description: json.description, attach: json.attach, notify_url: json.notify_url, state: "NOTPAY", trade_type: m[1] === "h5" ? "MWEB" : "NATIVE", prepay: `wx${Date.now()}${crypto.randomBytes(6).toString("hex")}` }
      trades.set(trade.out_trade_no, trade)
      if (m[1] === "native") return reply(res, 200, { code_url: `weixin://wxpay/bizpayurl?pr=${trade.prepay.slice(-12)}` })
      return reply(res, 200, { h5_url: `${sim.baseUrl}/h5pay?prepay_id=${trade.prepay}&out_trade_no=${encodeURIComponent(trade.out_trade_no)}` })
    }
    if (req.method === "GET" && (m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname))) {
      if (url.searchParams.get("mchid") !== opts.mchid) return error(res, 400, "PARAM_ERROR", "mchid 不匹配")
      const t = trades.get(decodeURIComponent(m[1]))
      if (!t) return error(res, 404, "ORDER_NOT_EXIST", "订单不存在")
      return reply(res, 200, transaction(t))
    }
    if (req.method === "POST" && (m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(url.pathname))) {
      const t = trades.get(decodeURIComponent(m[1]))
      if (!t) return error(res, 404, "ORDER_NOT_EXIST", "订单不存在")
      if (t.state === "SUCCESS" || t.state === "REFUND") return error(res, 400, "ORDERPAID", "订单已支付")
      t.state = "CLOSED"
      return reply(res, 204)
    }
    if (req.method === "POST" && url.pathname === "/v3/refund/domestic/refunds") {
      const t = trades.get(json.out_trade_no)
      if (!t || !t.transaction_id) return error(res, 404, "RESOURCE_NOT_EXISTS", "订单不存在")
      const existing = refunds.get(json.out_refund_no)
      if (existing) {
        if (existing.amount.refund !== json.amount?.refund) return error(res, 400, "PARAM_ERROR", "同一 out_refund_no 退款金额不一致")
        return reply(res, 200, existing)
      }
      if (json.amount?.total !== t.total || json.amount?.currency !== "CNY") return error(res, 400, "PARAM_ERROR", "订单金额或币种与原订单不一致")
      const refunded = [...refunds.values()].filter((r) => r.out_trade_no === t.out_trade_no && r.status !== "CLOSED").reduce((s, r) => s + r.amount.refund, 0)
      if (!Number.isInteger(json.amount.refund) || json.amount.refund < 1 || refunded + json.amount.refund > t.total) return error(res, 400, "INVALID_REQUEST", "退款金额超过订单可退金额")
      const refund = {
        refund_id: `50${Date.now()}${crypto.randomInt(100000, 999999)}`, out_refund_no: json.out_refund_no, transaction_id: t.transaction_id,
        out_trade_no: t.out_trade_no, channel: "ORIGINAL", user_received_account: "支付用户零钱", create_time: rfc3339(), status: "PROCESSING",
        funds_account: "AVAILABLE", amount: { total: t.total, refund: json.amount.refund, payer_total: t.total, payer_refund: json.amount.refund, currency: "CNY" },
      }
      refund.notify_url = json.notify_url ?? t.notify_url
      refunds.set(refund.out_refund_no, refund)
      t.state = "REFUND"
      const answer = { ...refund, amount: { ...refund.amount } }
      delete answer.notify_url
      // WeChat settles the refund a moment later: the next query sees SUCCESS (sim.refundSettlement "async": it stays
      // PROCESSING until the test calls settleRefund, which also sends the REFUND.* notify)
      if (sim.refundSettlement !== "async") {
        refund.status = "SUCCESS"
        refund.success_time = rfc3339()
      }
      return reply(res, 200, answer)
    }
    if (req.method === "GET" && (m = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(url.pathname))) {
      const r = refunds.get(decodeURIComponent(m[1]))
      if (!r) return error(res, 404, "RESOURCE_NOT_EXISTS", "退款单不存在")
      const { notify_url, ...shown } = r
      return reply(res, 200, shown)
    }
    if (req.method === "GET" && url.pathname === "/v3/bill/tradebill") return tradeBill(res, url)
    if (req.method === "GET" && url.pathname === "/v3/billdownload/file") return billFile(res, url)
    return error(res, 404, "NOT_FOUND", "unknown API")
  }

  // ---- bills (GET /v3/bill/tradebill, then the signed GET of download_url) ----

  /**
   * A bill row as the simulator models it before it is printed (what billExtras take and billOverride functions
   * see): kind "payment" (交易状态 SUCCESS), "refund" (REFUND) or "revoked" (REVOKED); time Beijing
   * "yyyy-MM-dd HH:mm:ss" (its day is the bill's); amounts in fen: total_fen the order amount (payments),
   * refund_fen the refund (refunds); fee_fen the fee (absent: from feeRate; a refund's is given back, printed
   * negative); cells: raw values by header name (without the backtick), printed over the computed ones.
   */
  function normalizeRow(x) {
    const kind = x.kind === "refund" ? "refund" : x.kind === "revoked" ? "revoked" : "payment"
    return {
      kind,
      time: x.time ?? (x.date ? `${x.date} 12:00:00` : beijingOf(sim.now().toISOString())),
      transaction_id: x.transaction_id ?? `42000${Date.now()}${crypto.randomInt(10000000, 99999999)}`,
      out_trade_no: x.out_trade_no ?? "",
      openid: x.openid ?? `oUpF8uMuAJO_M2pxb1Q9zNjWeS${crypto.randomBytes(3).toString("hex")}`,
      trade_type: x.trade_type ?? "NATIVE",
      bank_type: x.bank_type ?? "OTHERS",
      currency: x.currency ?? "CNY",
      total_fen: x.total_fen ?? 0,
      refund_fen: x.refund_fen ?? 0,
      refund_id: x.refund_id ?? (kind === "refund" ? `50${Date.now()}${crypto.randomInt(100000, 999999)}` : "0"),
      out_refund_no: x.out_refund_no ?? (kind === "refund" ? `RF${crypto.randomBytes(6).toString("hex")}` : "0"),
      refund_status: x.refund_status ?? (kind === "refund" ? "SUCCESS" : ""),
      description: x.description ?? "",
      attach: x.attach ?? "",
      fee_fen: x.fee_fen,
      cells: x.cells ?? {},
    }
  }

  /** The rows of the day's bill: payments of that day, refunds applied that day, extras, then the override. */
  function billRows(date) {
    let rows = []
    for (const t of trades.values()) {
      if (!t.transaction_id || !t.success_time) continue
      const base = { transaction_id: t.transaction_id, out_trade_no: t.out_trade_no, openid: t.openid, trade_type: t.trade_type, description: t.description, attach: t.attach }
      if (beijingOf(t.success_time).slice(0, 10) === date) rows.push(normalizeRow({ ...base, kind: "payment", time: beijingOf(t.success_time), total_fen: t.total }))
    }
    const refundStatus = { SUCCESS: "SUCCESS", PROCESSING: "PROCESSING", CLOSED: "FAIL", ABNORMAL: "CHANGE" }
    for (const r of refunds.values()) {
      const t = trades.get(r.out_trade_no)
      if (beijingOf(r.create_time).slice(0, 10) !== date) continue
      rows.push(normalizeRow({
        kind: "refund", time: beijingOf(r.create_time), transaction_id: r.transaction_id, out_trade_no: r.out_trade_no, openid: t?.openid, trade_type: t?.trade_type,
        description: t?.description, attach: t?.attach, refund_id: r.refund_id, out_refund_no: r.out_refund_no, refund_fen: r.amount.refund, refund_status: refundStatus[r.status] ?? r.status,
      }))
    }
    for (const x of sim.billExtras) {
      // an extra keeps the ids it was first given; a refund of a known trade repeats its 微信订单号
      if (!x.transaction_id) x.transaction_id = trades.get(x.out_trade_no)?.transaction_id ?? sim.billExtras.find((e) => e !== x && e.transaction_id && e.out_trade_no === x.out_trade_no)?.transaction_id ?? normalizeRow(x).transaction_id
      if (!x.openid) x.openid = trades.get(x.out_trade_no)?.openid ?? sim.billExtras.find((e) => e !== x && e.openid && e.out_trade_no === x.out_trade_no)?.openid ?? normalizeRow(x).openid
      if (x.kind === "refund" && !x.refund_id) x.refund_id = normalizeRow(x).refund_id
      if (x.kind === "refund" && !x.out_refund_no) x.out_refund_no = normalizeRow(x).out_refund_no
      const row = normalizeRow(x)
      if ((x.date ?? row.time.slice(0, 10)) === date) rows.push(row)
    }
    const over = billOverrides.get(date)
    if (over) rows = over(rows) ?? rows
    return rows.slice().sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0))
  }

  /** The ALL bill as UTF-8 text: header, backtick-prefixed rows, the summary header and values. */
  function billText(rows) {
    const tick = (v) => `\`${String(v ?? "").replace(/[,\r\n]/g, " ")}`
    let settled = 0, refunded = 0, fees = 0, ordered = 0, requested = 0
    const lines = rows.map((r) => {
      const refund = r.kind === "refund"
      const fee = r.fee_fen ?? feeFen(refund ? r.refund_fen : r.total_fen, sim.feeRate)
      const feeSigned = refund ? -fee : fee
      const total = refund ? 0 : r.total_fen
      settled += total
      ordered += total
      refunded += refund ? r.refund_fen : 0
      requested += refund ? r.refund_fen : 0
      fees += feeSigned
      const cells = [
        r.time, sim.appid, sim.mchid, "0", "", r.transaction_id, r.out_trade_no, r.openid, r.trade_type, refund ? "REFUND" : r.kind === "revoked" ? "REVOKED" : "SUCCESS",
        r.bank_type, r.currency, fenToYuan(total), "0.00", refund ? r.refund_id : "0", refund ? r.out_refund_no : "0", fenToYuan(refund ? r.refund_fen : 0), "0.00",
        refund ? "ORIGINAL" : "", refund ? r.refund_status : "", r.description, r.attach, feeText(feeSigned), rateText(sim.feeRate), fenToYuan(total),
        fenToYuan(refund ? r.refund_fen : 0), "",
      ]
      for (const [k, v] of Object.entries(r.cells)) {
        const i = BILL_HEADER.indexOf(k)
        if (i < 0) throw new Error(`no bill column ${k}`)
        cells[i] = v
      }
      return cells.map(tick).join(",")
    })
    const summary = [rows.length, fenToYuan(settled), fenToYuan(refunded), "0.00", feeText(fees), fenToYuan(ordered), fenToYuan(requested)].map(tick).join(",")
    return [BILL_HEADER.join(","), ...lines, BILL_SUMMARY_HEADER.join(","), summary].join("\n") + "\n"
  }

  function tradeBill(res, url) {
    const q = url.searchParams
    const date = q.get("bill_date") || ""
    const billType = q.get("bill_type") || "ALL"
    const tarType = q.get("tar_type")
    if (!isDay(date)) return error(res, 400, "INVALID_REQUEST", "bill_date 格式错误，应为 YYYY-MM-DD")
    if (!["ALL", "SUCCESS", "REFUND"].includes(billType)) return error(res, 400, "PARAM_ERROR", "bill_type 取值错误")
    // WeChat prints SUCCESS and REFUND bills with other columns; the simulator serves ALL only
    if (billType !== "ALL") return error(res, 400, "INVALID_REQUEST", "the simulator serves bill_type ALL only")
    if (tarType !== null && tarType !== "GZIP") return error(res, 400, "PARAM_ERROR", "tar_type 取值错误")
    const now = sim.now()
    const today = beijingOf(now.toISOString()).slice(0, 10)
    if (date > today) return error(res, 400, "INVALID_REQUEST", "bill_date 不能晚于今天")
    const oldest = new Date(`${today}T00:00:00Z`)
    oldest.setUTCMonth(oldest.getUTCMonth() - 3)
    if (date < oldest.toISOString().slice(0, 10)) return error(res, 400, "INVALID_REQUEST", "仅支持下载三个月内的账单")
    // today's bill is made tomorrow (from 09:00; fetch after 10:00)
    if (date === today || sim.billNotReady.has(date) || sim.billNotReady.has("*")) return error(res, 400, "STATEMENT_CREATING", "账单生成中")
    const rows = billRows(date)
    if (!rows.length) return error(res, 400, "NO_STATEMENT_EXIST", "请求的账单文件不存在")
    const csv = Buffer.from(billText(rows), "utf8")
    const token = crypto.randomBytes(24).toString("base64url")
    billDownloads.set(token, { csv, gzip: tarType === "GZIP", date, expires: Date.now() + sim.billUrlTtlMs })
    const download_url = `${sim.baseUrl}/v3/billdownload/file?token=${token}${tarType === "GZIP" ? "&tartype=gzip" : ""}`
    return reply(res, 200, { download_url, hash_type: "SHA1", hash_value: crypto.createHash("sha1").update(csv).digest("hex") })
  }

  /** The download itself: the request was verified in api(); the answer carries no Wechatpay-* signature. */
  function billFile(res, url) {
    const hit = billDownloads.get(url.searchParams.get("token") || "")
    if (!hit || hit.expires <= Date.now()) return error(res, 400, "INVALID_REQUEST", "下载链接过期,请重新请求文件下载")
    if ((url.searchParams.get("tartype") === "gzip") !== hit.gzip) return error(res, 400, "INVALID_REQUEST", "tartype 与申请时不一致")
    // billTamper: the bytes change after hash_value was computed (a corrupted transfer / a forged file)
    const csv = sim.billTamper ? Buffer.from(sim.billTamper(hit.csv)) : hit.csv
    const body = hit.gzip ? zlib.gzipSync(csv) : csv
    res.writeHead(200, { "content-type": hit.gzip ? "application/x-gzip" : "text/plain;charset=utf-8", "content-length": String(body.length), "request-id": crypto.randomUUID() })
    res.end(body)
  }

  function cashier(res, t) {
    res.setHeader("content-type", "text/html;charset=utf-8")
    res.end(page("WeChat Pay (simulated)", `<h1 style="color:#07c160">微信支付 WeChat Pay <small class="muted">simulator</small></h1>
<p>${esc(t.description)}</p><p style="font-size:2rem">¥${(t.total / 100).toFixed(2)}</p><p class="muted">${esc(t.out_trade_no)} · ${esc(t.state)}</p>
${t.state === "NOTPAY" ? `<form method="post" action="/cashier/${encodeURIComponent(t.out_trade_no)}/pay${t.redirect ? `?redirect_url=${encodeURIComponent(t.redirect)}` : ""}"><button style="background:#07c160">确认支付 Pay</button></form>` : "<p>This order cannot be paid.</p>"}`))
  }

  async function handler(req, res) {
    const url = new URL(req.url, sim.baseUrl)
    if (url.pathname.startsWith("/v3/")) return api(req, res, url)
    let m
    if (url.pathname === "/h5pay") {
      const t = trades.get(url.searchParams.get("out_trade_no") || "")
      if (!t || t.prepay !== url.searchParams.get("prepay_id")) { res.statusCode = 404; return res.end(page("WeChat Pay", "<h1>链接无效 Invalid link</h1>")) }
      t.redirect = url.searchParams.get("redirect_url") || undefined
      return cashier(res, t)
    }
    if ((m = /^\/cashier\/(.+)\/pay$/.exec(url.pathname)) && req.method === "POST") {
      const t = trades.get(decodeURIComponent(m[1]))
      if (!t) { res.statusCode = 404; return res.end("unknown order") }
      const result = await sim.pay(t.out_trade_no)
      const redirect = url.searchParams.get("redirect_url")
      if (redirect) { res.statusCode = 302; res.setHeader("location", redirect); return res.end() }
      res.setHeader("content-type", "text/html;charset=utf-8")
      return res.end(page("WeChat Pay", `<h1>${result.paid ? "支付成功 Paid" : "Payment refused"}</h1><p class="muted">merchant answered HTTP ${esc(result.notify?.status ?? "-")}</p>`))
    }
    if ((m = /^\/cashier\/(.+)$/.exec(url.pathname))) {
      const t = trades.get(decodeURIComponent(m[1]))
      if (!t) { res.statusCode = 404; return res.end("unknown order") }
      return cashier(res, t)
    }
    if (url.pathname === "/cashier") {
      const rows = [...trades.values()].reverse().map((t) => `<tr><td>${esc(t.out_trade_no)}</td><td>¥${(t.total / 100).toFixed(2)}</td><td>${esc(t.state)}</td><td>${t.state === "NOTPAY" ? `<a href="/cashier/${encodeURIComponent(t.out_trade_no)}">scan &amp; pay</a>` : ""}</td></tr>`).join("")
      res.setHeader("content-type", "text/html;charset=utf-8")
      return res.end(page("WeChat Pay simulator", `<h1>WeChat Pay simulator</h1><table><tr><th>out_trade_no</th><th>amount</th><th>state</th><th></th></tr>${rows}</table>`))
    }
    res.statusCode = 404
    res.end("not found")
  }

  /** The callback envelope for a transaction resource (encrypted with the APIv3 key). */
  function envelope(resource, eventType = "TRANSACTION.SUCCESS", originalType = "transaction") {
    const nonce = crypto.randomBytes(6).toString("hex")
    const cipher = crypto.createCipheriv("aes-256-gcm", Buffer.from(opts.apiV3Key, "utf8"), Buffer.from(nonce, "utf8"))
    cipher.setAAD(Buffer.from(originalType, "utf8"))
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(resource), "utf8"), cipher.final(), cipher.getAuthTag()]).toString("base64")
    return {
      id: crypto.randomUUID(), create_time: rfc3339(), resource_type: "encrypt-resource", event_type: eventType,
      summary: eventType === "TRANSACTION.SUCCESS" ? "支付成功" : { "REFUND.SUCCESS": "退款成功", "REFUND.CLOSED": "退款关闭", "REFUND.ABNORMAL": "退款异常" }[eventType] ?? "退款通知",
      resource: { original_type: originalType, algorithm: "AEAD_AES_256_GCM", ciphertext, associated_data: originalType, nonce },
    }
  }

  Object.assign(sim, {
    mchid: opts.mchid, appid: opts.appid, trades, refunds, requests, notifies, undelivered, faults, signers,
    failNext: null,
    /** the platform's clock for bills (which Beijing day is "today"); request signatures are checked on the real clock */
    now: opts.now ?? (() => new Date()),
    /** WeChat Pay's fee rate on payments (a fraction), printed in 手续费 / 费率 */
    feeRate: opts.feeRate ?? 0.006,
    /** how long a download_url serves (WeChat: 30 s in older docs, 5 min in newer ones) */
    billUrlTtlMs: 30_000,
    /** days ("YYYY-MM-DD", or "*") whose bill is still being made: 400 STATEMENT_CREATING */
    billNotReady: new Set(),
    /**
     * Rows at WeChat beyond the trades the simulator holds: { kind: "payment"|"refund"|"revoked", out_trade_no,
     * total_fen (payments) / refund_fen (refunds), time? (Beijing "yyyy-MM-dd HH:mm:ss"; its day is the bill's) or
     * date?, transaction_id?, openid?, trade_type?, refund_id?, out_refund_no?, refund_status? (SUCCESS, PROCESSING,
     * FAIL, CHANGE), description?, attach?, fee_fen?, currency?, cells?: { "<header>": "raw value without backtick" } }.
     */
    billExtras: [],
    /** (csv: Buffer) => Buffer: alters the bill bytes after hash_value was computed (null: serve them as made) */
    billTamper: null,
    /** Rewrite the rows of `date`'s bill before printing: `fn(rows)` returns (or mutates) them; null removes it. */
    billOverride(date, fn) {
      if (fn) billOverrides.set(date, fn)
      else billOverrides.delete(date)
      return sim
    },
    /** The bill of `date` as it would be served now: its rows, the text and the SHA1 of the text. */
    bill(date) {
      const rows = billRows(date)
      const text = billText(rows)
      return { rows, text, sha1: crypto.createHash("sha1").update(text, "utf8").digest("hex") }
    },
    /** "immediate" (a refund answers PROCESSING and the next query sees SUCCESS) or "async" (see settleRefund) */
    refundSettlement: "immediate",
    retryDelaysMs: opts.retryDelaysMs ?? [],
    /** the buyer pays; a signed, encrypted TRANSACTION.SUCCESS callback is delivered */
    async pay(outTradeNo, { notify = true, variant, at } = {}) {
      const t = trades.get(outTradeNo)
      if (!t) throw new Error(`no trade ${outTradeNo}`)
      if (t.state !== "NOTPAY") return { paid: false, trade: t }
      t.state = "SUCCESS"
      t.transaction_id = `42000${Date.now()}${crypto.randomInt(10000000, 99999999)}`
      // `at`: when the buyer paid (a Date; default now), e.g. yesterday for a bill test
      t.success_time = rfc3339(at ?? new Date())
      t.openid = `oUpF8uMuAJO_M2pxb1Q9zNjWeS${crypto.randomBytes(3).toString("hex")}`
      return { paid: true, trade: t, notify: notify ? await sim.notify(outTradeNo, variant) : null }
    },
    /**
     * Deliver the payment callback. Variants: total (sign a different amount),
     * currency, mchid, appid, tamper (alter the body after signing), stale
     * (timestamp 10 min old), unknownSerial, signtest (probe), badKey, sameBody
     * (re-send a previous delivery's exact bytes: a duplicate).
     */
    async notify(outTradeNo, variant = {}) {
      const t = trades.get(outTradeNo)
      if (!t) throw new Error(`no trade ${outTradeNo}`)
      const resource = transaction(t)
      if (variant.total !== undefined) resource.amount = { ...resource.amount, total: variant.total, payer_total: variant.total }
      if (variant.currency) resource.amount = { ...resource.amount, currency: variant.currency }
      if (variant.mchid) resource.mchid = variant.mchid
      if (variant.appid) resource.appid = variant.appid
      let body = variant.sameBody ?? JSON.stringify(envelope(resource))
      const over = {}
      if (variant.stale) over.timestamp = Math.floor(Date.now() / 1000) - 600
      if (variant.unknownSerial) over.serial = "PUB_KEY_ID_0000000000000000000000000000000000"
      if (variant.signtest) over.signature = `WECHATPAY/SIGNTEST/${crypto.randomBytes(32).toString("base64")}`
      if (variant.badKey) over.key = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey
      const headers = signedHeaders(body, over)
      if (variant.tamper) body = body.replace(/"summary":"[^"]*"/, '"summary":"tampered"')
      const result = await sim.deliver(t.notify_url, body, headers, variant.retry === false ? [] : sim.retryDelaysMs)
      const forged = ["total", "currency", "mchid", "appid", "stale", "unknownSerial", "signtest", "badKey", "tamper"].some((k) => variant[k] !== undefined && variant[k] !== false)
      if (!forged && !(result.status >= 200 && result.status < 300)) undelivered.push({ out_trade_no: outTradeNo, notifyUrl: t.notify_url, body })
      return result
    },
    /**
     * Settle a refund left PROCESSING (refundSettlement "async"): SUCCESS, CLOSED or ABNORMAL, then send WeChat's
     * refund notify (event_type REFUND.<status>, resource original_type "refund", encrypted like a payment's) to
     * the refund's notify_url. Returns the delivery's answer.
     */
    async settleRefund(outRefundNo, status = "SUCCESS", variant = {}) {
      const r = refunds.get(outRefundNo)
      if (!r) throw new Error(`no refund ${outRefundNo}`)
      r.status = status
      if (status === "SUCCESS") r.success_time = rfc3339()
      const resource = {
        mchid: opts.mchid, out_trade_no: r.out_trade_no, transaction_id: r.transaction_id, out_refund_no: r.out_refund_no, refund_id: r.refund_id,
        refund_status: status, ...(status === "SUCCESS" ? { success_time: r.success_time } : {}), user_received_account: r.user_received_account,
        amount: { total: r.amount.total, refund: r.amount.refund, payer_total: r.amount.payer_total, payer_refund: r.amount.payer_refund },
      }
      const body = JSON.stringify(envelope(resource, `REFUND.${status}`, "refund"))
      return sim.deliver(r.notify_url, body, signedHeaders(body), variant.retry === false ? [] : sim.retryDelaysMs)
    },
    /**
     * WeChat's next retry of every callback the merchant has not acknowledged
     * yet (its schedule is 15 s … 6 h over 24 h; here the test decides when):
     * the same body, signed again at sending time with the key WeChat signs
     * with now. Returns each delivery's answer; acknowledged ones leave the queue.
     */
    async retryUndelivered() {
      const pending = undelivered.splice(0)
      const results = []
      for (const u of pending) {
        const r = await sim.deliver(u.notifyUrl, u.body, signedHeaders(u.body), [])
        results.push({ out_trade_no: u.out_trade_no, status: r.status, body: r.body })
        if (!(r.status >= 200 && r.status < 300)) undelivered.push(u)
      }
      return results
    },
    /**
     * Answer the next `times` (default 1) calls of `operation` ("native", "h5",
     * "query", "close", "refund", "refund_query", "*"), optionally only for
     * `outTradeNo`, with: a signed error {status, code, message} (default 500
     * SYSTEM_ERROR); `hang` (no answer at all, the merchant times out; with
     * `apply` the operation happens first, as when only the answer is lost);
     * `unsigned` (a proxy's 502 page without Wechatpay-* headers); or, for a
     * query, a signed transaction in `trade_state` (USERPAYING, PAYERROR, …).
     */
    fault(f) {
      faults.push({ times: 1, ...f })
      return sim
    },
    /** The merchant replaced its API certificate at WeChat: requests signed with the old key now get 401 SIGN_ERROR. */
    replaceMerchantKey(publicKeyPem) {
      merchantKey = crypto.createPublicKey(publicKeyPem ?? opts.merchantPublicKey)
      return sim
    },
    /**
     * Start signing answers and callbacks with a new identity: a renewed
     * platform certificate (`certificate`: new key, new 40-hex serial) or the
     * WeChat Pay public key (`public_key`: PUB_KEY_ID_…), as during WeChat's
     * certificate renewal or the merchant's switch to the public key. Returns
     * what the merchant downloads: serial and PEM (the certificate, or the public key).
     */
    rotateKey({ kind = "certificate" } = {}) {
      signer = newSigner(kind, opts.mchid)
      signers.set(signer.serial, signer)
      return { kind: signer.kind, serial: signer.serial, pem: signer.pem, publicKeyPem: signer.publicKeyPem, certificatePem: signer.certificatePem }
    },
    /** Sign with an identity used before (e.g. back to the start after a test). */
    useKey(serial) {
      const s = signers.get(serial)
      if (!s) throw new Error(`the simulator never signed with ${serial}`)
      signer = s
      return sim
    },
    /** POST a callback; WeChat counts any 2xx as received and retries otherwise */
    deliver(notifyUrl, body, headers, delays = []) {
      return postWithRetries(notifyUrl, {
        headers: { "content-type": "application/json", "user-agent": "Mozilla/4.0", ...headers },
        body,
        isAck: (r) => r.status >= 200 && r.status < 300,
      }, delays, notifies).then((r) => ({ ...r, sentBody: body }))
    },
    envelope,
    signedHeaders,
  })
  Object.defineProperties(sim, {
    /** the Wechatpay-Serial answers and callbacks are signed under now */
    serial: { get: () => signer.serial, enumerable: true },
    /** its public key (SPKI PEM), and the platform certificate when signing as one */
    platformPublicKeyPem: { get: () => signer.publicKeyPem, enumerable: true },
    platformCertificatePem: { get: () => signer.certificatePem, enumerable: true },
    /** what a merchant configures in platformKeys for the current serial: the certificate or the public key */
    platformKeyPem: { get: () => signer.pem, enumerable: true },
    keyKind: { get: () => signer.kind, enumerable: true },
  })
  const server = await listen(handler, opts.port ?? 0)
  sim.port = server.address().port
  sim.baseUrl = opts.publicUrl || `http://127.0.0.1:${sim.port}`
  sim.close = () => close(server)
  return sim
}

module.exports = { startWechatPaySimulator }
