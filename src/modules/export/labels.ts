/**
 * The words a file shows for the codes it carries — payment and fulfilment statuses (this plugin's lifecycle),
 * Medusa's order status, and payment channels by provider id — in the export's language, the same words the admin
 * shows (src/admin/i18n; a unit test keeps both equal). A code without a word stays as it is. The backup archive
 * keeps the codes (it is for machines and restores, not for reading).
 */
export type LabelSet = "payment_status" | "fulfillment_status" | "order_status" | "provider"

type Words = Record<string, { en: string; zh: string }>

export const LABELS: Record<Exclude<LabelSet, "provider">, Words> = {
  payment_status: {
    pending: { en: "Pending payment", zh: "等待付款" },
    processing: { en: "Payment processing", zh: "付款处理中" },
    partially_paid: { en: "Partly paid", zh: "部分付款" },
    confirmed: { en: "Payment confirmed", zh: "收款成功" },
    suspected_fraud: { en: "Suspected fraud", zh: "疑似欺诈" },
    canceled: { en: "Canceled", zh: "已取消" },
  },
  fulfillment_status: {
    holded: { en: "Awaiting review", zh: "审核中" },
    processing: { en: "Processing", zh: "备货处理中" },
    dispatched: { en: "Dispatched", zh: "已发货" },
    completed: { en: "Completed", zh: "已完成" },
    refunded: { en: "Refunded", zh: "已退款" },
  },
  // Medusa's OrderStatus
  order_status: {
    pending: { en: "Pending", zh: "待处理" },
    completed: { en: "Completed", zh: "已完成" },
    draft: { en: "Draft", zh: "草稿" },
    archived: { en: "Archived", zh: "已归档" },
    canceled: { en: "Canceled", zh: "已取消" },
    requires_action: { en: "Requires action", zh: "需要处理" },
  },
}

/** Payment channels by the provider's name in its id (pp_<name>_<id>). */
export const PROVIDER_NAMES: Words = {
  alipay: { en: "Alipay", zh: "支付宝" },
  wechatpay: { en: "WeChat Pay", zh: "微信支付" },
  nowpayments: { en: "USDT (NOWPayments)", zh: "USDT(NOWPayments)" },
  btcpay: { en: "Bitcoin (BTCPay)", zh: "比特币(BTCPay)" },
  "bank-transfer": { en: "Bank transfer", zh: "银行转账" },
  balance: { en: "Account balance", zh: "账户余额" },
  system: { en: "Manual payment", zh: "手动收款" },
  deferred: { en: "Pay later (test)", zh: "稍后付款(测试)" },
}

/** The provider name of a payment provider id: pp_alipay_alipay → alipay, pp_bank-transfer_x → bank-transfer; null when unknown. */
export function providerKey(id: string): string | null {
  const body = id.replace(/^pp_/, "")
  return Object.keys(PROVIDER_NAMES).find((k) => body === k || body.startsWith(`${k}_`)) ?? null
}

/** A payment channel's name in `locale` (Alipay / 支付宝); an unknown provider id as it is; "" for none. */
export function providerName(id: string | null | undefined, locale: "en" | "zh"): string {
  if (!id) return ""
  const key = providerKey(id)
  return key ? PROVIDER_NAMES[key][locale] : id
}

/** The word for `code` in a label set and language; the code itself when the set has no word for it. */
export function labelOf(set: LabelSet, code: string, locale: "en" | "zh"): string {
  if (set === "provider") return providerName(code, locale)
  return LABELS[set][code]?.[locale] ?? code
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`

/** The same mapping in SQL over the text expression `x` (for the COPY path); unknown codes pass through. */
export function labelSql(set: LabelSet, x: string, locale: "en" | "zh"): string {
  if (set === "provider") {
    const whens = Object.entries(PROVIDER_NAMES).map(([k, w]) => `when ${x} = ${quote(`pp_${k}`)} or ${x} like ${quote(`pp_${k}\\_%`)} then ${quote(w[locale])}`)
    return `(case ${whens.join(" ")} else ${x} end)`
  }
  return `(case ${x} ${Object.entries(LABELS[set]).map(([k, w]) => `when ${quote(k)} then ${quote(w[locale])}`).join(" ")} else ${x} end)`
}
