/**
 * Alipay `trade` bill (业务明细) reader.
 *
 * The file `alipay.data.dataservice.bill.downloadurl.query` (bill_type=trade) points at is a ZIP (`csv.zip`) holding
 * `<pid>0156_<yyyyMMdd>_业务明细.csv` and `<pid>0156_<yyyyMMdd>_业务明细(汇总).csv`; entry names and contents are GBK
 * and the names lack the ZIP UTF-8 flag. The detail file is framed by `#` comment lines (title, account, period,
 * section delimiters, `#交易合计：N笔，商家实收共X元…`, `#退款合计：…`, export time); every id cell ends in a TAB
 * (against spreadsheet mangling); the 25-column header uses full-width `（元）`; refund rows repeat the trade's ids
 * with negative amounts and carry the refund's out_request_no in `退款批次号/请求号`. Sources (see
 * ../shared/reference/settlement-statistics-export.md §1.2): dromara/dax-pay `AlipayReconcileService.java`,
 * `AlipayReconcileBillDetail.java`, `AlipayReconcileBillTotal.java`; the Go SDK's bill reader; alipay-sdk-java-all
 * `AlipayDataDataserviceBillDownloadurlApi.md`.
 */
import type { Readable } from "node:stream"
import * as iconv from "iconv-lite"
import * as yauzl from "yauzl"
import {
  abs,
  type ByteSource,
  cellOf,
  columnFinder,
  decimalTextToMinor,
  decodeText,
  headerIndex,
  isValidUtf8,
  parsedBill,
  rawOf,
  readAll,
  shanghaiToIso,
} from "./common"
import { fastCsvRecords } from "./csv-records"
import type { BillRow, BillSummary, ParsedBill } from "./types"

const CURRENCY = "CNY"

const COL = {
  tradeNo: "支付宝交易号",
  outTradeNo: "商户订单号",
  type: "业务类型",
  created: "创建时间",
  finished: "完成时间",
  amount: "订单金额（元）",
  received: "商家实收（元）",
  refundBatch: "退款批次号/请求号",
  refundBatchShort: "退款批次号",
  fee: "服务费（元）",
}

/** Totals read from the detail file's comment lines and the (汇总) file's 合计 row. */
type AlipayTotals = {
  tradeCount: number | null
  tradeReceived: number | null
  refundCount: number | null
  refundReceived: number | null
  summaryTradeCount: number | null
  summaryRefundCount: number | null
  summaryFee: number | null
}

function emptyTotals(): AlipayTotals {
  return { tradeCount: null, tradeReceived: null, refundCount: null, refundReceived: null, summaryTradeCount: null, summaryRefundCount: null, summaryFee: null }
}

function toSummary(t: AlipayTotals): BillSummary | null {
  const s: BillSummary = {
    payment_count: t.tradeCount ?? t.summaryTradeCount,
    refund_count: t.refundCount ?? t.summaryRefundCount,
    payment_total_minor: null,
    refund_total_minor: null,
    fee_total_minor: abs(t.summaryFee),
    payment_received_total_minor: abs(t.tradeReceived),
    refund_received_total_minor: abs(t.refundReceived),
  }
  return Object.values(s).every((v) => v === null) ? null : s
}

const TRADE_TOTAL = /^#\s*交易合计[:：]\s*(\d+)\s*笔[,，]\s*商家实收共\s*(-?[\d.]+)\s*元/
const REFUND_TOTAL = /^#\s*退款合计[:：]\s*(\d+)\s*笔[,，]\s*商家实收退款共\s*(-?[\d.]+)\s*元/

/** Trims spaces and the TABs Alipay appends to id cells. */
function clean(cell: string | undefined): string {
  return cell === undefined ? "" : cell.trim() // String#trim covers TAB, NBSP and the BOM
}

/**
 * The detail CSV's records → BillRows, collecting the comment-line totals into `totals`. Shared by the ZIP reader and
 * the bare-CSV upload.
 */
