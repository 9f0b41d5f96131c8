import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { oneOf, text } from "../../../utils/zod-messages"
import { sendLifecycleError } from "../../../utils/errors"
import { RISK_MODULE } from "../../../../modules/risk"
import type RiskModuleService from "../../../../modules/risk/service"
import { VerificationRefused } from "../../../../modules/risk/service"
import { ORDER_MANAGEMENT_MODULE } from "../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../modules/order-management/service"
import { VERIFICATION_HOLD_REASON } from "../../../../modules/risk/verification-code"

const email = z.string({ error: "email must be text" }).trim().email({ message: "email must be an email address" }).optional()

export const StoreVerificationQuery = z.object({ order_id: text("order_id", 100), email }).strict()
export const StoreVerificationSendBody = z.object({ order_id: text("order_id", 100), channel: oneOf("channel", ["email", "phone"] as const).default("email"), email }).strict()
export type StoreVerificationSendBodyType = z.infer<typeof StoreVerificationSendBody>
export const StoreVerificationConfirmBody = z
  .object({
    order_id: text("order_id", 100),
    code: z.string({ error: "code must be the 6 digits sent to you" }).refine((v) => /^\d{6}$/.test(v.replace(/[\s-]/g, "")), { message: "code must be the 6 digits sent to you" }),
    email,
  })
  .strict()
export type StoreVerificationConfirmBodyType = z.infer<typeof StoreVerificationConfirmBody>

/**
 * The order a shopper may verify, by the store routes' rule: a logged-in customer their own orders; without a login,
 * a guest order (its customer has no account) proved by its email (as the reorder route). Anything else is 404, so
 * order ids cannot be probed.
 */
export async function verifiableOrder(req: AuthenticatedMedusaRequest, orderId: string, proofEmail?: string): Promise<{ id: string; email: string | null }> {
  const customerId = req.auth_context?.actor_type === "customer" ? req.auth_context.actor_id : null
  const { data: [o] } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["id", "email", "customer_id", "customer.has_account"], filters: { id: orderId } })
  const order = o as any
  const owns = !!order && (customerId ? order.customer_id === customerId : !order.customer?.has_account && !!proofEmail && String(order.email ?? "").toLowerCase() === proofEmail.toLowerCase())
  if (!owns) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} was not found`)
  return { id: order.id, email: order.email ?? null }
}

/**
 * The order's pending challenge: 404 when no verify rule asked for one; 409 when it is done (verified, or skipped:
 * an admin released the hold, which is recorded here the first time it is noticed).
 */
export async function pendingChallenge(req: AuthenticatedMedusaRequest, orderId: string) {
  const risk: RiskModuleService = req.scope.resolve(RISK_MODULE)
  const row = await risk.verificationRowOf(orderId)
  if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} needs no verification`)
  if (row.status === "pending" || row.status === "locked") {
    const l = await (req.scope.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).findLifecycleByOrder(orderId)
    if (!l?.on_hold || l.hold_reason !== VERIFICATION_HOLD_REASON) {
      await risk.skipVerification(orderId)
      throw new VerificationRefused(409, "This order needs no verification any more")
    }
  }
  if (row.status === "verified" || row.status === "skipped") throw new VerificationRefused(409, row.status === "verified" ? "This order is verified already" : "This order needs no verification any more")
  return row
}

/** Answer a refusal: VerificationRefused with its status (and Retry-After), the rest as the lifecycle routes do. */
export function sendVerificationError(res: MedusaResponse, e: unknown) {
  const v = e as VerificationRefused
  if (v instanceof VerificationRefused || (typeof (v as any)?.status === "number" && (v as any)?.extra)) {
    if (v.extra?.retry_after) res.setHeader("Retry-After", String(v.extra.retry_after))
    const type = v.status === 409 ? "conflict" : v.status === 429 ? "too_many_attempts" : v.status === 410 ? "expired" : "invalid_data"
    res.status(v.status).json({ type, message: v.message, ...(v.extra?.attempts_left !== undefined ? { attempts_left: v.extra.attempts_left } : {}), ...(v.extra?.retry_after ? { retry_after: v.extra.retry_after } : {}) })
    return
  }
  sendLifecycleError(res, e)
}
