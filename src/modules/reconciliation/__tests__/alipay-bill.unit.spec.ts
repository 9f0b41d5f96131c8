import { Readable } from "node:stream"
import * as iconv from "iconv-lite"
import * as yauzl from "yauzl"
import { parseAlipayTradeBill, parseAlipayTradeBillCsv } from "../bills/alipay"
import { collect } from "../bills/common"
import type { BillRow } from "../bills/types"
import { ALIPAY_HEADER, type AlipayFixtureRow, alipayDetailText, alipaySummaryText, alipayZip, gbk, zipOf } from "./fixtures"

const rows: AlipayFixtureRow[] = [
  { tradeNo: "2026030122001458860515315453", outTradeNo: "OM0001", type: "交易", created: "2026-03-01 10:55:16", finished: "2026-03-01 10:55:23", amount: "155.94", received: "150.00", fee: "-0.94" },
  { tradeNo: "2026030122001458860515315453", outTradeNo: "OM0001", type: "退款", created: "2026-03-01 10:55:16", finished: "2026-03-01 12:00:00", amount: "-50.00", received: "-50.00", refundBatch: "RF0001-1", fee: "0.30" },
  { tradeNo: "2026030122001458860513822558", outTradeNo: "OM0002", type: "交易", subject: "礼盒,含\"特级\"茶", created: "2026-03-01 23:59:00", finished: "2026-03-02 00:00:01", amount: "0.01", fee: "0.00" },
]
const detail = alipayDetailText(rows, { trades: [2, "150.01"], refunds: [1, "-50.00"] })
const summary = alipaySummaryText({ trades: 2, refunds: 1, amount: "105.95", received: "100.01", fee: "-0.64" })