async function* detailRows(chunks: AsyncIterable<string>, totals: AlipayTotals): AsyncGenerator<BillRow> {
  let header: string[] | null = null
  let c: Record<"tradeNo" | "outTradeNo" | "type" | "time" | "created" | "amount" | "received" | "refundBatch" | "fee", number> | null = null
  for await (const { line, cells: rawCells } of fastCsvRecords(chunks)) {
    const first = clean(rawCells[0])
    if (first.startsWith("#")) {
      const text = rawCells.join(",")
      let m = TRADE_TOTAL.exec(text)
      if (m) {
        totals.tradeCount = Number(m[1])
        totals.tradeReceived = decimalTextToMinor(m[2], CURRENCY, `Alipay bill line ${line}: 交易合计`)
      }
      m = REFUND_TOTAL.exec(text)
      if (m) {
        totals.refundCount = Number(m[1])
        totals.refundReceived = decimalTextToMinor(m[2], CURRENCY, `Alipay bill line ${line}: 退款合计`)
      }
      continue
    }
    const cells = rawCells.map(clean)
    if (!header || !c) {
      if (cells.includes(COL.tradeNo) || (cells.includes(COL.type) && cells.includes(COL.outTradeNo))) {
        header = cells
        const col = columnFinder(header)
        c = {
          tradeNo: col(COL.tradeNo),
          outTradeNo: col(COL.outTradeNo),
          type: col(COL.type),
          time: col(COL.finished),
          created: col(COL.created),
          amount: col(COL.amount),
          received: col(COL.received),
          refundBatch: col(COL.refundBatch, COL.refundBatchShort),
          fee: col(COL.fee),
        }
        const missing = [
          [COL.outTradeNo, c.outTradeNo],
          [COL.type, c.type],
          [COL.amount, c.amount],
        ].filter(([, i]) => i === -1)
        if (missing.length) throw new Error(`Alipay bill line ${line}: the header has no column ${missing.map(([n]) => n).join(", ")}`)
      }
      continue
    }
    if (cells.every((x) => x === "")) continue
    const type = cells[c.type] ?? ""
    const kind = type === "交易" ? "payment" : type === "退款" ? "refund" : null
    if (!kind) continue // other business types (none documented for bill_type=trade) are not trades of the store
    const money = (i: number, label: string) => (i === -1 ? null : decimalTextToMinor(cells[i] ?? "", CURRENCY, `Alipay bill line ${line}: ${label}`))
    const amount = money(c.amount, COL.amount)
    if (amount === null) throw new Error(`Alipay bill line ${line}: ${COL.amount} is empty`)
    const at = (i: number) => (i === -1 ? null : cells[i] || null)
    yield {
      line,
      kind,
      status: kind === "payment" ? "paid" : "refunded",
      platform_trade_no: at(c.tradeNo),
      out_trade_no: at(c.outTradeNo),
      refund_no: null,
      out_refund_no: kind === "refund" ? at(c.refundBatch) : null,
      amount_minor: Math.abs(amount),
      received_minor: abs(money(c.received, COL.received)),
      currency: CURRENCY,
      fee_minor: abs(money(c.fee, COL.fee)),
      occurred_at: shanghaiToIso(at(c.time) ?? at(c.created)),
      raw: rawOf(header, cells),
    }
  }
  if (!header) throw new Error(`Alipay bill: no header row (${COL.tradeNo},${COL.outTradeNo},${COL.type},…) found`)
}

/** The (汇总) file: one row per store plus a `合计` row; its counts and 服务费 go into the totals. */
async function readSummaryEntry(chunks: AsyncIterable<string>, totals: AlipayTotals): Promise<void> {
  let index: Map<string, number> | null = null
  for await (const { cells: rawCells } of fastCsvRecords(chunks)) {
    const cells = rawCells.map(clean)
    if (cells[0]?.startsWith("#")) continue
    if (!index) {
      if (cells.includes("门店编号") || cells.includes("交易订单总笔数")) index = headerIndex(cells)
      continue
    }
    if (cells[0] !== "合计") continue
    const count = (label: string) => {
      const v = clean(cellOf(cells, index!, label))
      return /^\d+$/.test(v) ? Number(v) : null
    }
    totals.summaryTradeCount = count("交易订单总笔数")
    totals.summaryRefundCount = count("退款订单总笔数")
    const fee = cellOf(cells, index, COL.fee)
    totals.summaryFee = fee === undefined ? null : decimalTextToMinor(fee, CURRENCY, "Alipay summary 服务费")
  }
}

function openZip(buf: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(buf, { lazyEntries: true, decodeStrings: false }, (err, zf) => (err ? reject(new Error(`Alipay bill: not a ZIP file (${err.message})`)) : resolve(zf))),
  )
}

function listEntries(zf: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const out: yauzl.Entry[] = []
    zf.on("entry", (e: yauzl.Entry) => {
      out.push(e)
      zf.readEntry()
    })
    zf.once("end", () => resolve(out))
    zf.once("error", reject)
    zf.readEntry()
  })
}

function openEntry(zf: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zf.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream))))
}

/**
 * The readings of an entry name: UTF-8 when the ZIP flag 0x800 says so, else GBK (what Alipay writes) and, when the
 * bytes happen to be valid UTF-8, UTF-8 too (ZIPs re-packed by tools that omit the flag).
 */
