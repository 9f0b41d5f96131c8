import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../modules/order-management/service"
import { channelSpec, type Diagnosis } from "../../../../../../providers/settings"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import { backendUrl, callbackUrlFor, configuredProviders } from "../../../../../utils/payment-channels"

const TIMEOUT_MS = 20_000

/**
 * POST /admin/order-management/payment-channels/:provider_id/check — a
 * harmless call to the platform with the channel's configured credentials
 * (a query for an order that does not exist, a status or store read) and
 * what the answer means. A failed test is a 200 with ok: false.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const actor = await adminActor(req)
    const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
    service.assertPermitted("test_payment_channel", actor, "test a payment channel")
    const p = configuredProviders(req.scope).find((c) => c.provider_id === req.params.provider_id)
    const spec = p && channelSpec(p.identifier)
    if (!p || !spec) throw new MedusaError(MedusaError.Types.NOT_FOUND, `${req.params.provider_id} is not a configured payment channel of this plugin`)
    const started = Date.now()
    let result: Diagnosis
    try {
      result = await Promise.race([
        spec.diagnose(p.options, { callbackUrl: callbackUrlFor(backendUrl(req), p), container: req.scope }),
        new Promise<Diagnosis>((resolve) => setTimeout(() => resolve({ ok: false, summary: `No answer within ${TIMEOUT_MS / 1000} s`, details: [] }), TIMEOUT_MS).unref()),
      ])
    } catch (e) {
      result = { ok: false, summary: "The test could not be run", details: [(e as Error).message] }
    }
    // the summary names what is wrong (a code, an unknown key serial), never a secret: the route returns it too
    req.scope.resolve(ContainerRegistrationKeys.LOGGER)[result.ok ? "info" : "warn"](`order-management: connection test of ${p.provider_id} by ${actor.email ?? actor.id}: ${result.ok ? "ok" : `failed: ${result.summary}`}`)
    res.json({ provider_id: p.provider_id, ...result, checked_at: new Date().toISOString(), duration_ms: Date.now() - started })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
