import { Readable } from "node:stream"
import { createGzip } from "node:zlib"
import * as iconv from "iconv-lite"
import { parseAlipayTradeBill } from "../bills/alipay"
import type { BillRow } from "../bills/types"
import { parseWechatTradeBill } from "../bills/wechatpay"
import { ALIPAY_HEADER, WECHAT_ALL_HEADER, WECHAT_SUMMARY_HEADER, alipayLine, bt, wechatPayment, zipOf } from "./fixtures"

const N = 100_000
/** generous for a loaded CI machine: unloaded, each bill parses in about a second */
const TIMEOUT = 30_000
/** row i's amount: 1.00 … 1000.99, as text and in fen */
const amountText = (i: number) => `${(i % 1000) + 1}.${String(i % 100).padStart(2, "0")}`
const amountFen = (i: number) => ((i % 1000) + 1) * 100 + (i % 100)

describe("100,000-row bills are parsed streaming", () => {
  it("WeChat Pay: a gzip stream generated on the fly is consumed as it is produced (never held whole)", async () => {
    let expected = 0
    let generated = 0
    async function* lines(): AsyncGenerator<Buffer> {
      yield Buffer.from(WECHAT_ALL_HEADER + "\n")
      let batch: string[] = []
      for (let i = 0; i < N; i++) {
        expected += amountFen(i)
        batch.push(wechatPayment({ time: "2026-03-01 12:00:00", txn: `42000000012026030${String(i).padStart(11, "0")}`, out: `OM${i}`, settle: amountText(i), total: amountText(i), fee: "0.01000" }))
        if (batch.length === 1000) {
          generated += batch.length
          yield Buffer.from(batch.join("\n") + "\n")
          batch = []
        }
      }
      generated += batch.length
      if (batch.length) yield Buffer.from(batch.join("\n") + "\n")
      yield Buffer.from(`${WECHAT_SUMMARY_HEADER}\n${bt([String(N), "0", "0.00", "0.00", "1000.00000", "0", "0.00"])}\n`)
    }
    const gz = Readable.from(lines()).pipe(createGzip())
    const bill = parseWechatTradeBill(gz)
    let count = 0
    let sum = 0
    let fees = 0
    let lead = 0
    for await (const r of bill.rows) {
      count++
      sum += r.amount_minor
      fees += r.fee_minor ?? 0
      lead = Math.max(lead, generated - count)
    }
    expect(count).toBe(N)
    expect(sum).toBe(expected)
    expect(fees).toBe(N)
    // back-pressure: the generator never ran far ahead of the rows read (a parser reading the whole file first would
    // let it run N ahead)
    expect(lead).toBeLessThan(N / 4)
    expect(bill.summary()).toMatchObject({ row_count: N, fee_total_minor: 100_000 })
  }, TIMEOUT)

  it("Alipay: a csv.zip of 100,000 GBK rows", async () => {
    let expected = 0
    // the GBK bytes of one line with ASCII placeholders, as latin1 text: rows are made by ASCII replacement (fast)
    const template = iconv
      .encode(alipayLine({ tradeNo: "@TRADE@", outTradeNo: "@OUT@", type: "交易", created: "2026-03-01 12:00:00", finished: "2026-03-01 12:00:05", amount: "@AMT@", fee: "0.01" }), "gbk")
      .toString("latin1")
    const parts: Buffer[] = [iconv.encode(`#支付宝业务明细查询\r\n#账号：[20880211096256330156]\r\n${ALIPAY_HEADER}\r\n`, "gbk")]
    let batch: string[] = []
    for (let i = 0; i < N; i++) {
      expected += amountFen(i)
      batch.push(template.replace("@TRADE@", `2026030122${String(i).padStart(18, "0")}`).replace("@OUT@", `OM${i}`).replace(/@AMT@/g, amountText(i)))
      if (batch.length === 2000) {
        parts.push(Buffer.from(batch.join("\r\n") + "\r\n", "latin1"))
        batch = []
      }
    }
    parts.push(iconv.encode(`#交易合计：${N}笔，商家实收共${(expected / 100).toFixed(2)}元，商家优惠共0.00元\r\n#退款合计：0笔，商家实收退款共0.00元，商家优惠退款共0.00元\r\n`, "gbk"))
    const zip = zipOf([{ name: iconv.encode("20880211096256330156_20260301_业务明细.csv", "gbk"), data: Buffer.concat(parts) }])
    parts.length = 0
    const bill = parseAlipayTradeBill(zip)
    let count = 0
    let sum = 0
    let received = 0
    let first: BillRow | null = null
    for await (const r of bill.rows) {
      first ??= r
      count++
      sum += r.amount_minor
      received += r.received_minor ?? 0
    }
    expect(count).toBe(N)
    expect(sum).toBe(expected)
    expect(received).toBe(expected)
    expect(first).toMatchObject({ platform_trade_no: "2026030122000000000000000000", out_trade_no: "OM0", kind: "payment", amount_minor: 100 })
    expect(first!.raw["对方账户"]).toBe("*津水(602***@qq.com)")
    expect(bill.summary()).toMatchObject({ payment_count: N, refund_count: 0, payment_received_total_minor: expected })
  }, TIMEOUT)
})
