/**
 * WeChat Pay v3 trade bill (交易账单) reader.
 *
 * `GET /v3/bill/tradebill?bill_date=…&bill_type=ALL[&tar_type=GZIP]` returns a download_url whose (signed) GET yields
 * the bill, gzip-compressed when tar_type=GZIP, UTF-8. Layout: a header row without backticks, every data and summary
 * value prefixed with a backtick (against spreadsheet mangling), comma-separated, LF lines; the last two lines are the
 * summary header (`总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额`) and its
 * values. Columns differ by bill_type (SUCCESS drops the refund columns, REFUND adds 退款申请时间/退款成功时间) and for
 * accounts on the old format (总金额, 代金券或立减优惠金额, 子商户号 …), so cells are read by header name. 手续费 has 5
 * decimals and is negative on refund rows. Sources (../shared/reference/settlement-statistics-export.md §2):
 * wechatpay-apiv3/wechatpay-java `GetTradeBillRequest.java` and `BillDownloadServiceExtension.java`;
 * Wechat-Group/weixin-java-tools `WxPayBillResultTest.java`; pay.weixin.qq.com/docs/merchant/apis/bill-download/
 * trade-bill/get-trade-bill.html.
 */
import type { Readable } from "node:stream"
import { pipeline } from "node:stream"
import { createGunzip } from "node:zlib"
import {
  abs,
  type ByteSource,
  columnFinder,
  decimalTextToMinor,
  decodeText,
  firstFilled,
  headerIndex,
  parsedBill,
  peek,
  rawOf,
  shanghaiToIso,
  splitCsvLine,
  textLines,
} from "./common"
import type { BillRow, BillRowStatus, BillSummary, ParsedBill } from "./types"

/** Splits a data line: every value starts with a backtick, so `,\`` separates values even when one holds a comma or a quote (商户数据包 JSON). */
function splitBacktickLine(line: string): string[] {
  if (line.startsWith("`")) return line.slice(1).split(",`")
  return splitCsvLine(line).map((c) => c.replace(/^`/, ""))
}

const trim = (s: string | undefined) => (s ?? "").trim()

function refundStatus(s: string): BillRowStatus {
  switch (s.toUpperCase()) {
    case "SUCCESS":
      return "refunded"
    case "PROCESSING":
    case "":
      return "refund_pending"
    default:
      return "failed" // FAIL, CHANGE (abnormal, money returned to the merchant), REFUNDCLOSE (v2)
  }
}

function tradeStatus(s: string): BillRowStatus {
  switch (s.toUpperCase()) {
    case "SUCCESS":
      return "paid"
    case "REVOKED":
    case "CLOSED":
    case "NOTPAY":
      return "closed"
    default:
      return "failed" // PAYERROR and anything undocumented
  }
}

const SUMMARY_FIRST = "总交易单数"

type Columns = {
  state: number
  refundId: number
  outRefundNo: number
  currency: number
  txn: number
  out: number
  time: number
  refundTime: number
  refundAppliedTime: number
  refundStatus: number
  orderAmount: number[]
  refundAmount: number[]
  settled: number
  refunded: number
  fee: number
}

function columnsOf(header: string[]): Columns {
  const col = columnFinder(header)
  const present = (...labels: string[]) => labels.map((l) => col(l)).filter((i) => i !== -1)
  return {
    state: col("交易状态"),
    refundId: col("微信退款单号"),
    outRefundNo: col("商户退款单号"),
    currency: col("货币种类"),
    txn: col("微信订单号"),
    out: col("商户订单号"),
    time: col("交易时间"),
    refundTime: col("退款成功时间"),
    refundAppliedTime: col("退款申请时间"),
    refundStatus: col("退款状态"),
    orderAmount: present("订单金额", "总金额", "应结订单金额"),
    refundAmount: present("申请退款金额", "退款金额"),
    settled: col("应结订单金额"),
    refunded: col("退款金额"),
    fee: col("手续费"),
  }
}

/** The rows of the decompressed bill text; fills `summaryOut` from the two summary lines. */
async function* billRows(chunks: AsyncIterable<string>, summaryOut: { value: BillSummary | null }): AsyncGenerator<BillRow> {
  let header: string[] | null = null
  let columns: Columns | null = null
  let summaryHeader: string[] | null = null
  for await (const { line, text } of textLines(chunks)) {
    if (text.trim() === "") continue
    if (!header || !columns) {
      header = splitCsvLine(text.replace(/^\ufeff/, "")).map((h) => h.trim().replace(/^`/, ""))
      columns = columnsOf(header)
      if (columns.time === -1 || columns.state === -1 || columns.out === -1) {
        throw new Error(`WeChat Pay bill line ${line}: not a trade bill header (expected 交易时间,…,商户订单号,…,交易状态,…; got "${text.slice(0, 80)}")`)
      }
      continue
    }
    if (summaryHeader) {
      summaryOut.value = readSummary(summaryHeader, splitBacktickLine(text), line)
      summaryHeader = null
      continue
    }
    if (text.charCodeAt(0) !== 96 /* ` */ && trim(text.split(",")[0]) === SUMMARY_FIRST) {
      summaryHeader = splitCsvLine(text).map((h) => h.trim())
      continue
    }
    yield toRow(header, columns, splitBacktickLine(text).map((c) => c.trim()), line)
  }
  if (!header) throw new Error("WeChat Pay bill: the file is empty")
}

