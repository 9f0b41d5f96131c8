import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RISK_MODULE } from "../../../../modules/risk"
import type RiskModuleService from "../../../../modules/risk/service"
import { VerificationRefused } from "../../../../modules/risk/service"
import { sendDecision } from "../../../../modules/risk/verification-code"
import { sendVerificationCodeWorkflow, verificationDestination } from "../../../../workflows/risk/verification"
import { pendingChallenge, sendVerificationError, verifiableOrder, type StoreVerificationSendBodyType } from "./helpers"

/**
 * GET /store/order-management/verification?order_id=&email= — whether the order waits for an identity check:
 * `{ verification: { id, order_id, status: pending | verified | locked | skipped, channel, destination (masked),
 * expires_at, attempts_left, sends_left, last_sent_at, verified_at } }` (skipped: an admin released the hold
 * instead). The logged-in customer's own order, or a
 * guest order with its `email`; 404 otherwise, and for an order no rule asked to verify.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const q = req.validatedQuery as { order_id: string; email?: string }
    const order = await verifiableOrder(req, q.order_id, q.email)
    const risk: RiskModuleService = req.scope.resolve(RISK_MODULE)
    if (!(await risk.verificationRowOf(order.id))) return res.status(404).json({ type: "not_found", message: `Order ${order.id} needs no verification` })
    // a check whose hold an admin released is recorded as skipped
    await pendingChallenge(req, order.id).catch((e) => {
      if (!(e instanceof VerificationRefused)) throw e
    })
    res.json({ verification: risk.verificationView((await risk.verificationRowOf(order.id))!) })
  } catch (e) {
    sendVerificationError(res, e)
  }
}

/**
 * POST /store/order-management/verification { order_id, channel: email | phone (default email), email? } — send (or
 * send again) a 6-digit one-time code for an order a "verify" rule held: by email to the order's address, or by SMS
 * to its shipping phone when the store has an SMS provider (else 400 "phone verification is not available"). Each
 * new code replaces the last and resets the wrong tries. 200 `{ verification: { id, channel, destination (masked),
 * expires_at, attempts_left, … } }`; 429 with Retry-After within `risk.verification.resendIntervalSeconds` (60) of
 * the last code or after `maxSends` (5) codes; 409 when verified or no longer held; 404 as GET.
 */
export async function POST(req: AuthenticatedMedusaRequest<StoreVerificationSendBodyType>, res: MedusaResponse) {
  try {
    const body = req.validatedBody
    const order = await verifiableOrder(req, body.order_id, body.email)
    const row = await pendingChallenge(req, order.id)
    const risk: RiskModuleService = req.scope.resolve(RISK_MODULE)
    const d = sendDecision(row, risk.getRiskOptions().verification)
    if (!d.ok) throw new VerificationRefused(d.status, d.message, { retry_after: d.retry_after })
    const destination = await verificationDestination(req.scope, order.id, body.channel)
    const { result } = await sendVerificationCodeWorkflow(req.scope).run({ input: { order_id: order.id, channel: body.channel, destination } })
    res.json({ verification: result })
  } catch (e) {
    sendVerificationError(res, e)
  }
}
