import { GatewayError } from "../../gateways/http"
import { WechatPayApiError, WechatPayClient, WECHATPAY_PRODUCTION_BASE } from "../../gateways/wechatpay"
import { describeCertificate, describeKey, id, key, secret } from "../settings/mask"
import { modeOf, unreachable, type ChannelSpec, type Diagnosis } from "../settings/types"

const EXPLAIN: Record<string, string> = {
  SIGN_ERROR: "WeChat Pay could not verify our request signature: privateKey and merchantSerialNo must be the merchant API certificate's key and serial.",
  MCH_NOT_EXISTS: "WeChat Pay does not know this mchid.",
  NO_AUTH: "The merchant has no permission for this API (Native / H5 not opened in the merchant platform).",
  INVALID_REQUEST: "WeChat Pay refused the request as malformed.",
  FREQUENCY_LIMITED: "WeChat Pay is limiting this merchant's request rate right now (429 FREQUENCY_LIMITED): try again in a minute. Status queries that get this answer are asked again later; no order is canceled on it.",
}

/**
 * What an answer that does not verify means, naming the key it was signed
 * under. An unknown Wechatpay-Serial is WeChat renewing its platform
 * certificate (平台证书更新指引, https://pay.weixin.qq.com/wiki/doc/apiv3/open/pay/wechatpay5_0.shtml)
 * or signing with the merchant's WeChat Pay public key after the switch
 * (https://pay.weixin.qq.com/doc/v3/merchant/4012154180); until the key is in
 * platformKeys, callbacks are refused (WeChat sends them again) and status
 * queries count as unknown (no order is closed or canceled on them).
 */
export function unverifiedAnswer(e: GatewayError, client: WechatPayClient): Diagnosis {
  const detail = `${e.message} (platformKeys holds: ${client.knownSerials.join(", ") || "nothing"})`
  const meanwhile = "Until then callbacks are refused with 401 (WeChat sends them again) and status queries count as unknown: no order is closed or canceled on them."
  if (e.status === 401 && e.code === "SIGN_ERROR") {
    return { ok: false, summary: "WeChat Pay refused our request signature (401 SIGN_ERROR), and its answer did not verify either: check merchantSerialNo and privateKey, then platformKeys.", details: [detail] }
  }
  if (e.reason === "unknown_serial" && e.serial) {
    const summary = /^PUB_KEY_ID_/.test(e.serial)
      ? `WeChat Pay's answer did not verify with platformKeys: it is signed with the WeChat Pay public key ${e.serial}, which platformKeys does not hold. Download it in the merchant platform (账户中心 → API安全 → 微信支付公钥), add it to platformKeys as "${e.serial}", set requestSerial to "${e.serial}" and restart. ${meanwhile}`
      : `WeChat Pay's answer did not verify with platformKeys: it is signed with platform certificate ${e.serial}, which platformKeys does not hold (WeChat renews its platform certificate before the old one expires). Download the new certificate (GET /v3/certificates, or the merchant platform), add it to platformKeys under "${e.serial}" and restart. ${meanwhile}`
    return { ok: false, summary, details: [detail] }
  }
  if (e.reason === "stale_timestamp") {
    return { ok: false, summary: "WeChat Pay's answer did not verify: its timestamp is more than 5 minutes away from this server's clock; check the server's time (NTP).", details: [detail] }
  }
  if (e.reason === "bad_signature") {
    return { ok: false, summary: `WeChat Pay's answer did not verify with platformKeys: it is signed under ${e.serial ?? "a serial"} that platformKeys holds, but not with the key configured for it; replace that key with WeChat's.`, details: [detail] }
  }
  return {
    ok: false,
    summary: "WeChat Pay answered, but the answer did not verify with platformKeys: add the platform public key (PUB_KEY_ID_…) or platform certificate it is signed with.",
    details: [detail],
  }
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
      if (e instanceof GatewayError && e.kind === "signature") return unverifiedAnswer(e, client)
      if (e instanceof GatewayError && e.kind === "transport") return unreachable(client.baseUrl, e)
      return { ok: false, summary: "WeChat Pay gave an answer that could not be read.", details: [(e as Error).message] }
    }
  },
}
