import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../modules/order-management/service"
import { channelFor, providerMatches, unpaidTimeoutFor } from "../../../../modules/order-management/options"
import { CHANNELS } from "../../../../providers/settings"
import { backendUrl, callbackUrlFor, configuredProviders } from "../../../utils/payment-channels"
import { paymentWindows } from "../../../../workflows/utils/payment-windows"
import { PAYMENT_TRADES_MODULE } from "../../../../modules/payment-trades"
import type PaymentTradesModuleService from "../../../../modules/payment-trades/service"

/**
 * GET /admin/order-management/payment-channels — every payment channel the
 * plugin brings: configured or not, sandbox or production, its credentials
 * masked (secrets only as "set"), the callback URL to register at the
 * platform, regions, limits, fees, review and unpaid timeout, the payment window (minutes a customer may pay)
 * and a warning when it is longer than the unpaid timeout, and the channel's recent indefinite platform answers
 * (`recent_errors`: newest first, with the platform's code; none of them canceled anything).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
  const options = service.getOptions()
  const configured = configuredProviders(req.scope)
  const registered = new Map((await req.scope.resolve(Modules.PAYMENT).listPaymentProviders({}, { take: 1000 })).map((p: any) => [p.id, p.is_enabled]))
  const { data: regions } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "region", fields: ["id", "name", "currency_code", "payment_providers.id"] })
  const base = backendUrl(req)
  const windows = new Map(paymentWindows(req.scope).map((w) => [w.provider_id, w]))
  const trades: PaymentTradesModuleService = req.scope.resolve(PAYMENT_TRADES_MODULE)
  const errors = new Map(await Promise.all(configured.map(async (p) => [p.provider_id, await trades.recentChannelErrors(p.provider_id, 5)] as const)))
  const channels = CHANNELS.flatMap((spec): Record<string, unknown>[] => {
    const mine = configured.filter((c) => c.identifier === spec.identifier)
    if (!mine.length) return [{ identifier: spec.identifier, label: spec.label, configured: false, required_options: spec.requiredOptions }]
    return mine.map((p) => {
      const d = spec.describe(p.options)
      const callback = d.mode === "offline" || d.mode === "internal" ? null : callbackUrlFor(base, p)
      const pathOf = (u: string | null) => { try { return u ? new URL(u).pathname : null } catch { return null } }
      const channel = channelFor(p.provider_id, options)
      return {
        identifier: spec.identifier,
        label: spec.label,
        configured: true,
        provider_id: p.provider_id,
        enabled: registered.get(p.provider_id) === true,
        regions: (regions as any[]).filter((r) => (r.payment_providers ?? []).some((x: any) => x?.id === p.provider_id)).map((r) => ({ id: r.id, name: r.name, currency_code: r.currency_code })),
        ...d,
        callback_url: callback,
        callback_path_matches: d.configured_callback_url && callback ? pathOf(d.configured_callback_url) === pathOf(callback) : null,
        limits: channel?.limits ?? {},
        fee: channel?.fee ?? null,
        manual_review: providerMatches(p.provider_id, options.manualReviewProviders),
        unpaid_timeout_minutes: unpaidTimeoutFor(p.provider_id, options),
        payment_window_minutes: windows.get(p.provider_id)?.window_minutes ?? null,
        window_warning: windows.get(p.provider_id)?.warning ?? null,
        // the platform's last indefinite answers (nothing was canceled because of them)
        recent_errors: (errors.get(p.provider_id) ?? []).map((e: any) => ({ at: e.created_at, source: e.source, operation: e.operation, failure: e.failure, platform_code: e.platform_code, http_status: e.http_status, retryable: e.retryable, key_serial: e.key_serial, out_trade_no: e.out_trade_no, order_id: e.order_id, message: e.message })),
      }
    })
  })
  res.json({ channels, backend_url: base })
}