function toRow(header: string[], c: Columns, cells: string[], line: number): BillRow {
  const at = (i: number) => (i === -1 ? "" : cells[i] ?? "")
  const state = at(c.state).toUpperCase()
  const refundId = at(c.refundId)
  const isRefund = state === "REFUND" || (state === "" && refundId !== "" && refundId !== "0")
  const currency = (at(c.currency) || "CNY").toUpperCase()
  const money = (i: number) => (i === -1 || at(i) === "" ? null : decimalTextToMinor(at(i), currency, `WeChat Pay bill line ${line}: ${header[i]}`))
  const firstMoney = (indexes: number[]) => {
    const i = indexes.find((x) => at(x) !== "")
    return i === undefined ? null : money(i)
  }
  const amount = isRefund ? firstMoney(c.refundAmount) : firstMoney(c.orderAmount)
  if (amount === null) throw new Error(`WeChat Pay bill line ${line}: no amount (${isRefund ? "申请退款金额/退款金额" : "订单金额/总金额/应结订单金额"})`)
  const time = isRefund ? at(c.refundTime) || at(c.time) || at(c.refundAppliedTime) : at(c.time)
  return {
    line,
    kind: isRefund ? "refund" : "payment",
    status: isRefund ? refundStatus(at(c.refundStatus)) : tradeStatus(state),
    platform_trade_no: at(c.txn) || null,
    out_trade_no: at(c.out) || null,
    refund_no: isRefund ? refundId || null : null,
    out_refund_no: isRefund ? at(c.outRefundNo) || null : null,
    amount_minor: Math.abs(amount),
    received_minor: abs(isRefund ? money(c.refunded) : money(c.settled)),
    currency,
    fee_minor: abs(money(c.fee)),
    occurred_at: shanghaiToIso(time),
    raw: rawOf(header, cells),
  }
}

function readSummary(header: string[], cells: string[], line: number): BillSummary {
  const index = headerIndex(header)
  const v = (...labels: string[]) => firstFilled(cells.map((c) => c.trim()), index, ...labels)
  const money = (...labels: string[]) => {
    const t = v(...labels)
    return t === undefined ? null : decimalTextToMinor(t, "CNY", `WeChat Pay bill line ${line}: summary ${labels[0]}`)
  }
  const count = v(SUMMARY_FIRST)
  return {
    payment_count: null,
    refund_count: null,
    payment_total_minor: money("订单总金额", "总交易额"),
    refund_total_minor: abs(money("申请退款总金额", "退款总金额", "总退款金额")),
    fee_total_minor: abs(money("手续费总金额")),
    payment_received_total_minor: money("应结订单总金额"),
    refund_received_total_minor: abs(money("退款总金额", "总退款金额")),
    row_count: count !== undefined && /^\d+$/.test(count.trim()) ? Number(count.trim()) : null,
  }
}

