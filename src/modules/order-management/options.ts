import { assertCron } from "../../utils/cron"
import { rateOfMinor } from "../../utils/money"
/**
 * Plugin options (the object under `plugins: [{ resolve, options }]` in
 * medusa-config; Medusa hands it to every module of the plugin).
 */
export type OrderManagementOptions = {
  /** Payment providers whose orders stop at "holded" for a person to review. */
  manualReviewProviders?: string[]
  /** Dispatch (activate) right after approval. */
  autoActivate?: boolean
  /** Complete dispatched orders after this many quiet days (0 turns it off). */
  autoCompleteAfterDays?: number
  /** Order number format: tokens {prefix} {yyyy} {yy} {mm} {dd} {display_id} */
  orderNumber?: { prefix?: string; format?: string; padding?: number }
  /**
   * Which admin users may run each action (user ids or emails). An action not
   * listed is open to every authenticated admin.
   */
  permissions?: Partial<Record<string, string[]>>
  /** Cancel unpaid orders after a timeout and release their stock (false for zero-stock stores). */
  releaseUnpaidOrders?: boolean
  /** Minutes an order may stay unpaid (FecShop's minuteBeforeThatReturnPendingStock, default 600). */
  unpaidOrderTimeoutMinutes?: number
  /** Per-provider overrides in minutes, e.g. { "bank-transfer": 4320, "crypto": 60 }. */
  unpaidOrderTimeoutByProvider?: Record<string, number>
  /** Orders taken per batch (FecShop's orderCountThatReturnPendingStock, default 30). */
  unpaidOrderBatchSize?: number
  /** When the release job runs (cron, minute resolution; default every minute). */
  unpaidOrderReleaseCron?: string
  /** Time budget of one release run in seconds; the rest waits for the next run. */
  unpaidOrderRunBudgetSeconds?: number
  /** Providers the plugin can ask for a trade's real status (status query, "sync payment"); default alipay, wechatpay. */
  queryablePaymentProviders?: string[]
  /** Query a pending payment whose callback has not arrived after this many minutes (default 3). */
  paymentQueryAfterMinutes?: number
  /**
   * Per payment channel (keyed like manualReviewProviders: "alipay" matches pp_alipay_*): amount limits per
   * currency in minor units, enforced when a payment session is created, and the channel's fee (basis points +
   * fixed minor units): recorded on the order when the payment is confirmed; a customer-borne fee is also added
   * to the cart as a separate line the customer pays.
   */
  paymentChannels?: Record<string, PaymentChannelSettings>
  /** Orders queried per run of the pending-payment job (default 50). */
  paymentQueryBatchSize?: number
  /**
   * The store's time zone (IANA name, default "Asia/Shanghai"): where a day and a week begin for the order list's
   * date filters (a date without a time is that whole day there) and the statistics' days, weeks and months.
   * Changing it needs a statistics rebuild (the rollups are per day in this zone; see docs/statistics.md).
   */
  timeZone?: string
  /**
   * Statistics' stock alert: a variant whose available quantity (stocked − reserved) at a location is below this is
   * listed as low stock (default 10). A variant's `metadata.low_stock_threshold` (a whole number ≥ 0) overrides it.
   */
  lowStockThreshold?: number
  /** Run the statistics refresh job every minute (default true); false leaves the rollups to the rebuild command and the admin's Refresh. */
  statisticsRefreshJob?: boolean
  /** Days an export's file is kept before the export job deletes it (default 7). */
  exportRetentionDays?: number
  /** Seconds a download link of an export stays valid (default 3600); a new one comes with every read of the export. */
  exportLinkTtlSeconds?: number
}

export type PaymentChannelSettings = {
  limits?: Record<string, { min?: number; max?: number }>
  /**
   * The channel's fee: basis points of the amount plus a fixed part (in the payment currency's minor units).
   * merchant (default): recorded on the order for net revenue; customer: added to the cart as its own line
   * (`label`, default "Payment fee") when the customer picks this channel.
   */
  fee?: { rateBps?: number; fixedMinor?: number; bearer?: "merchant" | "customer"; label?: string }
}

export type ResolvedOptions = Required<Omit<OrderManagementOptions, "orderNumber" | "permissions">> & {
  orderNumber: { prefix: string; format: string; padding: number }
  permissions: Partial<Record<string, string[]>>
}

function positive(name: string, v: number | undefined, def: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = v ?? def
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    throw new Error(`order_management: ${name} must be a number above 0${max < Number.MAX_SAFE_INTEGER ? ` and at most ${max}` : ""}, got ${v}`)
  }
  return n
}

export const DEFAULT_MANUAL_REVIEW_PROVIDERS = ["bank-transfer", "system"]