export function zipEntryNames(entry: { fileName: string | Buffer; generalPurposeBitFlag: number }): string[] {
  const raw = entry.fileName
  if (typeof raw === "string") return [raw]
  if (entry.generalPurposeBitFlag & 0x800) return [raw.toString("utf8")]
  const names = [iconv.decode(raw, "gb18030")]
  if (isValidUtf8(raw)) names.push(raw.toString("utf8"))
  return names
}

const baseName = (n: string) => n.replace(/^.*[\\/]/, "")
const isSummaryName = (n: string) => /业务明细[(（]汇总[)）]\.csv$/i.test(baseName(n))
const isDetailName = (n: string) => /业务明细\.csv$/i.test(baseName(n))

/**
 * Reads Alipay's `trade` bill ZIP (`csv.zip` from the bill_download_url of `alipay.data.dataservice.bill.downloadurl.query`).
 *
 * Picks the entry ending `业务明细.csv` (not `业务明细(汇总).csv`; names decoded as GBK, the ZIP carries no UTF-8 flag),
 * streams it (yauzl entry stream → GBK decoder → streaming CSV reader), skips the `#` comment lines and maps the
 * columns by header name (the 25-column header with full-width `（元）`; variants with extra or renamed columns such as
 * `退款批次号` are accepted). One BillRow per `交易` (payment, status "paid") and `退款` (refund, status "refunded") row:
 * - ids with Alipay's trailing TAB stripped; `platform_trade_no` 支付宝交易号, `out_trade_no` 商户订单号,
 *   refund rows `out_refund_no` 退款批次号/请求号 (`refund_no` null: the bill has no Alipay refund id);
 * - `amount_minor` 订单金额（元）, `received_minor` 商家实收（元）, `fee_minor` 服务费（元） — integer fen, exact, as
 *   absolute values (refund rows are negative in the file and positive here; the fee's sign convention is unconfirmed);
 * - `occurred_at` 完成时间 (else 创建时间), Asia/Shanghai → ISO UTC; `currency` "CNY".
 * Rows of any other 业务类型 are skipped.
 *
 * `summary()` (after the rows were read): counts and 商家实收 totals from `#交易合计：N笔，商家实收共X元…` /
 * `#退款合计：…` (`payment_received_total_minor` / `refund_received_total_minor`, positive), counts missing there and
 * the net 服务费 (`fee_total_minor`, absolute) from the `合计` row of the (汇总) entry; `payment_total_minor` /
 * `refund_total_minor` are null (the bill prints no 订单金额 totals per kind); null when the files carry no totals.
 *
 * The ZIP itself is read into memory (a ZIP needs random access to its central directory; a day's bill compresses to
 * a few MB), the CSV inside is decompressed and parsed streaming.
 * @throws Error when the input is not a ZIP, has no `…业务明细.csv` entry, the detail has no header row, or a money
 *   cell is not a decimal (the message names the line and column) — thrown while `rows` is iterated
 */
export function parseAlipayTradeBill(zip: Buffer | Readable): ParsedBill {
  const totals = emptyTotals()
  return parsedBill(
    async function* () {
      const zf = await openZip(await readAll(zip))
      try {
        const entries = await listEntries(zf)
        const named = entries.map((e) => ({ e, names: zipEntryNames(e) }))
        const detail = named.find((x) => x.names.some((n) => isDetailName(n) && !isSummaryName(n)))
        const summary = named.find((x) => x.names.some(isSummaryName))
        if (!detail) {
          const list = named.map((x) => x.names[0]).join(", ")
          throw new Error(`Alipay bill ZIP has no …业务明细.csv entry (entries: ${list || "none"})`)
        }
        if (summary) await readSummaryEntry(decodeText(await openEntry(zf, summary.e)), totals)
        yield* detailRows(decodeText(await openEntry(zf, detail.e)), totals)
      } finally {
        zf.close()
      }
    },
    () => toSummary(totals),
  )
}

/**
 * Reads the bare `…业务明细.csv` a merchant downloaded by hand (or unzipped): the same layout and the same BillRows as
 * `parseAlipayTradeBill`, streaming. The encoding is detected: a UTF-8 BOM or valid UTF-8 in the first 64 KiB → UTF-8,
 * else GBK (decoded as GB18030, its superset). `summary()` comes from the comment lines only (no (汇总) file, so
 * `fee_total_minor` is null).
 * @throws Error as `parseAlipayTradeBill` for a file without the header row or with an unreadable money cell
 */
export function parseAlipayTradeBillCsv(text: ByteSource): ParsedBill {
  const totals = emptyTotals()
  return parsedBill(
    () => detailRows(decodeText(text), totals),
    () => toSummary(totals),
  )
}
