// A local Alipay Open Platform (v2 gateway.do) for tests and the demo:
// verifies the merchant's RSA2 request signatures, keeps trade state
// (precreate trades exist only once scanned), signs every answer over the
// exact bytes it sends, serves a cashier page, and sends signed notifies
// (paid, duplicate, tampered, wrong amount/seller/app, ...). Odd answers on
// demand through `fault()`: any signed business error (ACQ.SYSTEM_ERROR,
// 20000 isp.unknow-error, ACQ.TRADE_NOT_EXIST, …), an unsigned
// error_response, an HTTP error, or no answer at all (the merchant times out).
// Bills: alipay.data.dataservice.bill.downloadurl.query (bill_type trade) answers a one-time URL on this server
// that serves the day's csv.zip as Alipay does (two GBK CSV entries, GBK entry names without the UTF-8 flag),
// built from the trades it holds plus rows a test adds (billExtras) or alters (billOverride).
"use strict"
const crypto = require("node:crypto")
const { readBody, listen, close, esc, page, postWithRetries } = require("./common")
const iconv = require("iconv-lite")
const JSZip = require("jszip")

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
/** signed cents → "-0.01" / "0.00" / "12.50" */
const signedYuan = (c) => `${c < 0 ? "-" : ""}${yuan(Math.abs(c))}`
/** the platform fee on `amountCents` at `rate` (a fraction, 0.006 = 0.6%), rounded half up to the cent (integers only) */
const feeCents = (amountCents, rate) => {
  const ppm = Math.round(Number(rate) * 1_000_000)
  return Math.floor((Math.abs(amountCents) * ppm + 500_000) / 1_000_000)
}

