import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { VerificationRefused } from "../../../../../modules/risk/service"
import { confirmVerificationWorkflow, continueAfterVerification } from "../../../../../workflows/risk/verification"
import { pendingChallenge, sendVerificationError, verifiableOrder, type StoreVerificationConfirmBodyType } from "../helpers"

/**
 * POST /store/order-management/verification/confirm { order_id, code, email? } — confirm the one-time code: 200
 * `{ verification (status verified, verified_at), released }` and the order's verification hold is released (actor
 * system "risk"; a paid order then continues as any paid order: approved unless its provider is reviewed by hand).
 * Refusals: 400 "The code is not correct" with `attempts_left`; 410 "The code has expired; request a new one"; 429
 * "Too many wrong codes; request a new code" (after `risk.verification.maxAttempts`, 5, the challenge is locked until a
 * new code is sent); 400 when no code was sent yet; 409 when verified already or no longer held; 404 as the send route.
 */
export async function POST(req: AuthenticatedMedusaRequest<StoreVerificationConfirmBodyType>, res: MedusaResponse) {
  try {
    const body = req.validatedBody
    const order = await verifiableOrder(req, body.order_id, body.email)
    await pendingChallenge(req, order.id)
    const { result } = await confirmVerificationWorkflow(req.scope).run({ input: { order_id: order.id, code: body.code } })
    switch (result.result) {
      case "verified":
        await continueAfterVerification(req.scope, order.id)
        return res.json({ verification: result.verification, released: result.released })
      case "wrong":
        if (result.attempts_left === 0) throw new VerificationRefused(429, "Too many wrong codes; request a new code", { attempts_left: 0 })
        throw new VerificationRefused(400, "The code is not correct", { attempts_left: result.attempts_left })
      case "expired":
        throw new VerificationRefused(410, "The code has expired; request a new one", { attempts_left: 0 })
      case "locked":
        throw new VerificationRefused(429, "Too many wrong codes; request a new code", { attempts_left: 0 })
      case "no_code":
        throw new VerificationRefused(400, "No code was sent for this order yet; request one first")
      default:
        throw new VerificationRefused(409, "This order is verified already")
    }
  } catch (e) {
    sendVerificationError(res, e)
  }
}
