import { GatewayError } from "../../gateways/http"
import { NowPaymentsApiError, NowPaymentsClient, NOWPAYMENTS_PRODUCTION_BASE, NOWPAYMENTS_SANDBOX_BASE } from "../../gateways/nowpayments"
import { id, maskId, secret } from "../settings/mask"
import { modeOf, unreachable, type ChannelSpec, type Diagnosis } from "../settings/types"

export const nowpaymentsSettings: ChannelSpec = {
  identifier: "nowpayments",
  label: "NOWPayments (USDT, BTC)",
  requiredOptions: ["apiKey", "ipnSecret", "ipnCallbackUrl"],
  describe(o) {
    const endpoint = o.baseUrl || NOWPAYMENTS_PRODUCTION_BASE
    return {
      mode: modeOf(endpoint, NOWPAYMENTS_PRODUCTION_BASE, NOWPAYMENTS_SANDBOX_BASE),
      endpoint,
      // an API key identifies the account and spends from it: never shown beyond its last characters
      credentials: [
        { name: "apiKey", value: typeof o.apiKey === "string" && o.apiKey ? `****${maskId(o.apiKey)!.slice(-4)}` : null, kind: "secret" },
        secret("ipnSecret", o.ipnSecret),
        ...(o.email ? [id("email", o.email), secret("password", o.password)] : []),
      ],
      configured_callback_url: o.ipnCallbackUrl ?? null,
      callback_registered_at_platform: false,
      settings: [
        { name: "mode", value: o.mode ?? "payment" },
        { name: "payCurrency", value: o.payCurrency ?? "usdttrc20" },
        { name: "allowedPayCurrencies", value: (o.allowedPayCurrencies ?? [o.payCurrency ?? "usdttrc20"]).join(", ") },
        { name: "tolerance (minor units)", value: `under ${o.underpaidToleranceMinor ?? 0}, over ${o.overpaidToleranceMinor ?? 0}` },
      ],
    }
  },
  async diagnose(o): Promise<Diagnosis> {
    const client = new NowPaymentsClient({ apiKey: o.apiKey, baseUrl: o.baseUrl, timeoutMs: o.timeoutMs, email: o.email || undefined, password: o.password || undefined })
    const endpoint = o.baseUrl || NOWPAYMENTS_PRODUCTION_BASE
    const details: string[] = []
    try {
      const s = await client.status()
      details.push(`API status: ${s.message}`)
      const { selectedCurrencies = [] } = await client.merchantCoins()
      const wanted: string[] = o.allowedPayCurrencies ?? [o.payCurrency ?? "usdttrc20"]
      const missing = wanted.filter((c) => !selectedCurrencies.map((x) => x.toLowerCase()).includes(c))
      details.push(`Coins enabled in the account: ${selectedCurrencies.join(", ") || "none"}`)
      details.push("The IPN secret is checked on the first IPN (NOWPayments sends none until it is set in the dashboard).")
      if (client.canList) {
        try {
          await client.bearer()
          details.push("The account login works: hosted invoices' payments can be looked up without their IPN.")
        } catch (e) {
          return { ok: false, summary: "The API key works, but NOWPayments refused the account email and password (used to look up hosted invoices' payments).", details: [...details, (e as Error).message] }
        }
      } else if ((o.mode ?? "payment") === "invoice") {
        details.push("No account login (email, password): a hosted invoice's payment is known only from its IPNs.")
      }
      if (missing.length) {
        return { ok: false, summary: `The API key works, but ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not enabled in the NOWPayments account (Store settings → coins).`, details }
      }
      return { ok: true, summary: "NOWPayments accepted the API key; every coin the store offers is enabled.", details }
    } catch (e) {
      if (e instanceof NowPaymentsApiError) {
        return { ok: false, summary: e.status === 401 || e.status === 403 ? "NOWPayments refused the API key (sandbox and production keys differ)." : `NOWPayments refused the request (HTTP ${e.status}).`, details: [...details, e.message] }
      }
      if (e instanceof GatewayError && e.kind === "transport") return unreachable(endpoint, e)
      return { ok: false, summary: "NOWPayments gave an answer that could not be read.", details: [...details, (e as Error).message] }
    }
  },
}
