import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createHash } from "node:crypto"
import { RECONCILIATION_MODULE } from "../src/modules/reconciliation"
import type ReconciliationModuleService from "../src/modules/reconciliation/service"
import type { BankProfileMapping, BillRow } from "../src/modules/reconciliation/bills/types"
import { validateBankProfileMapping } from "../src/modules/reconciliation/bills"
import type { StorePayment } from "../src/modules/reconciliation/match"
import { configuredProviders } from "../src/api/utils/payment-channels"
import { BILL_PLATFORMS } from "../src/workflows/reconciliation/sources"
import { storePaymentsOfDay } from "../src/workflows/reconciliation/store-side"
import { dayRangeIn as dayRange } from "../src/utils/time-zone"
import { reconcileBill } from "../src/workflows/reconciliation/run"
import { openDifferenceAnomalies } from "../src/workflows/reconciliation/anomalies"
import { importBankStatement } from "../src/workflows/reconciliation/imports"
import { bankTransferProviderId } from "../src/workflows/manual-orders/complete"

type Placed = { order_id: string; cart_id: string; session_id: string }
type Place = (o: Record<string, unknown>) => Promise<Placed>
type Actor = { type: "user"; id: string | null }

/** A day in a time zone, YYYY-MM-DD, `back` days before today there. */
const dayIn = (tz: string, back: number) => new Date(Date.now() - back * 86400_000).toLocaleDateString("en-CA", { timeZone: tz })
/** An ISO instant as Alipay prints it: Beijing time, "yyyy-MM-dd HH:mm:ss". */
const shanghai = (iso: string | null) => (iso ? new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().replace("T", " ").slice(0, 19) : "")
const yuan = (minor: number) => (minor / 100).toFixed(2)

/**
 * The Reconciliation page's demo (issue 20), once (nothing when the store has runs already):
 * - a completed Alipay run for yesterday (Beijing time) built from the store's real Alipay payments of that day (the
 *   generated history's; an earlier day with payments when yesterday had none) as the platform's bill would list
 *   them, with a few differences a person must look at: a payment the store does not know (the run hands it to the
 *   anomaly desk at once), an amount that differs, a refund made at the platform only, a payment the bill lacks, and a
 *   fee that differs when the channel has a fee configured;
 * - a WeChat Pay run for yesterday that is not ready (the platform is still making the bill; retried later);
 * - a bank statement: two saved bank profiles (a Chinese bank's CSV with credit/debit columns and account lines on
 *   top, a German bank's with decimal commas), three bank-transfer orders and the CSV of their transfers read with
 *   the first profile: one paid in full with the exact reference (matched: the receipt is recorded), one paid in part
 *   with the reference typed in lower case, with spaces and two symbols swapped (matched by the check digits, a
 *   partial payment), one whose payer wrote no reference (an unmatched transfer, to assign by hand to its order).
 */
