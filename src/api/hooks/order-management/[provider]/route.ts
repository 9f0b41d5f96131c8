import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { OrderManagementWebhookResult } from "../../../../providers/shared/platform-report"
import { receivePlatformReport } from "../../../../workflows/payment-inbox"
import { PAYMENT_EVENT_RECEIVED } from "../../../../modules/order-management/lifecycle/events"
import { reply } from "./replies"
import { recordChannelFailure } from "../../../../workflows/utils/channel-errors"

/** `alipay` → pp_alipay_alipay; `alipay_cn` → pp_alipay_cn; a full pp_ id as is. */
export function providerIdFromParam(param: string): string | null {
  if (!/^[a-z0-9_-]{2,80}$/i.test(param)) return null
  if (param.startsWith("pp_")) return param
  return param.includes("_") ? `pp_${param}` : `pp_${param}_${param}`
}

const KNOWN_PROVIDER_TTL_MS = 60_000
/** Providers found registered, with when they were looked up (a flash sale's notifies do not each ask the database). */
const knownProviders = new Map<string, number>()

/** True when Medusa's payment module has this provider (a positive answer is kept for a minute). */
async function isKnownProvider(payment: { listPaymentProviders: (f: { id: string }) => Promise<unknown[]> }, providerId: string) {
  const at = knownProviders.get(providerId)
  if (at !== undefined && Date.now() - at < KNOWN_PROVIDER_TTL_MS) return true
  const found = (await payment.listPaymentProviders({ id: providerId })).length > 0
  if (found) knownProviders.set(providerId, Date.now())
  else knownProviders.delete(providerId)
  return found
}

/** At most this much of a callback body is read (the platforms send a few kilobytes). */
const MAX_CALLBACK_BYTES = 1024 * 1024

/** The request body exactly as received (Medusa's body parser is off for this route); null when it is too large. */
async function readRawBody(req: MedusaRequest): Promise<Buffer | null> {
  const preserved = (req as any).rawBody
  if (preserved) return Buffer.from(preserved)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as any as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_CALLBACK_BYTES) return null
    chunks.push(Buffer.from(chunk))
  }
  return Buffer.concat(chunks)
}

/**
 * POST /hooks/order-management/:provider — the platforms' callback. The
 * provider verifies the raw body (signature, merchant); the event is written
 * to the inbox (durable, unique per real-world event) and acknowledged; a
 * subscriber then applies it under the order's lock, and a job retries what
 * failed. The platform is asked to retry (5xx / `fail`) only when the event
 * could not be stored. Replies are what each platform expects (replies.ts).
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  const providerId = providerIdFromParam(String(req.params.provider))
  const payment = req.scope.resolve(Modules.PAYMENT)
  if (!providerId || !(await isKnownProvider(payment, providerId))) return reply(res, providerId ?? "", "unknown_provider", `unknown payment provider ${req.params.provider}`)

  const raw = await readRawBody(req)
  if (!raw) return reply(res, providerId, "rejected", "callback body too large")
  let result: OrderManagementWebhookResult | undefined
  try {
    const r = await payment.getWebhookActionAndData({
      provider: providerId,
      payload: { data: {}, rawData: raw as any, headers: req.headers as Record<string, unknown> },
    })
    result = (r as any).order_management
  } catch (e) {
    logger.warn(`order-management: ${providerId} callback could not be read: ${(e as Error).message}`)
    return reply(res, providerId, "rejected", "unreadable callback")
  }
  if (!result?.report) {
    const why = result?.rejection ?? { reason: "unsupported", message: "this provider does not report through this route" }
    if (why.reason === "query_failed") {
      // verified, but the platform could not be asked for the truth: have it send again
      logger.warn(`order-management: ${providerId} callback deferred: ${why.message}`)
      await recordChannelFailure(req.scope, { provider_id: providerId, error: why.message, source: "callback" })
      return reply(res, providerId, "retry", "temporarily unable to confirm the payment; please retry")
    }
    logger.warn(`order-management: ${providerId} callback refused (${why.reason}): ${why.message}`)
    return reply(res, providerId, "rejected", why.message)
  }
  let stored: Awaited<ReturnType<typeof receivePlatformReport>>
  try {
    stored = await receivePlatformReport(req.scope, { ...result.report, provider: providerId }, "callback")
  } catch (e) {
    logger.error(`order-management: ${providerId} callback could not be stored, the platform will retry: ${(e as Error).message}`)
    return reply(res, providerId, "retry", "temporarily unable to store the notification; please retry")
  }
  if (stored.claimed) {
    await req.scope.resolve(Modules.EVENT_BUS).emit({ name: PAYMENT_EVENT_RECEIVED, data: { id: stored.event.id } })
  }
  return reply(res, providerId, "ok")
}
