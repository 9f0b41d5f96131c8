import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { RISK_MODULE } from "../../modules/risk"
import type RiskModuleService from "../../modules/risk/service"
import { clientIpOf, isTrustedProxy } from "../../modules/risk/options"
import { CheckoutRateLimiter, type LimitName } from "../../modules/risk/rate-limit"
import { assessCheckout, checkoutSubjectOf } from "../../workflows/risk/assess-checkout"

/** What a refused checkout is told: nothing about which rule or list matched. */
export const CHECKOUT_REFUSED_MESSAGE = "We could not accept this order. Please contact customer service."

/** The client IP of a request (behind the store's declared proxies only) and its device id header. */
export function requestOrigin(req: MedusaRequest): { ip: string | null; device_id: string | null } {
  const risk: RiskModuleService = req.scope.resolve(RISK_MODULE)
  const o = risk.getRiskOptions()
  const device = req.headers[o.deviceHeader]
  return {
    ip: clientIpOf(o, req.socket?.remoteAddress, req.headers["x-forwarded-for"]),
    device_id: typeof device === "string" && device.trim() ? device.trim().slice(0, 200) : null,
  }
}

async function refuseIfBlacklisted(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction, cart: any) {
  const risk: RiskModuleService = req.scope.resolve(RISK_MODULE)
  if (!cart || !risk.getRiskOptions().blacklist) return next()
  // a cart whose money already arrived is not stopped here (the order must exist to refund it)
  const paid = ((cart.payment_collection?.payment_sessions ?? []) as any[]).some((s) => s?.status === "authorized" || s?.status === "captured")
  if (paid) return next()
  const origin = requestOrigin(req)
  const hits = await risk.matchBlacklist({
    customer_id: cart.customer_id,
    email: cart.email,
    phone: cart.shipping_address?.phone ?? cart.billing_address?.phone ?? null,
    address: cart.shipping_address ?? null,
    ip: origin.ip,
    device_id: origin.device_id,
  })
  if (!hits.length) return next()
  req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: checkout of cart ${cart.id} refused by the blacklist (${hits.map((h) => `${h.id} ${h.type}`).join(", ")})`)
  res.status(403).json({ type: "not_allowed", code: "checkout_refused", message: CHECKOUT_REFUSED_MESSAGE })
}

const CART_FIELDS = ["id", "email", "customer_id", "shipping_address.*", "billing_address.phone", "payment_collection.payment_sessions.status"]

/**
 * Middleware for Medusa's POST /store/carts/:id/complete and POST /store/payment-collections/:id/payment-sessions:
 * a checkout whose customer, email (or its domain), phone, shipping address, client IP (or its range) or device is on
 * the blacklist is refused with 403 and a message that does not say why. Unknown carts pass on to Medusa's own 404.
 */
export async function refuseBlacklistedCheckout(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const completing = /\/store\/carts\/[^/]+\/complete/.test(req.originalUrl ?? req.url)
    const cart = completing
      ? (await query.graph({ entity: "cart", fields: CART_FIELDS, filters: { id: req.params.id } })).data[0]
      : ((await query.graph({ entity: "payment_collection", fields: CART_FIELDS.map((f) => `cart.${f}`), filters: { id: req.params.id } })).data[0] as any)?.cart
    await refuseIfBlacklisted(req, res, next, cart)
  } catch (e) {
    next(e)
  }
}

const limiters = new WeakMap<object, CheckoutRateLimiter>()

/** The store's limiter: in Redis when Medusa's Redis is configured (`projectConfig.redisUrl`), else in memory. */
function limiterOf(req: MedusaRequest): CheckoutRateLimiter {
  const risk: RiskModuleService = req.scope.resolve(RISK_MODULE)
  let l = limiters.get(risk)
  if (!l) {
    const redisUrl = (req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE) as any)?.projectConfig?.redisUrl ?? null
    l = new CheckoutRateLimiter(risk.getRiskOptions().rateLimits.limits, redisUrl, `om-rl:${process.env.OM_REDIS_NAMESPACE ?? "default"}`)
    limiters.set(risk, l)
  }
  return l
}

/**
 * Middleware for Medusa's POST /store/payment-collections/:id/payment-sessions and POST /store/carts/:id/complete:
 * at most `risk.rateLimits` requests per cart (its payment collection) and per client IP in their windows; beyond,
 * 429 `{ type: "rate_limited", message }` with `Retry-After` (seconds). The per-IP limit counts a real client IP
 * only (not a declared proxy's own address: a server-rendered storefront that does not forward the shopper's IP).
 */
export async function rateLimitCheckout(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const risk: RiskModuleService = req.scope.resolve(RISK_MODULE)
    const o = risk.getRiskOptions()
    if (!o.rateLimits.enabled) return next()
    const completing = /\/store\/carts\/[^/]+\/complete/.test(req.originalUrl ?? req.url)
    const { ip } = requestOrigin(req)
    const keys: Array<[LimitName, string]> = [[completing ? "completions_per_cart" : "payment_sessions_per_cart", String(req.params.id)]]
    if (ip && !isTrustedProxy(o, ip)) keys.push([completing ? "completions_per_ip" : "payment_sessions_per_ip", ip])
    const wait = await limiterOf(req).consume(keys)
    if (wait === null) return next()
    res.setHeader("Retry-After", String(wait))
    res.status(429).json({ type: "rate_limited", message: `Too many attempts; please try again in ${wait} second${wait === 1 ? "" : "s"}.` })
  } catch (e) {
    next(e)
  }
}

/** The lock that lets one payment-session request at a time run for a payment collection. */
export const paymentSessionLockKey = (collectionId: string) => `payment-sessions:${collectionId}`

/** However the response ends, the collection's lock is not held longer than this (a handler that never answers). */
const SESSION_HOLD_CAP_MS = 120_000

/**
 * Middleware for Medusa's POST /store/payment-collections/:id/payment-sessions, after the rate limits: requests for
 * one payment collection run one at a time, through Medusa's Locking module (in Redis when the store configures the
 * Redis locking provider, so across server instances; in the process otherwise). Medusa's createPaymentSessionsWorkflow
 * deletes the collection's earlier sessions and creates a new one; two at once delete each other's sessions and answer
 * 500 ("Could not delete all payment sessions"). The lock is held until Medusa's handler has answered (the response's
 * `finish`, or `close` when the client went away). A request that does not get its turn within
 * `risk.rateLimits.payment_session_wait_seconds` (default 30) is answered 429 `{ type: "rate_limited", message }`
 * with `Retry-After` (that many seconds) instead of queueing on. A client that left while waiting is not served.
 * A failure of the locking module itself lets the request through unserialized (logged), as the limiter does.
 */
export function serializePaymentSessions(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  let wait: number
  try {
    const risk: RiskModuleService = req.scope.resolve(RISK_MODULE)
    wait = risk.getRiskOptions().rateLimits.payment_session_wait_seconds
  } catch (e) {
    return next(e)
  }
  let closed = false
  res.once("close", () => (closed = true))
  let entered = false
  const collection = String(req.params.id)
  req.scope
    .resolve(Modules.LOCKING)
    .execute(
      [paymentSessionLockKey(collection)],
      () =>
        new Promise<void>((resolve) => {
          entered = true
          if (closed || res.writableEnded) return resolve()
          const done = () => {
            clearTimeout(cap)
            resolve()
          }
          const cap = setTimeout(done, SESSION_HOLD_CAP_MS)
          cap.unref?.()
          res.once("finish", done)
          res.once("close", done)
          next()
        }),
      { timeout: wait }
    )
    .catch((e: unknown) => {
      const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
      // after the handler ran (e.g. a Redis lease lost meanwhile): the response is Medusa's
      if (entered || res.headersSent) return logger.warn(`order-management: payment-session lock of ${collection}: ${(e as Error)?.message}`)
      if (/timed?[- ]?out acquiring lock/i.test((e as Error)?.message ?? "")) {
        if (closed) return
        res.setHeader("Retry-After", String(wait))
        res.status(429).json({ type: "rate_limited", message: `Another payment request for this checkout is in progress; please try again in ${wait} second${wait === 1 ? "" : "s"}.` })
        return
      }
      logger.warn(`order-management: could not take the payment-session lock of ${collection} (${(e as Error)?.message}); going on without it`)
      next()
    })
}

/**
 * Middleware for Medusa's POST /store/carts/:id/complete, after the blacklist: the store's risk rules decide (see
 * src/workflows/risk/assess-checkout.ts); every attempt is recorded as an assessment. A "block" is refused with 403
 * and the same message as the blacklist's (never the rule); "review" lets the order be placed and holds it.
 */
export async function assessCheckoutRisk(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const subject = await checkoutSubjectOf(req.scope, String(req.params.id), requestOrigin(req))
    if (!subject) return next()
    const a = await assessCheckout(req.scope, subject)
    if (a.action !== "block") return next()
    req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: checkout of cart ${subject.cart_id} refused by risk rule(s) ${a.rules.map((h) => h.rule_id).join(", ")} (assessment ${a.id})`)
    res.status(403).json({ type: "not_allowed", code: "checkout_refused", message: CHECKOUT_REFUSED_MESSAGE })
  } catch (e) {
    next(e)
  }
}