const BILL_METHOD = "alipay.data.dataservice.bill.downloadurl.query"
/** the 25 columns of the trade bill's detail file (业务明细), full-width parentheses as Alipay prints them */
const BILL_DETAIL_HEADER = ["支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号", "门店名称", "操作员", "终端号", "对方账户", "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）", "支付宝优惠（元）", "商家优惠（元）", "券核销金额（元）", "券名称", "商家红包消费金额（元）", "卡消费金额（元）", "退款批次号/请求号", "服务费（元）", "分润（元）", "备注"]
const BILL_SUMMARY_HEADER = ["门店编号", "门店名称", "交易订单总笔数", "退款订单总笔数", "订单金额（元）", "商家实收（元）", "支付宝优惠（元）", "商家优惠（元）", "卡消费金额（元）", "服务费（元）", "分润（元）", "实收净额（元）"]
const isDay = (d) => typeof d === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d
/** "2019-09-16" → "2019年09月16日 00:00:00"; a Beijing "yyyy-MM-dd HH:mm:ss" → "yyyy年MM月dd日 HH:mm:ss" */
const cnTime = (t) => `${t.slice(0, 4)}年${t.slice(5, 7)}月${t.slice(8, 10)}日 ${t.length > 10 ? t.slice(11, 19) : "00:00:00"}`
const nextDay = (d) => new Date(Date.parse(`${d}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10)

/**
 * Drop the Info-ZIP Unicode Path extra field (0x7075) JSZip adds next to a non-UTF-8 name: Alipay's archive has
 * none, and a reader that honours it would read the name without ever meeting the GBK quirk. Rewrites the local
 * headers, the central directory and the end record (offsets shift); no data descriptors (JSZip writes the sizes
 * in the local header when not streaming).
 */
function stripZipExtraFields(buf) {
  const parts = []
  const offsets = new Map()
  let at = 0
  let out = 0
  while (buf.readUInt32LE(at) === 0x04034b50) {
    const nameLen = buf.readUInt16LE(at + 26), extraLen = buf.readUInt16LE(at + 28), size = buf.readUInt32LE(at + 18)
    const head = Buffer.from(buf.subarray(at, at + 30 + nameLen))
    head.writeUInt16LE(0, 28)
    const data = buf.subarray(at + 30 + nameLen + extraLen, at + 30 + nameLen + extraLen + size)
    offsets.set(at, out)
    parts.push(head, data)
    out += head.length + data.length
    at += 30 + nameLen + extraLen + size
  }
  const cdStart = out
  while (buf.readUInt32LE(at) === 0x02014b50) {
    const nameLen = buf.readUInt16LE(at + 28), extraLen = buf.readUInt16LE(at + 30), commentLen = buf.readUInt16LE(at + 32)
    const head = Buffer.from(buf.subarray(at, at + 46 + nameLen))
    head.writeUInt16LE(0, 30)
    head.writeUInt16LE(0, 32)
    head.writeUInt32LE(offsets.get(buf.readUInt32LE(at + 42)), 42)
    parts.push(head)
    out += head.length
    at += 46 + nameLen + extraLen + commentLen
  }
  const end = Buffer.from(buf.subarray(at, at + 22))
  if (end.readUInt32LE(0) !== 0x06054b50) throw new Error("unexpected ZIP layout")
  end.writeUInt32LE(out - cdStart, 12)
  end.writeUInt32LE(cdStart, 16)
  end.writeUInt16LE(0, 20)
  parts.push(end)
  return Buffer.concat(parts)
}

/**
 * @param {{appId:string, sellerId:string, appPublicKey:string, port?:number, retryDelaysMs?:number[], publicUrl?:string,
 *          feeRate?:number, now?:() => Date}} opts
 *   feeRate: Alipay's service fee on a trade, for the bill's 服务费（元） (default 0.006 = 0.6%)
 *   now: the platform's clock for bills (which day is "today"); default the real clock
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
  // bills: one-time download tokens → the ZIP they serve; per-day row rewrites set by billOverride()
  const billDownloads = new Map()
  const billOverrides = new Map()

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
      case BILL_METHOD:
        return billDownloadUrl(res, method, biz)
      default:
        return answer(res, method || "error", fail("40004", "Business Failed", "isv.invalid-method", "不存在的方法名"))
    }
  }

  // ---- bills (alipay.data.dataservice.bill.downloadurl.query, bill_type trade) ----

  /** the account id Alipay prints in the bill and its file names: the seller's PID + "0156" */
  const billAccount = () => `${opts.sellerId}0156`

  /**
   * A bill row as the simulator models it before it is printed (what billExtras take and billOverride functions
   * see): kind "trade" (交易) or "refund" (退款); amounts in cents, positive (a refund row prints them negative);
   * times Beijing "yyyy-MM-dd HH:mm:ss" (finished_at decides the day); fee_cents the service fee (absent: from
   * feeRate); cells: raw cell values by header name, printed verbatim over the computed ones.
   */
  function normalizeRow(x) {
    const finished = x.finished_at ?? (x.date ? `${x.date} 12:00:00` : beijing(sim.now()))
    const amount = x.amount_cents ?? (x.amount !== undefined ? cents(x.amount) : 0)
    return {
      kind: x.kind === "refund" ? "refund" : "trade",
      trade_no: x.trade_no ?? `${finished.slice(0, 10).replace(/-/g, "")}2200${String(++tradeSeq).padStart(14, "0")}${crypto.randomInt(1000, 9999)}`,
      out_trade_no: x.out_trade_no ?? "",
      subject: x.subject ?? "",
      created_at: x.created_at ?? finished,
      finished_at: finished,
      amount_cents: amount,
      received_cents: x.received_cents ?? amount,
      fee_cents: x.fee_cents,
      out_request_no: x.out_request_no ?? (x.kind === "refund" ? x.out_trade_no ?? "" : ""),
      buyer: x.buyer ?? "*林(lin***@example.com)",
      remark: x.remark ?? "",
      cells: x.cells ?? {},
    }
  }

  /** The rows of the day's bill: trades paid that day (Beijing), refunds made that day, extras, then the override. */
  function billRows(date) {
    let rows = []
    for (const t of trades.values()) {
      const base = { trade_no: t.trade_no, out_trade_no: t.out_trade_no, subject: t.subject, created_at: t.gmt_create, buyer: t.buyer_logon_id ? `*林(${t.buyer_logon_id})` : undefined }
      if (t.gmt_payment && t.gmt_payment.slice(0, 10) === date) rows.push(normalizeRow({ ...base, kind: "trade", finished_at: t.gmt_payment, amount_cents: cents(t.total_amount) }))
      for (const [reqNo, r] of t.refunds) {
        if (r.gmt.slice(0, 10) === date) rows.push(normalizeRow({ ...base, kind: "refund", finished_at: r.gmt, amount_cents: r.amount, out_request_no: reqNo }))
      }
    }
    for (const x of sim.billExtras) {
      // an extra keeps the trade number it was first given (the same row in every download)
      // (a refund of a trade it knows repeats that trade's number, as Alipay's refund rows do)
      if (!x.trade_no) {
        const known = trades.get(x.out_trade_no) ?? sim.billExtras.find((e) => e !== x && e.trade_no && e.out_trade_no === x.out_trade_no)
        x.trade_no = known?.trade_no ?? normalizeRow(x).trade_no
      }
      const row = normalizeRow(x)
      if ((x.date ?? row.finished_at.slice(0, 10)) === date) rows.push(row)
    }
    const over = billOverrides.get(date)
    if (over) rows = over(rows) ?? rows
    return rows.slice().sort((a, b) => (a.finished_at < b.finished_at ? -1 : a.finished_at > b.finished_at ? 1 : 0))
  }

  const clean = (s) => String(s ?? "").replace(/[,\r\n]/g, " ")

  /** The detail and summary CSV texts (UTF-8 strings; GBK-encoded when zipped). */
  function billFiles(date, rows) {
    const T = "\t"
    const exported = beijing(sim.now())
    const head = (title) => [`#支付宝${title}查询`, `#账号：[${billAccount()}]`, `#起始日期：[${cnTime(date)}]   终止日期：[${cnTime(nextDay(date))}]`]
    let tradeN = 0, refundN = 0, tradeReceived = 0, refundReceived = 0, orderSum = 0, receivedSum = 0, feeSum = 0
    const lines = rows.map((r) => {
      const sign = r.kind === "refund" ? -1 : 1
      const fee = r.fee_cents ?? feeCents(r.amount_cents, sim.feeRate)
      // a trade's fee is taken (negative); a refund gives its share back (positive)
      const feeSigned = -sign * fee
      if (r.kind === "refund") { refundN++; refundReceived += r.received_cents } else { tradeN++; tradeReceived += r.received_cents }
      orderSum += sign * r.amount_cents
      receivedSum += sign * r.received_cents
      feeSum += feeSigned
      const cells = [
        r.trade_no + T, r.out_trade_no + T, (r.kind === "refund" ? "退款" : "交易") + T, clean(r.subject), r.created_at, r.finished_at, T, T, T, T, clean(r.buyer) + T,
        signedYuan(sign * r.amount_cents), signedYuan(sign * r.received_cents), "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00" + T, "0.00",
        (r.kind === "refund" ? r.out_request_no : "") + T, signedYuan(feeSigned), "0.00", clean(r.remark),
      ]
      for (const [k, v] of Object.entries(r.cells)) {
        const i = BILL_DETAIL_HEADER.indexOf(k)
        if (i < 0) throw new Error(`no bill column ${k}`)
        cells[i] = String(v)
      }
      return cells.join(",")
    })
    const detail = [
      ...head("业务明细"),
      "#-----------------------------------------业务明细列表----------------------------------------",
      BILL_DETAIL_HEADER.join(","),
      ...lines,
      "#-----------------------------------------业务明细列表结束------------------------------------",
      `#交易合计：${tradeN}笔，商家实收共${signedYuan(tradeReceived)}元，商家优惠共0.00元`,
      `#退款合计：${refundN}笔，商家实收退款共${signedYuan(-refundReceived)}元，商家优惠退款共0.00元`,
      `#导出时间：[${cnTime(exported)}]`,
    ].join("\n") + "\n"
    const summary = [
      ...head("业务汇总"),
      "#-----------------------------------------业务汇总列表----------------------------------------",
      BILL_SUMMARY_HEADER.join(","),
      ["合计", "", tradeN, refundN, signedYuan(orderSum), signedYuan(receivedSum), "0.00", "0.00", "0.00", signedYuan(feeSum), "0.00", signedYuan(receivedSum + feeSum)].join(","),
      "#-----------------------------------------业务汇总列表结束------------------------------------",
      `#导出时间：[${cnTime(exported)}]`,
    ].join("\n") + "\n"
    return { detail, summary }
  }

  /** The day's csv.zip: two GBK CSV entries whose GBK names carry no UTF-8 flag (general purpose bit 11 clear). */
  async function billZip(date, rows) {
    const { detail, summary } = billFiles(date, rows)
    const stem = `${billAccount()}_${date.replace(/-/g, "")}`
    const zip = new JSZip()
    const at = new Date(Date.parse(`${beijing(sim.now()).replace(" ", "T")}Z`))
    zip.file(`${stem}_业务明细.csv`, iconv.encode(detail, "gbk"), { date: at })
    zip.file(`${stem}_业务明细(汇总).csv`, iconv.encode(summary, "gbk"), { date: at })
    const raw = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", encodeFileName: (name) => iconv.encode(name, "gbk") })
    return stripZipExtraFields(raw)
  }

  async function billDownloadUrl(res, method, biz) {
    const invalid = () => answer(res, method, fail("40004", "Business Failed", "isv.invalid-arguments", "参数不合法"))
    if (biz.bill_type !== "trade") {
      // the simulator serves the trade bill only (signcustomer and trade_zft_merchant exist at Alipay)
      return answer(res, method, fail("40004", "Business Failed", "isv.invalid-arguments", "参数不合法: the simulator serves bill_type trade only"))
    }
    const date = biz.bill_date
    // day bills exist from 2016-01-01, for past days only (T+1): today or later is "参数不合法"
    if (!isDay(date) || date < "2016-01-01" || date >= beijing(sim.now()).slice(0, 10)) return invalid()
    const notExist = () => answer(res, method, fail("40004", "Business Failed", "isp.bill_not_exist", "账单不存在"))
    if (sim.billNotReady.has(date) || sim.billNotReady.has("*")) return notExist()
    const rows = billRows(date)
    if (!rows.length) return notExist()
    const zip = await billZip(date, rows)
    const token = crypto.randomBytes(16).toString("hex")
    billDownloads.set(token, { zip, date, expires: Date.now() + sim.billUrlTtlMs })
    const day = date.replace(/-/g, "")
    const q = new URLSearchParams({ bizType: "trade", userId: billAccount(), fileType: "csv.zip", bizDates: day, downloadFileName: `${billAccount()}_${day}.csv.zip`, fileId: `/trade/${billAccount()}/${day}.csv.zip`, timestamp: String(Date.now()), token })
    return answer(res, method, { code: "10000", msg: "Success", bill_download_url: `${sim.baseUrl}/downloadBillFile.resource?${q}` })
  }

  /** GET of a bill_download_url: the ZIP once, within billUrlTtlMs (default 30 s) of the answer that gave it. */
  async function billFile(req, res, url) {
    const token = url.searchParams.get("token") || ""
    const hit = billDownloads.get(token)
    sim.billDownloadsLog.push({ token, at: new Date().toISOString(), served: !!hit && hit.expires > Date.now() })
    if (!hit || hit.expires <= Date.now()) {
      billDownloads.delete(token)
      res.statusCode = 403
      res.setHeader("content-type", "text/html;charset=utf-8")
      return res.end(page("Alipay", "<h1>链接已失效 The download link has expired</h1>"))
    }
    billDownloads.delete(token)
    res.writeHead(200, {
      "content-type": "application/oct-stream",
      "content-disposition": `attachment; filename="${url.searchParams.get("downloadFileName") || "bill.csv.zip"}"`,
      "content-length": String(hit.zip.length),
    })
    res.end(hit.zip)
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
    if (url.pathname === "/downloadBillFile.resource") return billFile(req, res, url)
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
     * `variant.at` dates the refund (a Date; default now).
     */
    async consoleRefund(outTradeNo, amountCents, variant = {}) {
      const t = trades.get(outTradeNo)
      if (!t || (t.status !== "TRADE_SUCCESS")) throw new Error(`trade ${outTradeNo} cannot be refunded (${t && t.status})`)
      if (t.refund_fee + amountCents > cents(t.total_amount)) throw new Error("refund exceeds the trade")
      t.refund_fee += amountCents
      const out_biz_no = `CONSOLE${Date.now()}${crypto.randomInt(1000, 9999)}`
      const gmt = beijing(variant.at ?? new Date())
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
    /** the platform's clock for bills: which Beijing day is "today" (bills exist for earlier days only) */
    now: opts.now ?? (() => new Date()),
    /** Alipay's service fee rate on trades (a fraction), printed in 服务费（元） */
    feeRate: opts.feeRate ?? 0.006,
    /** how long a bill_download_url serves (Alipay: 30 s) */
    billUrlTtlMs: 30_000,
    /** days ("yyyy-MM-dd", or "*" for every day) whose bill is not generated yet: answered isp.bill_not_exist */
    billNotReady: new Set(),
    /**
     * Rows at Alipay beyond the trades the simulator holds (a test crafts "at the platform but not in the store",
     * "amount differs", …): { kind: "trade"|"refund", out_trade_no, amount_cents (or amount "12.50"), trade_no?,
     * finished_at? (Beijing "yyyy-MM-dd HH:mm:ss"; its day is the bill's) or date?, created_at?, received_cents?,
     * fee_cents?, out_request_no?, subject?, buyer?, remark?, cells?: { "<header>": "raw cell" } }.
     */
    billExtras: [],
    /** every GET of a download URL: { token, at, served } */
    billDownloadsLog: [],
    /**
     * Rewrite the rows of `date`'s bill (trades + extras, normalized as billExtras describe) before it is printed:
     * `fn(rows)` returns the rows to print (or mutates them); null removes the override.
     */
    billOverride(date, fn) {
      if (fn) billOverrides.set(date, fn)
      else billOverrides.delete(date)
      return sim
    },
    /** The bill's rows and files for `date` as they would be served now (UTF-8 texts), and the ZIP bytes. */
    async bill(date) {
      const rows = billRows(date)
      return { rows, ...billFiles(date, rows), zip: await billZip(date, rows) }
    },
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
    /** the buyer pays: trade succeeds and a signed notify is delivered (retried per retryDelaysMs); `at` dates the payment */
    async pay(outTradeNo, { notify = true, variant, at } = {}) {
      const t = sim.scan(outTradeNo)
      if (t.status !== "WAIT_BUYER_PAY") return { paid: false, trade: t }
      t.status = "TRADE_SUCCESS"
      // `at`: when the buyer paid (a Date; default now), e.g. yesterday for a bill test
      t.gmt_payment = beijing(at ?? new Date())
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
