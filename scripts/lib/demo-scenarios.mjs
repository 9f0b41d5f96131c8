// Money in the odd cases, played once against the running demo through the store API and the simulators (real
// signed callbacks), so the admin shows them: a USDT address left behind when the buyer switched to Alipay and paid
// after the order was paid (duplicate_payment on the order), and an address paid after the cart changed and before
// any order (unmatched_payment, under Order management → Money without order). See docs/payments-odd-cases.md.

/** Store API with the demo's publishable key. */
function storeClient(url, publishableKey) {
  const headers = { "content-type": "application/json", "x-publishable-api-key": publishableKey }
  return async (method, path, body) => {
    const res = await fetch(url + path, { method, headers, body: body ? JSON.stringify(body) : undefined })
    const json = await res.json().catch(() => ({}))
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.message ?? ""}`)
    return json
  }
}

async function usdtCheckout(call, info, email) {
  const { cart } = await call("POST", "/store/carts", { region_id: info.regions.cny, email })
  const { products } = await call("GET", `/store/products?region_id=${info.regions.cny}&limit=1`)
  await call("POST", `/store/carts/${cart.id}/line-items`, { variant_id: products[0].variants[0].id, quantity: 1 })
  await call("POST", `/store/carts/${cart.id}`, { shipping_address: { first_name: "Odd", last_name: "Case", address_1: "1 Nanjing Rd", city: "Shanghai", country_code: "cn", postal_code: "200001" } })
  const { shipping_options } = await call("GET", `/store/shipping-options?cart_id=${cart.id}`)
  const option = shipping_options.find((o) => o.amount !== null && o.amount !== undefined) ?? shipping_options[0]
  await call("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: option.id })
  const { payment_collection } = await call("POST", "/store/payment-collections", { cart_id: cart.id })
  const { payment_collection: pc } = await call("POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_nowpayments_nowpayments", data: { pay_currency: "usdttrc20" } })
  return { cart, collectionId: payment_collection.id, usdt: pc.payment_sessions.find((s) => s.provider_id === "pp_nowpayments_nowpayments"), variantId: products[0].variants[0].id }
}

/**
 * Runs the scenarios unless the store already shows them. `admin` is an admin's bearer token; `sims` the running
 * Alipay and NOWPayments simulators. Resolves once both anomalies are in the admin API (bounded wait).
 */
export async function runDemoScenarios({ url, info, admin, sims, log = () => {} }) {
  const adminGet = async (path) => (await fetch(url + path, { headers: { authorization: `Bearer ${admin}` } })).json()
  const existing = await adminGet("/admin/order-management/anomalies?type=unmatched_payment&limit=1")
  if (existing.count > 0) return
  const call = storeClient(url, info.publishableKey)

  // 1. the buyer switches from USDT to Alipay, pays the Alipay QR; later the old USDT address is paid too
  const a = await usdtCheckout(call, info, "two.wallets@example.com")
  const { payment_collection: switched } = await call("POST", `/store/payment-collections/${a.collectionId}/payment-sessions`, { provider_id: "pp_alipay_alipay", data: { method: "qr" } })
  const alipay = switched.payment_sessions.find((s) => s.provider_id === "pp_alipay_alipay")
  const done = await call("POST", `/store/carts/${a.cart.id}/complete`, {})
  await sims.alipay.pay(alipay.data.out_trade_no)
  await sims.nowpayments.advance(a.usdt.data.payment_id, { status: "finished" })

  // 2. a second item changes the cart: Medusa drops the USDT session; its address is paid anyway, no order yet
  const b = await usdtCheckout(call, info, "changed.cart@example.com")
  await call("POST", `/store/carts/${b.cart.id}/line-items`, { variant_id: b.variantId, quantity: 1 })
  await sims.nowpayments.advance(b.usdt.data.payment_id, { status: "finished" })

  for (let i = 0; i < 60; i++) {
    const dup = await adminGet(`/admin/order-management/anomalies?order_id=${done.order.id}&type=duplicate_payment`)
    const cart = await adminGet(`/admin/order-management/anomalies?cart_id=${b.cart.id}`)
    if (dup.count > 0 && cart.count > 0) {
      log(`odd cases: order ${done.order.id} has a duplicate_payment (a USDT address paid after Alipay), cart ${b.cart.id} an unmatched_payment`)
      return
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  log("odd cases: the scenarios' anomalies did not appear in time (see the server log)")
}