export function resolveOptions(o: OrderManagementOptions = {}): ResolvedOptions {
  const days = o.autoCompleteAfterDays ?? 7
  if (!Number.isFinite(days) || days < 0) {
    throw new Error(`order_management: autoCompleteAfterDays must be a number >= 0, got ${o.autoCompleteAfterDays}`)
  }
  const padding = o.orderNumber?.padding ?? 6
  if (!Number.isInteger(padding) || padding < 1 || padding > 20) {
    throw new Error(`order_management: orderNumber.padding must be an integer from 1 to 20`)
  }
  const format = o.orderNumber?.format ?? "{prefix}{yyyy}{mm}{dd}{display_id}"
  if (!format.includes("{display_id}")) {
    throw new Error(`order_management: orderNumber.format must contain {display_id} to stay unique`)
  }
  const byProvider = o.unpaidOrderTimeoutByProvider ?? {}
  for (const [k, v] of Object.entries(byProvider)) positive(`unpaidOrderTimeoutByProvider.${k}`, v, 1)
  const timeZone = o.timeZone ?? "Asia/Shanghai"
  if (!isTimeZone(timeZone)) throw new Error(`order_management: timeZone must be an IANA time zone such as "Asia/Shanghai", got ${JSON.stringify(o.timeZone)}`)
  const cron = o.unpaidOrderReleaseCron ?? "* * * * *"
  assertCron(cron, "unpaidOrderReleaseCron")
  return {
    releaseUnpaidOrders: o.releaseUnpaidOrders ?? true,
    unpaidOrderTimeoutMinutes: positive("unpaidOrderTimeoutMinutes", o.unpaidOrderTimeoutMinutes, 600),
    unpaidOrderTimeoutByProvider: byProvider,
    unpaidOrderBatchSize: positive("unpaidOrderBatchSize", o.unpaidOrderBatchSize, 30, 1000),
    unpaidOrderReleaseCron: cron,
    unpaidOrderRunBudgetSeconds: positive("unpaidOrderRunBudgetSeconds", o.unpaidOrderRunBudgetSeconds, 50),
    manualReviewProviders: o.manualReviewProviders ?? DEFAULT_MANUAL_REVIEW_PROVIDERS,
    queryablePaymentProviders: o.queryablePaymentProviders ?? ["alipay", "wechatpay", "nowpayments", "btcpay"],
    paymentQueryAfterMinutes: positive("paymentQueryAfterMinutes", o.paymentQueryAfterMinutes, 3),
    paymentQueryBatchSize: positive("paymentQueryBatchSize", o.paymentQueryBatchSize, 50, 1000),
    paymentChannels: checkChannels(o.paymentChannels ?? {}),
    autoActivate: o.autoActivate ?? false,
    autoCompleteAfterDays: days,
    orderNumber: { prefix: o.orderNumber?.prefix ?? "MO", format, padding },
    permissions: o.permissions ?? {},
    timeZone,
    statisticsRefreshJob: o.statisticsRefreshJob ?? true,
    lowStockThreshold: o.lowStockThreshold === 0 ? 0 : positive("lowStockThreshold", o.lowStockThreshold, 10, 1_000_000_000),
    exportRetentionDays: positive("exportRetentionDays", o.exportRetentionDays, 7, 3650),
    exportLinkTtlSeconds: positive("exportLinkTtlSeconds", o.exportLinkTtlSeconds, 3600, 7 * 86_400),
  }
}

/** True for a time zone name this Node.js knows (IANA, e.g. "Asia/Shanghai", "UTC"). */
export function isTimeZone(name: unknown): name is string {
  if (typeof name !== "string" || !name) return false
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name })
    return true
  } catch {
    return false
  }
}

/** A provider id such as `pp_bank-transfer_bank-transfer` matches the entry `bank-transfer` or itself. */
export function providerMatches(providerId: string | null | undefined, entries: string[]): boolean {
  if (!providerId) {
    return false
  }
  return entries.some(
    (e) => e === providerId || providerId === `pp_${e}` || providerId.startsWith(`pp_${e}_`)
  )
}

/** The unpaid timeout (minutes) for a provider: the first matching override, else the default. */
export function unpaidTimeoutFor(providerId: string | null | undefined, o: ResolvedOptions): number {
  for (const [entry, minutes] of Object.entries(o.unpaidOrderTimeoutByProvider)) {
    if (providerMatches(providerId, [entry])) return minutes
  }
  return o.unpaidOrderTimeoutMinutes
}

function checkChannels(channels: Record<string, PaymentChannelSettings>): Record<string, PaymentChannelSettings> {
  const whole = (v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) >= 0)
  for (const [name, c] of Object.entries(channels)) {
    for (const [cur, l] of Object.entries(c.limits ?? {})) {
      if (!/^[a-z]{3}$/.test(cur)) throw new Error(`order_management: paymentChannels.${name}.limits keys are lower-case currency codes, got ${cur}`)
      if (!whole(l.min) || !whole(l.max)) throw new Error(`order_management: paymentChannels.${name}.limits.${cur} min and max are whole minor units >= 0`)
      if (l.min !== undefined && l.max !== undefined && l.min > l.max) throw new Error(`order_management: paymentChannels.${name}.limits.${cur}.min is above max`)
    }
    const f = c.fee
    if (f && (!whole(f.rateBps) || !whole(f.fixedMinor) || (f.rateBps ?? 0) > 10000)) throw new Error(`order_management: paymentChannels.${name}.fee needs rateBps (0-10000) and fixedMinor as whole numbers`)
    if (f?.bearer && f.bearer !== "merchant" && f.bearer !== "customer") throw new Error(`order_management: paymentChannels.${name}.fee.bearer must be "merchant" or "customer", got "${f.bearer}"`)
    if (f?.label !== undefined && (typeof f.label !== "string" || !f.label.trim() || f.label.length > 100)) throw new Error(`order_management: paymentChannels.${name}.fee.label must be text of 1-100 characters`)
  }
  return channels
}

/** The settings of the channel a provider id belongs to (first matching entry). */
export function channelFor(providerId: string | null | undefined, o: ResolvedOptions): PaymentChannelSettings | null {
  for (const [entry, settings] of Object.entries(o.paymentChannels)) if (providerMatches(providerId, [entry])) return settings
  return null
}

/** The channel fee for an amount: amount × bps / 10000 (rounded by the plugin's one rule) + fixed, in minor units. */
export function channelFeeMinor(amountMinor: number, fee: PaymentChannelSettings["fee"]): number {
  if (!fee) return 0
  return rateOfMinor(amountMinor, fee.rateBps ?? 0) + (fee.fixedMinor ?? 0)
}