export async function seedDemoReconciliation(container: MedusaContainer, admin: Actor, h: { place: Place }) {
  const recon: ReconciliationModuleService = container.resolve(RECONCILIATION_MODULE)
  const [, runs] = await recon.listRuns({}, { limit: 1, offset: 0 })
  if (runs > 0) return
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const configured = configuredProviders(container)
  const providerOf = (identifier: string) => configured.find((p) => p.identifier === identifier)

  // 1. a platform bill: Alipay's, else the first other platform the store has
  const platform = ["alipay", "wechatpay", "nowpayments", "btcpay"].map(providerOf).find(Boolean)
  if (platform) {
    const tz = BILL_PLATFORMS[platform.identifier].timezone
    let date = dayIn(tz, 1)
    let payments = (await storePaymentsOfDay(container, platform.provider_id, dayRange(date, tz))).filter((p) => p.captured_in_day && p.captured_minor > 0)
    for (let back = 2; payments.length < 4 && back <= 14; back++) {
      const d = dayIn(tz, back)
      const found = (await storePaymentsOfDay(container, platform.provider_id, dayRange(d, tz))).filter((p) => p.captured_in_day && p.captured_minor > 0)
      if (found.length >= 4) {
        date = d
        payments = found
      }
    }
    const refunds = (await storePaymentsOfDay(container, platform.provider_id, dayRange(date, tz))).filter((p) => p.refunded_in_day_minor > 0)
    const rows = platformBill(date, payments, refunds)
    const run = await recon.queueRun({ provider_id: platform.provider_id, date, source: "api", requested_by: null })
    if (await recon.startRun(run.id)) {
      const done = await reconcileBill(container, await recon.retrieveRun(run.id), { rows: (async function* () { yield* rows })(), summary: () => null })
      // as executeRun does: money the store never recorded goes to the anomaly desk at once
      await openDifferenceAnomalies(container, done)
      logger.info(`demo: reconciliation of ${platform.provider_id} for ${date}: ${done.rows} rows, ${done.matched} matched, differences ${JSON.stringify(done.differences_by_type)}`)
    }
  }

  // 2. a day whose bill the platform has not published yet
  const late = providerOf("wechatpay")
  if (late) {
    const date = dayIn(BILL_PLATFORMS[late.identifier].timezone, 1)
    const run = await recon.queueRun({ provider_id: late.provider_id, date, source: "api", requested_by: null })
    if (await recon.startRun(run.id)) {
      await recon.failRun(run.id, {
        status: "not_ready",
        error: `WeChat Pay is still making the bill for ${date} (STATEMENT_CREATING: 账单生成中，请稍后再试)`,
        retry_at: new Date(Date.now() + 2 * 3600_000),
      })
    }
  }

  // 3. a bank statement read with a saved profile
  const bankProvider = await bankTransferProviderId(container)
  if (!bankProvider) {
    logger.warn("demo: no bank-transfer provider, no bank statement reconciled")
    return
  }
  const profiles: Array<{ name: string; mapping: BankProfileMapping }> = [
    {
      name: "招商银行 CMB (CSV)",
      mapping: { date: "交易日期", credit: "收入金额", debit: "支出金额", currency: "币种", reference: "附言", payer_name: "对方户名", bank_transaction_id: "流水号", date_format: "YYYYMMDD", encoding: "utf-8", skip_lines: 2 },
    },
    {
      name: "Deutsche Bank (CSV)",
      mapping: { date: "Buchungstag", amount: "Betrag", default_currency: "EUR", reference: "Verwendungszweck", payer_name: "Auftraggeber", bank_transaction_id: "Transaktions-ID", date_format: "DD.MM.YYYY", delimiter: ";", decimal: "," },
    },
  ]
  const ids: string[] = []
  for (const p of profiles) {
    const problems = validateBankProfileMapping(p.mapping)
    if (problems.length) throw new Error(`demo: bank profile ${p.name}: ${problems.join("; ")}`)
    const [existing] = await recon.listBankProfiles({ name: p.name })
    const row: any = existing ?? (await recon.createBankProfiles({ name: p.name, mapping: p.mapping as any, created_by: admin.id }))
    ids.push(row.id)
  }

  const payment = container.resolve(Modules.PAYMENT)
  const order = async (email: string, items: Array<{ variant: string; quantity: number }>) => {
    const placed = await h.place({ provider: bankProvider, email, items })
    const s = await payment.retrievePaymentSession(placed.session_id)
    const d = (s.data ?? {}) as { reference?: string; amount_minor?: number }
    if (!d.reference || !d.amount_minor) throw new Error(`demo: the bank-transfer session of ${placed.order_id} has no reference`)
    return { ...placed, reference: d.reference, amount_minor: d.amount_minor }
  }
  const paidInFull = await order("wang.fang@example.com", [{ variant: "tea", quantity: 2 }])
  const paidInPart = await order("chen.jie@example.com", [{ variant: "teapot", quantity: 1 }])
  const noReference = await order("zhao.lei@example.com", [{ variant: "tea", quantity: 1 }, { variant: "teapot", quantity: 1 }])

  const today = dayIn("Asia/Shanghai", 0)
  const ymd = today.replace(/-/g, "")
  // what a payer types: lower case, spaces instead of dashes, two neighbouring symbols swapped (the check digits catch it)
  const typed = (ref: string) => {
    const s = ref.replace(/-/g, "").slice(2)
    const i = [...s.slice(0, 7)].findIndex((c, k) => c !== s[k + 1])
    const swapped = i < 0 ? s : s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2)
    return `bt ${swapped.slice(0, 4)} ${swapped.slice(4, 8)} ${swapped.slice(8)}`.toLowerCase()
  }
  const partial = Math.floor(paidInPart.amount_minor / 2 / 100) * 100
  let balance = 1_258_300_00
  const line = (time: string, credit: number | null, debit: number | null, payer: string, remark: string, n: number) => {
    balance += (credit ?? 0) - (debit ?? 0)
    return [ymd, time, credit === null ? "" : yuan(credit), debit === null ? "" : yuan(debit), yuan(balance), "人民币", payer, remark, `CMB${ymd}${String(n).padStart(8, "0")}`].join(",")
  }
  const csv = [
    "招商银行账户交易明细",
    `账号: 6214 8301 0000 8888,户名: 茶语旗舰店,期间: ${ymd}-${ymd}`,
    "交易日期,交易时间,收入金额,支出金额,余额,币种,对方户名,附言,流水号",
    line("09:12:33", paidInFull.amount_minor, null, "王芳", paidInFull.reference, 10421),
    line("10:40:02", partial, null, "陈杰", `${typed(paidInPart.reference)} 货款`, 10437),
    line("11:05:47", null, 350_00, "顺丰速运", "运费 月结", 10452),
    line("15:22:10", noReference.amount_minor, null, "赵磊", "茶叶和茶壶货款", 10488),
  ].join("\r\n")
  const file = Buffer.from(`\ufeff${csv}\r\n`, "utf8")
  const run = await importBankStatement(container, {
    bank_profile_id: ids[0],
    file,
    file_name: `cmb-statement-${ymd}.csv`,
    file_sha256: createHash("sha256").update(file).digest("hex"),
    actor: admin,
  })
  logger.info(`demo: bank statement ${run.file_name}: ${run.rows} transfers, ${run.matched} matched, differences ${JSON.stringify(run.differences_by_type)}`)
}

