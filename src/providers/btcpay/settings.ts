import { GatewayError } from "../../gateways/http"
import { BtcpayApiError, BtcpayClient } from "../../gateways/btcpay"
import { id, maskId, secret } from "../settings/mask"
import { unreachable, type ChannelSpec, type Diagnosis } from "../settings/types"

export const btcpaySettings: ChannelSpec = {
  identifier: "btcpay",
  label: "BTCPay Server (BTC)",
  requiredOptions: ["baseUrl", "apiKey", "storeId", "webhookSecret"],
  describe(o) {
    return {
      mode: "self-hosted",
      endpoint: o.baseUrl ?? null,
      credentials: [
        id("storeId", o.storeId),
        { name: "apiKey", value: typeof o.apiKey === "string" && o.apiKey ? `****${maskId(o.apiKey)!.slice(-4)}` : null, kind: "secret" },
        secret("webhookSecret", o.webhookSecret),
      ],
      configured_callback_url: null,
      callback_registered_at_platform: true,
      settings: [
        { name: "expirationMinutes", value: String(o.expirationMinutes ?? 30) },
        { name: "speedPolicy", value: o.speedPolicy ?? "MediumSpeed" },
        ...(o.paymentMethods ? [{ name: "paymentMethods", value: (o.paymentMethods as string[]).join(", ") }] : []),
      ],
    }
  },
  async diagnose(o, { callbackUrl }): Promise<Diagnosis> {
    const client = new BtcpayClient({ baseUrl: o.baseUrl, apiKey: o.apiKey, storeId: o.storeId, timeoutMs: o.timeoutMs })
    let store: { name: string }
    try {
      store = await client.getStore()
    } catch (e) {
      if (e instanceof BtcpayApiError) {
        const why = e.status === 401 ? "BTCPay refused the API key."
          : e.status === 403 ? "The API key has no access to this store (permission btcpay.store.canviewstoresettings for storeId)."
          : e.status === 404 ? "BTCPay knows no store with this storeId." : `BTCPay refused the request (HTTP ${e.status}).`
        return { ok: false, summary: why, details: [e.message] }
      }
      if (e instanceof GatewayError && e.kind === "transport") return unreachable(o.baseUrl, e)
      return { ok: false, summary: "BTCPay gave an answer that could not be read.", details: [(e as Error).message] }
    }
    const details = [`Store: ${store.name}`]
    try {
      const hooks = await client.listWebhooks()
      const path = new URL(callbackUrl).pathname
      const ours = hooks.find((h) => { try { return new URL(h.url).pathname === path } catch { return false } })
      if (!ours) {
        return { ok: false, summary: `The API key works, but no webhook of store "${store.name}" posts to ${callbackUrl}: add one (Store settings → Webhooks) with webhookSecret as its secret.`, details: [...details, ...hooks.map((h) => `webhook ${h.id}: ${h.url}${h.enabled ? "" : " (disabled)"}`)] }
      }
      if (!ours.enabled) return { ok: false, summary: `The webhook ${ours.id} to ${ours.url} is disabled in BTCPay.`, details }
      details.push(`Webhook ${ours.id} → ${ours.url} (the secret is checked on the first delivery)`)
    } catch (e) {
      details.push(`Webhooks could not be listed (${(e as Error).message}); give the key btcpay.store.webhooks.canmodifywebhooks or check them by hand.`)
    }
    return { ok: true, summary: `BTCPay accepted the API key for store "${store.name}" and a webhook posts to this store.`, details }
  },
}
