// npm run demo:checkout -- <alipay-qr | alipay-h5 | alipay-page | wechat-native | wechat-h5 | usdt | btc | usdt-invoice | btcpay | bank | balance>
// A storefront checkout against the running demo (npm run demo) through the store API: cart, item, address,
// shipping, a payment session, complete. Prints where to pay (the simulator's cashier); once paid, the
// platform's signed callback confirms the order (see it in the admin). `balance` logs in as the demo's wallet
// customer and pays from their account balance at once.
import { readFileSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const base = process.env.DEMO_URL || `http://localhost:${process.env.PORT || 9000}`
const kind = process.argv[2] || "alipay-qr"
const METHODS = {
  "alipay-qr": ["pp_alipay_alipay", { method: "qr" }],
  "alipay-h5": ["pp_alipay_alipay", { method: "h5" }],
  "alipay-page": ["pp_alipay_alipay", { method: "page" }],
  "wechat-native": ["pp_wechatpay_wechatpay", { method: "native" }],
  "wechat-h5": ["pp_wechatpay_wechatpay", { method: "h5", payer_ip: "203.0.113.7" }],
  usdt: ["pp_nowpayments_nowpayments", { pay_currency: "usdttrc20" }],
  btc: ["pp_nowpayments_nowpayments", { pay_currency: "btc" }],
  "usdt-invoice": ["pp_nowpayments_nowpayments", { mode: "invoice" }],
  btcpay: ["pp_btcpay_btcpay", {}],
  bank: ["pp_bank-transfer_bank-transfer", {}],
  balance: ["pp_balance_balance", {}],
}
if (!METHODS[kind]) {
  console.error(`unknown method ${kind}; one of ${Object.keys(METHODS).join(", ")}`)
  process.exit(2)
}
const info = JSON.parse(readFileSync(path.join(root, ".medusa", "demo-info.json"), "utf8"))
const headers = { "content-type": "application/json", "x-publishable-api-key": info.publishableKey }
if (kind === "balance") {
  // a balance belongs to a customer account: log in like a storefront does
  const r = await fetch(`${base}/auth/customer/emailpass`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: info.wallet.email, password: info.wallet.password }) })
  const { token } = await r.json()
  if (!token) throw new Error(`could not log in as ${info.wallet.email}`)
  headers.authorization = `Bearer ${token}`
}
async function call(method, url, body) {
  const res = await fetch(base + url, { method, headers, body: body ? JSON.stringify(body) : undefined })
  const json = await res.json().catch(() => ({}))
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${json.message ?? ""}`)
  return json
}

const { cart } = await call("POST", "/store/carts", { region_id: info.regions.cny, ...(kind === "balance" ? {} : { email: "demo.buyer@example.com" }) })
const { products } = await call("GET", `/store/products?region_id=${info.regions.cny}&limit=1`)
await call("POST", `/store/carts/${cart.id}/line-items`, { variant_id: products[0].variants[0].id, quantity: 1 })
await call("POST", `/store/carts/${cart.id}`, { shipping_address: { first_name: "Demo", last_name: "Buyer", address_1: "1 Nanjing Rd", city: "Shanghai", country_code: "cn", postal_code: "200001" } })
const { shipping_options } = await call("GET", `/store/shipping-options?cart_id=${cart.id}`)
// the options priced for this cart (the list may also hold options priced only in other regions)
const option = shipping_options.find((o) => o.amount !== null && o.amount !== undefined) ?? shipping_options[0]
await call("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: option.id })
const { payment_collection } = await call("POST", "/store/payment-collections", { cart_id: cart.id })
const [provider, data] = METHODS[kind]
const { payment_collection: pc } = await call("POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: provider, data })
const session = pc.payment_sessions.find((s) => s.provider_id === provider)
const done = await call("POST", `/store/carts/${cart.id}/complete`, {})
const payUrl = session.data.pay_url ?? (provider.includes("alipay") ? session.data.qr_code : null)
const bank = provider.includes("bank-transfer") ? `transfer ${session.data.amount_minor / 100} ${session.data.currency} to ${session.data.accounts[0].bank_name} ${session.data.accounts[0].account_number} with the reference ${session.data.reference}; then confirm the receipt on the order's Payment card` : null
const paidFromBalance = provider.includes("balance") ? `paid from ${info.wallet.email}'s balance (${session.data.available_minor / 100} ${session.data.currency} before this order)` : null
const wallet = session.data.invoice_id ? `open NOWPayments' invoice page ${session.data.pay_url}, pick a coin, then pay it on the simulator's /wallet page` : provider.includes("nowpayments") ? `send ${session.data.pay_amount} ${session.data.pay_currency} to ${session.data.pay_address} (the simulator's /wallet page does it)` : null
console.log(`
  order ${done.order?.id} placed, ${paidFromBalance ? "paid with" : "awaiting"} ${provider} (${data.method ?? data.pay_currency ?? session.data.method}), ${session.data.reference ? `reference ${session.data.reference}` : session.data.out_trade_no ? `gateway order no. ${session.data.out_trade_no}` : ""}
  ${session.data.qr_code ? `QR content: ${session.data.qr_code}` : ""}
  pay it:     ${paidFromBalance ?? bank ?? wallet ?? payUrl ?? "open the WeChat simulator's /cashier page and pick this order"}
  then open the order in the admin: ${base}/app/orders/${done.order?.id}
`)
