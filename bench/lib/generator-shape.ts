/**
 * The million-order generator's shape: bump GENERATOR_VERSION whenever the generated data changes, so a kept
 * database of an older shape is rebuilt rather than reused (bench/lib/orders-database.mjs reads it too).
 * 2: order_lifecycle.product_ids filled (the list's product filter).
 */
export const GENERATOR_VERSION = 2

/**
 * Payment channel shares, as cumulative thresholds of one uniform draw per order. CNY: Alipay 45 %, WeChat Pay 40 %,
 * bank transfer 8 %, balance 7 %. USD: NOWPayments 40 %, BTCPay Server 30 %, bank transfer 20 %, balance 10 %.
 */
export const PROVIDER_SHARES = {
  cny_alipay: 0.45,
  cny_wechat: 0.85,
  cny_bank: 0.93,
  usd_nowpayments: 0.4,
  usd_btcpay: 0.7,
  usd_bank: 0.9,
}
