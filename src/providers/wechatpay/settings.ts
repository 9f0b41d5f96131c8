import { GatewayError } from "../../gateways/http"
import { WechatPayApiError, WechatPayClient, WECHATPAY_PRODUCTION_BASE } from "../../gateways/wechatpay"
import { describeCertificate, describeKey, id, key, secret } from "../settings/mask"
import { modeOf, unreachable, type ChannelSpec, type Diagnosis } from "../settings/types"

const EXPLAIN: Record<string, string> = {
  SIGN_ERROR: "WeChat Pay could not verify our request signature: privateKey and merchantSerialNo must be the merchant API certificate's key and serial.",
  MCH_NOT_EXISTS: "WeChat Pay does not know this mchid.",
  NO_AUTH: "The merchant has no permission for this API (Native / H5 not opened in the merchant platform).",
  INVALID_REQUEST: "WeChat Pay refused the request as malformed.",
}

export const wechatpaySettings: ChannelSpec = {
  identifier: "wechatpay",
  label: "WeChat Pay",
  requiredOptions: ["mchid", "appid", "merchantSerialNo", "privateKey", "platformKeys", "apiV3Key", "notifyUrl"],
  describe(o) {
    const endpoint = o.baseUrl || WECHATPAY_PRODUCTION_BASE
    const platformKeys = Object.entries((o.platformKeys ?? {}) as Record<string, string>).map(([serial, pem]) => ({
      name: `platformKeys.${serial}`,
      value: /BEGIN CERTIFICATE/.test(pem) ? describeCertificate(pem)?.value ?? null : describeKey(pem, "public"),
      kind: "key" as const,
    }))
    return {
      // API v3 has no sandbox
      mode: modeOf(endpoint, WECHATPAY_PRODUCTION_BASE),
      endpoint,
      credentials: [
        id("mchid", o.mchid),
        id("appid", o.appid),
        id("merchantSerialNo", o.merchantSerialNo),
        key("privateKey", o.privateKey, "private"),
        ...platformKeys,
        secret("apiV3Key", o.apiV3Key),
      ],
      configured_callback_url: o.notifyUrl ?? null,
      callback_registered_at_platform: false,
      settings: [
        { name: "defaultMethod", value: o.defaultMethod ?? "native" },
        { name: "expiresInMinutes", value: String(o.expiresInMinutes ?? 30) },
        ...(o.requestSerial ? [{ name: "requestSerial", value: String(o.requestSerial) }] : []),
      ],
    }
  },
  async diagnose(o): Promise<Diagnosis> {
    const client = new WechatPayClient(o as any)
    try {
      const t = await client.query(`OMPROBE${Date.now()}`)
      return {
        ok: true,
        summary: "WeChat Pay accepted the merchant signature and its answer verified with the configured platform key.",
        details: [`Asked for a test order that does not exist: ${t ? "found (unexpected)" : "ORDER_NOT_EXIST"}`, `mchid ${o.mchid} at ${client.baseUrl}`],
      }
    } catch (e) {
      if (e instanceof WechatPayApiError) return { ok: false, summary: EXPLAIN[e.code] ?? `WeChat Pay refused the query: ${e.code}`, details: [`HTTP ${e.status} ${e.code}: ${e.message}`] }
      if (e instanceof GatewayError && e.kind === "signature") {
        return {
          ok: false,
          summary: e.status === 401
            ? "WeChat Pay refused our request signature (401), and its answer did not verify either: check merchantSerialNo and privateKey, then platformKeys."
            : "WeChat Pay answered, but the answer did not verify with platformKeys: add the platform public key (PUB_KEY_ID_…) or platform certificate it is signed with.",
          details: [e.message],
        }
      }
      if (e instanceof GatewayError && e.kind === "transport") return unreachable(client.baseUrl, e)
      return { ok: false, summary: "WeChat Pay gave an answer that could not be read.", details: [(e as Error).message] }
    }
  },
}
