/**
 * Test fixtures in the platforms' real bill formats (see ../shared/reference/settlement-statistics-export.md §1–4):
 * a minimal ZIP writer (so the Alipay ZIP carries GBK entry names WITHOUT the UTF-8 flag, as Alipay's does), the
 * Alipay detail / summary CSV text and the WeChat Pay trade bill text.
 */
import { crc32, deflateRawSync } from "node:zlib"
import * as iconv from "iconv-lite"

/** A ZIP (deflated entries, no data descriptors) whose names are written as the given bytes, general purpose flag 0. */
export function zipOf(entries: Array<{ name: Buffer; data: Buffer }>): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const compressed = deflateRawSync(e.data)
    const crc = crc32(e.data) >>> 0
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed
    local.writeUInt16LE(0, 6) // flags: no UTF-8 (0x800) bit
    local.writeUInt16LE(8, 8) // deflate
    local.writeUInt16LE(0, 10)
    local.writeUInt16LE(0x21, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(compressed.length, 18)
    local.writeUInt32LE(e.data.length, 22)
    local.writeUInt16LE(e.name.length, 26)
    local.writeUInt16LE(0, 28)
    locals.push(local, e.name, compressed)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0, 8)
    central.writeUInt16LE(8, 10)
    central.writeUInt16LE(0, 12)
    central.writeUInt16LE(0x21, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(compressed.length, 20)
    central.writeUInt32LE(e.data.length, 24)
    central.writeUInt16LE(e.name.length, 28)
    central.writeUInt16LE(0, 30)
    central.writeUInt16LE(0, 32)
    central.writeUInt16LE(0, 34)
    central.writeUInt16LE(0, 36)
    central.writeUInt32LE(0, 38)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, e.name)
    offset += 30 + e.name.length + compressed.length
  }
  const cd = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, end])
}

export const gbk = (s: string) => iconv.encode(s, "gbk")

export const ALIPAY_HEADER =
  "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注"

export type AlipayFixtureRow = {
  tradeNo: string
  outTradeNo: string
  type: "交易" | "退款"
  subject?: string
  created: string
  finished: string
  amount: string
  received?: string
  refundBatch?: string
  fee?: string
}

/** One detail line as Alipay writes it: ids with a trailing TAB, 25 cells. */
export function alipayLine(r: AlipayFixtureRow): string {
  return [
    `${r.tradeNo}\t`,
    `${r.outTradeNo}\t`,
    `${r.type}\t`,
    r.subject ?? "西湖龙井 250克",
    r.created,
    r.finished,
    "\t",
    "\t",
    "\t",
    "\t",
    "*津水(602***@qq.com)\t",
    r.amount,
    r.received ?? r.amount,
    "0.00",
    "0.00",
    "0.00",
    "0.00",
    "0.00",
    "",
    "0.00\t",
    "0.00",
    `${r.refundBatch ?? ""}\t`,
    r.fee ?? "0.00",
    "0.00",
    "",
  ]
    .map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
    .join(",")
}

export function alipayDetailText(rows: AlipayFixtureRow[], totals: { trades: [number, string]; refunds: [number, string] }, header = ALIPAY_HEADER): string {
  return [
    "#支付宝业务明细查询",
    "#账号：[20880211096256330156]",
    "#起始日期：[2026年03月01日 00:00:00]   终止日期：[2026年03月02日 00:00:00]",
    "#-----------------------------------------业务明细列表----------------------------------------",
    header,
    ...rows.map(alipayLine),
    "#-----------------------------------------业务明细列表结束------------------------------------",
    `#交易合计：${totals.trades[0]}笔，商家实收共${totals.trades[1]}元，商家优惠共0.00元`,
    `#退款合计：${totals.refunds[0]}笔，商家实收退款共${totals.refunds[1]}元，商家优惠退款共0.00元`,
    "#导出时间：[2026年03月02日 05:46:49]",
    "",
  ].join("\r\n")
}

export function alipaySummaryText(t: { trades: number; refunds: number; amount: string; received: string; fee: string }): string {
  return [
    "#支付宝业务汇总查询",
    "#账号：[20880211096256330156]",
    "#起始日期：[2026年03月01日 00:00:00]   终止日期：[2026年03月02日 00:00:00]",
    "#-----------------------------------------业务汇总列表----------------------------------------",
    "门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,支付宝优惠（元）,商家优惠（元）,卡消费金额（元）,服务费（元）,分润（元）,实收净额（元）",
    `\t,\t,${t.trades},${t.refunds},${t.amount},${t.received},0.00,0.00,0.00,${t.fee},0.00,${t.received}`,
    `合计,,${t.trades},${t.refunds},${t.amount},${t.received},0.00,0.00,0.00,${t.fee},0.00,${t.received}`,
    "#-----------------------------------------业务汇总列表结束------------------------------------",
    "#导出时间：[2026年03月02日 05:46:49]",
    "",
  ].join("\r\n")
}

/** The Alipay csv.zip: GBK names and contents, no UTF-8 flag; the summary entry first, as in real files. */
export function alipayZip(detail: string, summary?: string, pid = "20880211096256330156", day = "20260301"): Buffer {
  const entries: Array<{ name: Buffer; data: Buffer }> = []
  if (summary !== undefined) entries.push({ name: gbk(`${pid}_${day}_业务明细(汇总).csv`), data: gbk(summary) })
  entries.push({ name: gbk(`${pid}_${day}_业务明细.csv`), data: gbk(detail) })
  return zipOf(entries)
}

export const WECHAT_ALL_HEADER =
  "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"

export const WECHAT_SUMMARY_HEADER = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"

/** A data line: every value prefixed with a backtick. */
export const bt = (cells: string[]) => cells.map((c) => "`" + c).join(",")

export function wechatPayment(o: { time: string; txn: string; out: string; state?: string; settle: string; total: string; fee: string; attach?: string }): string {
  return bt([o.time, "wx0000000000000001", "1900000001", "0", "", o.txn, o.out, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "JSAPI", o.state ?? "SUCCESS", "OTHERS", "CNY", o.settle, "0.00", "0", "0", "0.00", "0.00", "", "", "西湖龙井", o.attach ?? "", o.fee, "0.60%", o.total, "0.00", ""])
}

export function wechatRefund(o: { time: string; txn: string; out: string; refundId: string; outRefund: string; refund: string; applied: string; status?: string; fee: string }): string {
  return bt([o.time, "wx0000000000000001", "1900000001", "0", "", o.txn, o.out, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "JSAPI", "REFUND", "OTHERS", "CNY", "0.00", "0.00", o.refundId, o.outRefund, o.refund, "0.00", "ORIGINAL", o.status ?? "SUCCESS", "西湖龙井", "", o.fee, "0.60%", "0.00", o.applied, ""])
}
