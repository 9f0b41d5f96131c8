import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { AlipayClient } from "../../gateways/alipay"
import { WechatPayClient } from "../../gateways/wechatpay/client"
import { NowPaymentsClient } from "../../gateways/nowpayments/client"
import { BtcpayClient } from "../../gateways/btcpay"
import { configuredProviders, type ConfiguredProvider } from "../../api/utils/payment-channels"
import { parseAlipayTradeBill } from "../../modules/reconciliation/bills/alipay"
import { parseWechatTradeBill } from "../../modules/reconciliation/bills/wechatpay"
import { nowpaymentsBillRows } from "../../modules/reconciliation/bills/nowpayments"
import { btcpayBillRows } from "../../modules/reconciliation/bills/btcpay"
import type { ParsedBill } from "../../modules/reconciliation/bills/types"
import { dayIn, dayRangeIn, isCalendarDay } from "../../utils/time-zone"

/** The platforms whose bills the plugin can fetch, with the time zone their bill days are in. */
export const BILL_PLATFORMS: Record<string, { timezone: string }> = {
  alipay: { timezone: "Asia/Shanghai" },
  wechatpay: { timezone: "Asia/Shanghai" },
  nowpayments: { timezone: "UTC" },
  btcpay: { timezone: "UTC" },
  "bank-transfer": { timezone: "Asia/Shanghai" },
}

/** The configured provider for a provider id (pp_alipay_alipay), or a 400 naming what can be reconciled. */
export function reconcilableProvider(container: MedusaContainer, providerId: string): ConfiguredProvider {
  const all = configuredProviders(container)
  const p = all.find((x) => x.provider_id === providerId)
  if (!p || !BILL_PLATFORMS[p.identifier]) {
    const known = all.filter((x) => BILL_PLATFORMS[x.identifier]).map((x) => x.provider_id)
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `provider_id: ${providerId} cannot be reconciled here; configured payment providers with bills: ${known.join(", ") || "none"}`)
  }
  return p
}

/**
 * A bill day asked for: a real calendar day, over in the platform's time zone (platforms publish a day's bill the day
 * after). 400 naming the field otherwise.
 */
export function assertBillDay(p: ConfiguredProvider, date: unknown): asserts date is string {
  if (!isCalendarDay(date)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `date: the bill's day as YYYY-MM-DD is required, got ${JSON.stringify(date ?? null)}`)
  const today = dayIn(billTimezone(p))
  if (date >= today) throw new MedusaError(MedusaError.Types.INVALID_DATA, `date: ${date} is not over yet in ${billTimezone(p)} (today there is ${today}); a platform publishes a day's bill the day after`)
}

/** The bill day's time zone of a provider (Asia/Shanghai for Alipay and WeChat Pay, UTC for the crypto platforms). */
export function billTimezone(p: ConfiguredProvider): string {
  return BILL_PLATFORMS[p.identifier]?.timezone ?? "UTC"
}

async function* fromList<T>(items: AsyncIterable<T>): AsyncGenerator<T> {
  for await (const i of items) yield i
}

/**
 * Fetch a day's bill from the platform's API and open it for reading, with the provider's own options:
 * - Alipay: alipay.data.dataservice.bill.downloadurl.query (bill_type trade) → the ZIP of GBK CSVs;
 * - WeChat Pay v3: GET /v3/bill/tradebill (ALL, GZIP) → the file, SHA-1 checked;
 * - NOWPayments: GET /v1/payment/ for the day (UTC), paged (needs the account email and password options);
 * - BTCPay Greenfield: GET /api/v1/stores/{storeId}/invoices for the day (UTC), paged.
 * Throws BillNotReadyError / NoBillError (bills/types.ts) as the clients report them.
 */
export async function fetchBill(p: ConfiguredProvider, date: string): Promise<ParsedBill> {
  const o = p.options as any
  switch (p.identifier) {
    case "alipay":
      return parseAlipayTradeBill(await new AlipayClient(o).downloadTradeBill(date))
    case "wechatpay":
      return parseWechatTradeBill(await new WechatPayClient(o).downloadTradeBill(date))
    case "nowpayments": {
      const { from, to } = dayRangeIn(date, "UTC")
      const client = new NowPaymentsClient({ apiKey: o.apiKey, baseUrl: o.baseUrl, timeoutMs: o.timeoutMs, email: o.email || undefined, password: o.password || undefined })
      // NOWPayments' dateTo is inclusive: the day's last millisecond, so the next midnight's payment is the next day's
      return { rows: nowpaymentsBillRows(fromList(client.listPaymentsForPeriod({ dateFrom: from, dateTo: new Date(to.getTime() - 1) }))), summary: () => null }
    }
    case "btcpay": {
      const { from, to } = dayRangeIn(date, "UTC")
      const client = new BtcpayClient({ baseUrl: o.baseUrl, apiKey: o.apiKey, storeId: o.storeId, timeoutMs: o.timeoutMs })
      return { rows: btcpayBillRows(fromList(client.listInvoicesForPeriod({ startDate: Math.floor(from.getTime() / 1000), endDate: Math.floor(to.getTime() / 1000) - 1 }))), summary: () => null }
    }
    default:
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `provider_id: ${p.provider_id} has no bill to fetch (upload its statement instead)`)
  }
}
