import type { Writable } from "node:stream"
import { currencyDigits } from "../../../utils/money"
import { providerName } from "../labels"
import { pdfReport, pdfText } from "../writers/pdf"

/** The statistics of a period (what buildStatisticsReport returns). */
type StatisticsReport = Record<string, any>

/**
 * The sales report: the statistics page of a period (docs/statistics.md) as a printable PDF — the period, its
 * comparison and the currency; key figures against the comparison (orders, revenue net of refunds, captured,
 * refunded, paid orders, AOV, conversion, repurchase, time to pay); the series; the payment channels; the best
 * sellers; page numbers. Amounts in the report's currency (never converted). `generated` names the time and zone.
 */
export async function writeSalesPdf(out: Writable, r: StatisticsReport, locale: "en" | "zh", generated: string) {
  const zh = locale === "zh"
  const L = (en: string, cn: string) => (zh ? cn : en)
  const cur = r.currency_code as string
  const money = (minor: number | null | undefined) => (minor == null ? "—" : pdfText({ t: "money", minor, digits: currencyDigits(cur), currency: cur }, "", ""))
  const pct = (v: number | null | undefined) => (v == null ? "—" : `${(v * 100).toFixed(1)}%`)
  // durations as the statistics page shows them: seconds, then minutes or hours with at most one decimal
  const one = new Intl.NumberFormat("en", { maximumFractionDigits: 1 })
  const secs = (v: number | null | undefined) => (v == null ? "—" : v < 60 ? `${one.format(v)} s` : v < 3600 ? `${one.format(v / 60)} min` : v < 86400 ? `${one.format(v / 3600)} h` : `${one.format(v / 86400)} d`)
  const change = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null || b === 0 ? "—" : `${a >= b ? "+" : ""}${(((a - b) / b) * 100).toFixed(1)}%`)
  const doc = pdfReport(out, {
    title: L("Sales report", "销售报表"),
    lines: [
      L(`Period ${r.from} to ${r.to}, compared with ${r.comparison.from} to ${r.comparison.to} (${r.comparison.kind === "previous_year" ? "previous year" : "previous period"})`, `期间 ${r.from} 至 ${r.to}，对比 ${r.comparison.from} 至 ${r.comparison.to}（${r.comparison.kind === "previous_year" ? "去年同期" : "上一周期"}）`),
      L(`Currency ${cur.toUpperCase()} (amounts are never converted); days in ${r.time_zone}`, `币种 ${cur.toUpperCase()}（金额不做换算）；日期按 ${r.time_zone}`),
      generated,
      ...(r.pending_days ? [L(`${r.pending_days} days were still waiting to be recomputed when this was generated`, `生成时仍有 ${r.pending_days} 天等待重新计算`)] : []),
    ],
    locale,
  })
  /** a table whose column widths come from its own rows */
  const table = (headers: string[], types: Array<"text" | "int" | "money">, size: number, rows: string[][]) => doc.table(headers, types, size, rows)(rows)
  const o = r.orders
  const v = r.revenue
  const c = r.conversion
  const p = r.repurchase
  const t = r.payments
  doc.heading(L("Key figures", "关键指标"))
  table([L("Figure", "指标"), L("This period", "本期"), L("Comparison", "对比期"), L("Change", "变化")], ["text", "money", "money", "money"], 9, [
    [L("Orders placed", "下单数"), String(o.count), String(o.previous.count), change(o.count, o.previous.count)],
    [L("Canceled", "已取消"), String(o.canceled), String(o.previous.canceled), change(o.canceled, o.previous.canceled)],
    [L("Revenue (net of refunds)", "收入（扣除退款）"), money(v.paid_minor), money(v.previous.paid_minor), change(v.paid_minor, v.previous.paid_minor)],
    [L("Captured", "收款"), money(v.captured_minor), money(v.previous.captured_minor), change(v.captured_minor, v.previous.captured_minor)],
    [L("Refunded", "退款"), money(v.refunded_minor), money(v.previous.refunded_minor), change(v.refunded_minor, v.previous.refunded_minor)],
    [L("Orders paid", "支付订单数"), String(v.paid_orders), String(v.previous.paid_orders), change(v.paid_orders, v.previous.paid_orders)],
    [L("Average order value", "客单价"), money(v.aov_minor), money(v.previous.aov_minor), change(v.aov_minor, v.previous.aov_minor)],
    [L("Cart → order", "购物车转化率"), pct(c.cart_to_order_rate), pct(c.previous.cart_to_order_rate), ""],
    [L("Checkout → order", "结账转化率"), pct(c.checkout_to_order_rate), pct(c.previous.checkout_to_order_rate), ""],
    [L("Repurchase rate", "复购率"), pct(p.rate), pct(p.previous.rate), ""],
    [L("Time to pay (median / p90)", "支付用时（中位数 / p90）"), `${secs(t.time_to_pay_p50_seconds)} / ${secs(t.time_to_pay_p90_seconds)}`, `${secs(t.previous.time_to_pay_p50_seconds)} / ${secs(t.previous.time_to_pay_p90_seconds)}`, ""],
  ])
  doc.gap()
  doc.heading(L("Over time", "趋势"))
  const prevRevenue = v.previous.series as any[]
  const prevOrders = o.previous.series as any[]
  table([L("From", "起始日"), L("Orders", "下单数"), L("Revenue", "收入"), L("Refunded", "退款"), L("Comparison from", "对比起始日"), L("Orders", "下单数"), L("Revenue", "收入")], ["text", "int", "money", "money", "text", "int", "money"], 8, (v.series as any[]).map((s, i) => [s.date, String(o.series[i]?.count ?? 0), money(s.paid_minor), money(s.refunded_minor), prevRevenue[i]?.date ?? "", String(prevOrders[i]?.count ?? ""), money(prevRevenue[i]?.paid_minor)]))
  doc.gap()
  doc.heading(L("Payment channels", "支付渠道"))
  table([L("Channel", "渠道"), L("Orders paid", "支付订单数"), L("Revenue", "收入"), L("Share", "占比"), L("Sessions", "发起支付"), L("Success rate", "成功率"), L("Time to pay (median)", "支付用时中位数")], ["text", "int", "money", "money", "int", "money", "money"], 8, (t.providers as any[]).map((x) => [providerName(x.provider_id, locale) || "—", String(x.orders), money(x.paid_minor), pct(x.share_amount), String(x.sessions), pct(x.success_rate), secs(x.time_to_pay_p50_seconds)]))
  doc.gap()
  doc.heading(L("Best sellers", "畅销商品"))
  table([L("Product", "商品"), L("Quantity", "数量"), L("Orders", "订单数"), L("Revenue", "收入"), L("Share of product revenue", "商品收入占比")], ["text", "int", "int", "money", "money"], 8, (r.products.best_sellers as any[]).map((b) => [b.title || b.product_id, String(b.quantity), String(b.orders), money(b.revenue_minor), pct(b.revenue_share)]))
  await doc.end()
}