/** Gunzips a byte source when it starts with the gzip magic bytes 1f 8b; otherwise passes it through. */
async function* maybeGunzip(source: ByteSource, force: boolean): AsyncGenerator<Buffer> {
  const { head, all } = await peek(source, 2)
  const gz = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b
  if (force && !gz) throw new Error("WeChat Pay bill: not a gzip file (no 1f 8b magic bytes)")
  if (!gz) {
    yield* all
    return
  }
  const gunzip = createGunzip()
  pipeline(all, gunzip, () => {
    /* errors surface through gunzip's iterator */
  })
  for await (const c of gunzip) yield c as Buffer
}

/**
 * Reads a WeChat Pay v3 trade bill (bill_type ALL, SUCCESS or REFUND; also the old-format header), streaming line by
 * line. Gzip input (tar_type=GZIP, magic bytes 1f 8b) is decompressed on the fly; text is UTF-8 (a GBK file saved by
 * hand is detected and decoded too). Values are split on "," + backtick, so a 商户数据包 with commas or quotes stays one
 * cell. One BillRow per data line:
 * - 交易状态 SUCCESS → payment "paid"; REVOKED (also CLOSED/NOTPAY) → payment "closed"; PAYERROR/other → "failed";
 *   REFUND → a refund row whose status follows 退款状态: SUCCESS → "refunded", PROCESSING → "refund_pending",
 *   FAIL/CHANGE → "failed" (a refund is billed once, when initiated: its final state needs the refund query API);
 * - `platform_trade_no` 微信订单号, `out_trade_no` 商户订单号, refund rows `refund_no` 微信退款单号 and
 *   `out_refund_no` 商户退款单号 (payment rows print `0` there: null);
 * - payments: `amount_minor` 订单金额 (old format 总金额, else 应结订单金额), `received_minor` 应结订单金额 (订单金额 minus
 *   免充值 coupons; null in the old format); refunds: `amount_minor` 申请退款金额 (else 退款金额), `received_minor` 退款金额;
 * - `fee_minor` |手续费|: the bill prints 5 decimals, rounded here once per row to the currency's minor unit, half-up
 *   (half away from zero: 0.00500 → 1 fen); a refund row's negative fee (given back) becomes positive;
 * - `currency` 货币种类 (CNY); `occurred_at` 交易时间 (refunds: 退款成功时间 when the REFUND bill has it), Asia/Shanghai →
 *   ISO UTC. All amounts integer minor units, parsed exactly.
 * `summary()` (after the rows were read) from the last two lines: `row_count` 总交易单数, `payment_total_minor` 订单总金额
 * (old: 总交易额), `refund_total_minor` 申请退款总金额 (else 退款总金额), `payment_received_total_minor` 应结订单总金额,
 * `refund_received_total_minor` 退款总金额, `fee_total_minor` |手续费总金额| (5 decimals, rounded once, half-up);
 * payment/refund counts null (not printed); null when the file has no summary lines.
 * @throws Error (thrown while `rows` is iterated) when the first line is not a trade bill header, a row has no amount
 *   or a money cell is not a decimal (the message names the line and column), or the gzip data is corrupt
 */
export function parseWechatTradeBill(csv: Buffer | Readable): ParsedBill {
  const summary: { value: BillSummary | null } = { value: null }
  return parsedBill(
    () => billRows(decodeText(maybeGunzip(csv, false)), summary),
    () => summary.value,
  )
}

/**
 * `parseWechatTradeBill` for the `.gz` file a merchant uploads by hand (tar_type=GZIP).
 * @throws Error when the input does not start with the gzip magic bytes, and as `parseWechatTradeBill`
 */
export function parseWechatTradeBillGzip(buf: Buffer | Readable): ParsedBill {
  const summary: { value: BillSummary | null } = { value: null }
  return parsedBill(
    () => billRows(decodeText(maybeGunzip(buf, true)), summary),
    () => summary.value,
  )
}