/**
 * The platform's bill of the day as BillRows (Alipay's 业务明细 columns): a paid row per payment the store captured
 * that day and a refund row per refund it recorded, then the demo's differences.
 */
function platformBill(date: string, payments: StorePayment[], refunds: StorePayment[]): BillRow[] {
  const ordered = [...payments].sort((a, b) => (a.captured_at ?? "").localeCompare(b.captured_at ?? ""))
  const rows: BillRow[] = []
  const ymd = date.replace(/-/g, "")
  const fee = (p: StorePayment) => p.expected_fee_minor ?? Math.round((p.captured_minor * 6) / 1000)
  const buyers = ["138****2231", "li***@163.com", "186****9012", "wan***@qq.com", "139****7788", "zha***@126.com"]
  const add = (r: Omit<BillRow, "line" | "raw" | "received_minor" | "refund_no"> & { title: string; created_at: string | null }) => {
    const line = rows.length + 5 // the bill's title, account, period and header lines come first
    rows.push({
      line,
      kind: r.kind,
      status: r.status,
      platform_trade_no: r.platform_trade_no,
      out_trade_no: r.out_trade_no,
      refund_no: null,
      out_refund_no: r.out_refund_no,
      amount_minor: r.amount_minor,
      received_minor: r.amount_minor,
      currency: r.currency,
      fee_minor: r.fee_minor,
      occurred_at: r.occurred_at,
      raw: {
        "支付宝交易号": r.platform_trade_no ?? "",
        "商户订单号": r.out_trade_no ?? "",
        "业务类型": r.kind === "payment" ? "交易" : "退款",
        "商品名称": r.title,
        "创建时间": shanghai(r.created_at),
        "完成时间": shanghai(r.occurred_at),
        "对方账户": buyers[line % buyers.length],
        "订单金额（元）": `${r.kind === "refund" ? "-" : ""}${yuan(r.amount_minor)}`,
        "商家实收（元）": `${r.kind === "refund" ? "-" : ""}${yuan(r.amount_minor)}`,
        "退款批次号/请求号": r.out_refund_no ?? "",
        "服务费（元）": r.fee_minor === null ? "" : `${r.kind === "refund" ? "" : "-"}${yuan(r.fee_minor)}`,
        "备注": "",
      },
    })
  }
  // the demo's differences, on the day's second, third and fourth payments (when there are that many)
  const [amountDiffers, notInBill, refundedThere] = [ordered[1], ordered[2], ordered[3]]
  const feeDiffers = ordered.find((p) => p.expected_fee_minor !== null && p !== amountDiffers && p !== notInBill)
  for (const p of ordered) {
    if (p === notInBill) continue
    const amount = p === amountDiffers ? p.captured_minor - 100 : p.captured_minor
    const created = p.captured_at ? new Date(new Date(p.captured_at).getTime() - 47_000).toISOString() : null
    add({ kind: "payment", status: "paid", platform_trade_no: p.platform_trade_no ?? `2026${ymd}${String(rows.length).padStart(12, "0")}`, out_trade_no: p.out_trade_no, out_refund_no: null, amount_minor: amount, currency: p.currency, fee_minor: p === feeDiffers ? fee(p) + 50 : fee(p), occurred_at: p.captured_at, created_at: created, title: "茶语旗舰店订单" })
  }
  for (const p of refunds) {
    add({ kind: "refund", status: "refunded", platform_trade_no: p.platform_trade_no, out_trade_no: p.out_trade_no, out_refund_no: `${p.out_trade_no}R1`, amount_minor: p.refunded_in_day_minor, currency: p.currency, fee_minor: null, occurred_at: `${date}T06:30:00.000Z`, created_at: `${date}T06:29:40.000Z`, title: "茶语旗舰店订单退款" })
  }
  if (refundedThere) {
    add({ kind: "refund", status: "refunded", platform_trade_no: refundedThere.platform_trade_no, out_trade_no: refundedThere.out_trade_no, out_refund_no: `${refundedThere.out_trade_no}R9`, amount_minor: Math.min(2000, refundedThere.captured_minor), currency: refundedThere.currency, fee_minor: null, occurred_at: `${date}T08:15:00.000Z`, created_at: `${date}T08:14:52.000Z`, title: "商家后台退款" })
  }
  // money the platform took on a trade the store never created
  add({ kind: "payment", status: "paid", platform_trade_no: `2026${ymd}22001456780${ymd.slice(-3)}`, out_trade_no: `ALI${ymd}0000X7`, out_refund_no: null, amount_minor: 128_00, currency: ordered[0]?.currency ?? "CNY", fee_minor: 77, occurred_at: `${date}T12:41:09.000Z`, created_at: `${date}T12:40:31.000Z`, title: "茶语旗舰店订单" })
  return rows
}
