import { Readable } from "node:stream"
import { gzipSync } from "node:zlib"
import * as iconv from "iconv-lite"
import { collect } from "../bills/common"
import { parseWechatTradeBill, parseWechatTradeBillGzip } from "../bills/wechatpay"
import { WECHAT_ALL_HEADER, WECHAT_SUMMARY_HEADER, bt, wechatPayment, wechatRefund } from "./fixtures"

const allBill = [
  WECHAT_ALL_HEADER,
  wechatPayment({ time: "2026-03-01 08:35:41", txn: "4200000001202603010000000001", out: "OM0001", settle: "6.00", total: "6.00", fee: "0.04000" }),
  // 商户数据包 with commas and quotes (JSON) stays one cell
  wechatPayment({ time: "2026-03-01 09:00:00", txn: "4200000001202603010000000002", out: "OM0002", settle: "95.00", total: "100.00", fee: "0.57000", attach: '{"statement_id":"5617363390111199232","a":1}' }),
  wechatRefund({ time: "2026-03-01 10:06:33", txn: "4200000001202603010000000001", out: "OM0001", refundId: "50302709992026030100000000001", outRefund: "RF0001-1", refund: "2.00", applied: "2.00", fee: "-0.01200" }),
  wechatRefund({ time: "2026-03-01 11:00:00", txn: "4200000001202603010000000002", out: "OM0002", refundId: "50302709992026030100000000002", outRefund: "RF0002-1", refund: "10.00", applied: "10.00", status: "PROCESSING", fee: "-0.06000" }),
  wechatRefund({ time: "2026-03-01 12:00:00", txn: "4200000001202603010000000002", out: "OM0002", refundId: "50302709992026030100000000003", outRefund: "RF0002-2", refund: "1.00", applied: "1.00", status: "CHANGE", fee: "-0.00600" }),
  wechatPayment({ time: "2026-03-01 23:10:00", txn: "4200000001202603010000000003", out: "OM0003", state: "REVOKED", settle: "0.00", total: "8.80", fee: "0.00000" }),
  WECHAT_SUMMARY_HEADER,
  bt(["6", "101.00", "13.00", "0.00", "0.53200", "114.80", "13.00"]),
  "",
].join("\n")