describe("Alipay trade bill (csv.zip)", () => {
  it("the fixture is a real Alipay-style ZIP: GBK entry names without the UTF-8 flag", async () => {
    const zip = alipayZip(detail, summary)
    const names = await new Promise<Array<{ name: Buffer; flag: number }>>((resolve, reject) =>
      yauzl.fromBuffer(zip, { lazyEntries: true, decodeStrings: false }, (err, zf) => {
        if (err) return reject(err)
        const out: Array<{ name: Buffer; flag: number }> = []
        zf.on("entry", (e: yauzl.Entry) => {
          out.push({ name: e.fileName as Buffer, flag: e.generalPurposeBitFlag })
          zf.readEntry()
        })
        zf.on("end", () => resolve(out))
        zf.readEntry()
      }),
    )
    expect(names.map((n) => n.flag & 0x800)).toEqual([0, 0])
    expect(iconv.decode(names[1].name, "gbk")).toBe("20880211096256330156_20260301_业务明细.csv")
    expect(names[1].name.toString("utf8")).not.toContain("业务明细")
  })

  it("reads payments and refunds from the detail entry, not the (汇总) one", async () => {
    const bill = parseAlipayTradeBill(alipayZip(detail, summary))
    const out = await collect(bill.rows)
    expect(out).toHaveLength(3)
    expect(out[0]).toMatchObject({
      line: 6,
      kind: "payment",
      status: "paid",
      platform_trade_no: "2026030122001458860515315453",
      out_trade_no: "OM0001",
      refund_no: null,
      out_refund_no: null,
      amount_minor: 15594,
      received_minor: 15000,
      fee_minor: 94,
      currency: "CNY",
      occurred_at: "2026-03-01T02:55:23.000Z",
    })
    expect(out[0].raw["支付宝交易号"]).toBe("2026030122001458860515315453")
    expect(out[0].raw["订单金额（元）"]).toBe("155.94")
    expect(out[1]).toMatchObject({ kind: "refund", status: "refunded", out_trade_no: "OM0001", out_refund_no: "RF0001-1", amount_minor: 5000, received_minor: 5000, fee_minor: 30, occurred_at: "2026-03-01T04:00:00.000Z" })
    // a comma and quotes inside 商品名称 stay in their cell; a Shanghai time after midnight is the previous UTC day
    expect(out[2]).toMatchObject({ out_trade_no: "OM0002", amount_minor: 1, occurred_at: "2026-03-01T16:00:01.000Z" })
    expect(bill.summary()).toEqual({
      payment_count: 2,
      refund_count: 1,
      payment_total_minor: null,
      refund_total_minor: null,
      fee_total_minor: 64,
      payment_received_total_minor: 15001,
      refund_received_total_minor: 5000,
    })
  })

  it("accepts a Readable of the ZIP and a ZIP without the (汇总) entry", async () => {
    const bill = parseAlipayTradeBill(Readable.from([alipayZip(detail)]))
    expect(await collect(bill.rows)).toHaveLength(3)
    expect(bill.summary()).toMatchObject({ payment_count: 2, refund_count: 1, fee_total_minor: null, payment_received_total_minor: 15001 })
  })

  it("maps by header name: a variant with extra columns and 退款批次号", async () => {
    const header = "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号,服务费（元）,实收净额（元）,商户识别号,交易方式,备注,花呗分期手续费,花呗分期数"
    const line = (r: string[]) => r.join(",")
    const text = [
      "#支付宝业务明细查询",
      header,
      line(["2026030122000000000000000001\t", "OM0009\t", "退款", "茶", "2026-03-01 08:00:00", "2026-03-01 09:00:00", "", "", "\t", "", "英(158****66)", "-12.30", "-12.30", "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00", "0.00", "RF9\t", "0.07", "0.00", "2088100191421638", "无线支付", "", "0.00", "0"]),
      "#交易合计：0笔，商家实收共0.00元，商家优惠共0.00元",
      "#退款合计：1笔，商家实收退款共-12.30元，商家优惠退款共0.00元",
    ].join("\n")
    const bill = parseAlipayTradeBillCsv(gbk(text))
    const [r] = await collect(bill.rows)
    expect(r).toMatchObject({ kind: "refund", out_trade_no: "OM0009", out_refund_no: "RF9", amount_minor: 1230, fee_minor: 7 })
    expect(bill.summary()).toMatchObject({ payment_count: 0, refund_count: 1, refund_received_total_minor: 1230 })
  })

  it("bare CSV upload: GBK, UTF-8 and UTF-8 with BOM give the same rows", async () => {
    const variants = [gbk(detail), Buffer.from(detail, "utf8"), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(detail, "utf8")])]
    const results: BillRow[][] = []
    for (const v of variants) {
      const bill = parseAlipayTradeBillCsv(Readable.from(chunks(v, 7)))
      results.push(await collect(bill.rows))
      expect(bill.summary()).toMatchObject({ payment_count: 2, refund_count: 1 })
    }
    expect(results[1]).toEqual(results[0])
    expect(results[2]).toEqual(results[0])
    expect(results[0][0].raw["商品名称"]).toBe("西湖龙井 250克")
  })

  it("errors: not a ZIP, no detail entry, no header, an unreadable amount (naming line and column)", async () => {
    await expect(collect(parseAlipayTradeBill(Buffer.from("hello")).rows)).rejects.toThrow(/not a ZIP/)
    const other = zipOf([{ name: gbk("20880211096256330156_20260301_账务明细.csv"), data: gbk("#x\n") }])
    await expect(collect(parseAlipayTradeBill(other).rows)).rejects.toThrow(/业务明细\.csv.*账务明细/)
    await expect(collect(parseAlipayTradeBillCsv(gbk("#支付宝业务明细查询\n#导出时间\n")).rows)).rejects.toThrow(/no header row/)
    const bad = alipayDetailText([{ ...rows[0], amount: "1O.00" }], { trades: [1, "1"], refunds: [0, "0"] })
    await expect(collect(parseAlipayTradeBillCsv(gbk(bad)).rows)).rejects.toThrow(/line 6: 订单金额（元） "1O.00" is not a decimal number/)
    const bad2 = [ALIPAY_HEADER, ["a\t", "b\t", "交易", "", "", "", "", "", "", "", "", "x.y"].join(",")].join("\n")
    await expect(collect(parseAlipayTradeBillCsv(gbk(bad2)).rows)).rejects.toThrow(/line 2: 订单金额（元） "x\.y" is not a decimal/)
  })

  it("summary() is refused before the rows were read, and rows can be read once", async () => {
    const bill = parseAlipayTradeBill(alipayZip(detail, summary))
    expect(() => bill.summary()).toThrow(/after all its rows/)
    await collect(bill.rows)
    expect(() => bill.rows[Symbol.asyncIterator]()).toThrow(/only once/)
  })
})

function* chunks(buf: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size)
}