describe("WeChat Pay v3 trade bill", () => {
  it("ALL: backticks stripped, statuses, amounts, 5-decimal fees rounded half-up once, summary", async () => {
    const bill = parseWechatTradeBill(Buffer.from(allBill, "utf8"))
    const rows = await collect(bill.rows)
    expect(rows.map((r) => [r.line, r.kind, r.status])).toEqual([
      [2, "payment", "paid"],
      [3, "payment", "paid"],
      [4, "refund", "refunded"],
      [5, "refund", "refund_pending"],
      [6, "refund", "failed"],
      [7, "payment", "closed"],
    ])
    expect(rows[0]).toMatchObject({
      platform_trade_no: "4200000001202603010000000001",
      out_trade_no: "OM0001",
      refund_no: null,
      out_refund_no: null,
      amount_minor: 600,
      received_minor: 600,
      fee_minor: 4,
      currency: "CNY",
      occurred_at: "2026-03-01T00:35:41.000Z",
    })
    expect(rows[0].raw["交易状态"]).toBe("SUCCESS")
    expect(rows[0].raw["微信订单号"]).toBe("4200000001202603010000000001")
    // 订单金额 (100.00) is the amount, 应结订单金额 (95.00, after a 免充值 coupon) what was received; 0.57000 → 57
    expect(rows[1]).toMatchObject({ amount_minor: 10000, received_minor: 9500, fee_minor: 57 })
    expect(rows[1].raw["商户数据包"]).toBe('{"statement_id":"5617363390111199232","a":1}')
    // refund: amount from 申请退款金额, negative fee given back → positive, -0.01200 → 1 fen; -0.00600 → 1 fen (half-up)
    expect(rows[2]).toMatchObject({ refund_no: "50302709992026030100000000001", out_refund_no: "RF0001-1", out_trade_no: "OM0001", amount_minor: 200, received_minor: 200, fee_minor: 1 })
    expect(rows[4].fee_minor).toBe(1)
    expect(rows[5]).toMatchObject({ out_trade_no: "OM0003", amount_minor: 880, received_minor: 0, occurred_at: "2026-03-01T15:10:00.000Z" })
    expect(bill.summary()).toEqual({
      payment_count: null,
      refund_count: null,
      row_count: 6,
      payment_total_minor: 11480,
      refund_total_minor: 1300,
      fee_total_minor: 53,
      payment_received_total_minor: 10100,
      refund_received_total_minor: 1300,
    })
  })

  it("gzip (tar_type=GZIP): detected by magic bytes, also streamed in small chunks; parseWechatTradeBillGzip requires it", async () => {
    const gz = gzipSync(Buffer.from(allBill, "utf8"))
    const a = await collect(parseWechatTradeBill(gz).rows)
    const b = await collect(parseWechatTradeBill(Readable.from(chunksOf(gz, 5))).rows)
    const c = parseWechatTradeBillGzip(gz)
    const cRows = await collect(c.rows)
    expect(a).toHaveLength(6)
    expect(b).toEqual(a)
    expect(cRows).toEqual(a)
    expect(c.summary()?.row_count).toBe(6)
    await expect(collect(parseWechatTradeBillGzip(Buffer.from(allBill)).rows)).rejects.toThrow(/not a gzip file/)
    await expect(collect(parseWechatTradeBill(gz.subarray(0, gz.length - 12)).rows)).rejects.toThrow()
  })

  it("SUCCESS bill (no refund columns) and REFUND bill (退款申请时间/退款成功时间) map by header name", async () => {
    const success = [
      "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,订单金额,费率备注",
      bt(["2026-03-01 08:00:00", "wx1", "1900000001", "0", "", "4200000009", "OM0009", "o1", "NATIVE", "SUCCESS", "CMB_CREDIT", "CNY", "12.34", "0.00", "茶", "", "0.07404", "0.60%", "12.34", ""]),
      "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额",
      bt(["1", "12.34", "0.00", "0.00", "0.07404", "12.34", "0.00"]),
    ].join("\r\n")
    const s = parseWechatTradeBill(Buffer.from(success))
    expect(await collect(s.rows)).toEqual([expect.objectContaining({ kind: "payment", status: "paid", amount_minor: 1234, fee_minor: 7, out_trade_no: "OM0009" })])
    expect(s.summary()).toMatchObject({ row_count: 1, payment_total_minor: 1234, fee_total_minor: 7 })

    const refund = [
      "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,退款申请时间,退款成功时间,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注",
      bt(["2026-02-27 20:00:00", "wx1", "1900000001", "0", "", "4200000008", "OM0008", "o1", "JSAPI", "REFUND", "OTHERS", "CNY", "0.00", "0.00", "2026-03-01 09:00:00", "2026-03-01 09:00:05", "5030000008", "RF0008-1", "3.00", "0.00", "ORIGINAL", "SUCCESS", "茶", "", "-0.01800", "0.60%", "0.00", "3.00", ""]),
    ].join("\n")
    const r = await collect(parseWechatTradeBill(Buffer.from(refund)).rows)
    expect(r[0]).toMatchObject({ kind: "refund", status: "refunded", amount_minor: 300, fee_minor: 2, refund_no: "5030000008", out_refund_no: "RF0008-1", occurred_at: "2026-03-01T01:00:05.000Z" })
  })

  it("old-format header (总金额, 代金券或立减优惠金额, 子商户号) and its summary", async () => {
    const old = [
      "交易时间,公众账号ID,商户号,子商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,总金额,代金券或立减优惠金额,微信退款单号,商户退款单号,退款金额,代金券或立减优惠退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率",
      bt(["2026-03-01 08:00:00", "wx1", "1900000001", "", "", "4200000007", "OM0007", "o1", "JSAPI", "SUCCESS", "CFT", "CNY", "20.00", "0.00", "0", "0", "0", "0", "", "", "茶", "", "0.12000", "0.60%"]),
      bt(["2026-03-01 09:00:00", "wx1", "1900000001", "", "", "4200000007", "OM0007", "o1", "JSAPI", "REFUND", "CFT", "CNY", "0.00", "0.00", "5030000007", "RF0007-1", "5.00", "0.00", "ORIGINAL", "SUCCESS", "茶", "", "-0.03000", "0.60%"]),
      "总交易单数,总交易额,总退款金额,总代金券或立减优惠退款金额,手续费总金额",
      bt(["2", "20.00", "5.00", "0.00", "0.09000"]),
    ].join("\n")
    const bill = parseWechatTradeBill(Buffer.from(old))
    const rows = await collect(bill.rows)
    expect(rows[0]).toMatchObject({ kind: "payment", amount_minor: 2000, received_minor: null, fee_minor: 12 })
    expect(rows[1]).toMatchObject({ kind: "refund", amount_minor: 500, received_minor: 500, fee_minor: 3 })
    expect(bill.summary()).toMatchObject({ row_count: 2, payment_total_minor: 2000, refund_total_minor: 500, refund_received_total_minor: 500, fee_total_minor: 9, payment_received_total_minor: null })
  })

  it("a GBK file saved by hand is decoded; a file without summary lines has summary() null", async () => {
    const text = [WECHAT_ALL_HEADER, wechatPayment({ time: "2026-03-01 08:35:41", txn: "42", out: "订单一", settle: "1.00", total: "1.00", fee: "0.01000" })].join("\n")
    const bill = parseWechatTradeBill(iconv.encode(text, "gbk"))
    expect((await collect(bill.rows))[0]).toMatchObject({ out_trade_no: "订单一", fee_minor: 1 })
    expect(bill.summary()).toBeNull()
  })

  it("errors name the line: not a trade bill, an unreadable amount", async () => {
    await expect(collect(parseWechatTradeBill(Buffer.from("记账时间,微信支付业务单号,资金流水单号\n`x,`y,`z\n")).rows)).rejects.toThrow(/line 1: not a trade bill header/)
    const bad = [WECHAT_ALL_HEADER, wechatPayment({ time: "2026-03-01 08:35:41", txn: "42", out: "OM1", settle: "1.00", total: "1,00", fee: "0.01000" })].join("\n")
    await expect(collect(parseWechatTradeBill(Buffer.from(bad)).rows)).rejects.toThrow(/line 2: 订单金额 "1,00" is not a decimal number/)
  })
})

function* chunksOf(buf: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size)
}
