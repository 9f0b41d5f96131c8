import { AlipayClient, ALIPAY_PRODUCTION_GATEWAY } from "../../gateways/alipay"
import { certificate, id, key } from "../settings/mask"
import { modeOf, unreachable, type ChannelSpec, type Diagnosis } from "../settings/types"

const EXPLAIN: Record<string, string> = {
  "isv.invalid-signature": "Alipay could not verify our request signature: privateKey is not the private half of the app public key set on the Alipay open platform.",
  "isv.invalid-app-id": "Alipay does not know this appId (or it belongs to the other environment: sandbox and production apps differ).",
  "isv.insufficient-isv-permissions": "The app lacks the permission for this product; sign the product (当面付 / 手机网站支付) for the app.",
  "isv.app-unonline": "The app is not online yet; publish it on the Alipay open platform.",
}

export const alipaySettings: ChannelSpec = {
  identifier: "alipay",
  label: "Alipay",
  requiredOptions: ["appId", "privateKey", "alipayPublicKey (or appCert, alipayPublicCert, alipayRootCert)", "sellerId", "notifyUrl"],
  describe(o) {
    const endpoint = o.gatewayUrl || ALIPAY_PRODUCTION_GATEWAY
    const certMode = !!(o.appCert && o.alipayPublicCert && o.alipayRootCert)
    return {
      mode: modeOf(endpoint, ALIPAY_PRODUCTION_GATEWAY, /alipaydev\.com/),
      endpoint,
      credentials: [
        id("appId", o.appId),
        id("sellerId", o.sellerId),
        key("privateKey", o.privateKey, "private"),
        ...(certMode ? [certificate("appCert", o.appCert), certificate("alipayPublicCert", o.alipayPublicCert), certificate("alipayRootCert", o.alipayRootCert)] : [key("alipayPublicKey", o.alipayPublicKey, "public")]),
      ],
      configured_callback_url: o.notifyUrl ?? null,
      callback_registered_at_platform: false,
      settings: [
        { name: "key mode", value: certMode ? "certificate (公钥证书)" : "public key (公钥)" },
        { name: "defaultMethod", value: o.defaultMethod ?? "qr" },
        { name: "expiresInMinutes", value: String(o.expiresInMinutes ?? 30) },
        ...(o.returnUrl ? [{ name: "returnUrl", value: String(o.returnUrl) }] : []),
      ],
    }
  },
  async diagnose(o): Promise<Diagnosis> {
    const client = new AlipayClient(o as any)
    const p = await client.probe()
    if (!p.reached) return unreachable(client.gatewayUrl, new Error(p.error))
    const a = p.answer
    if (p.verified && (a?.sub_code === "ACQ.TRADE_NOT_EXIST" || a?.code === "10000")) {
      return {
        ok: true,
        summary: "Alipay accepted the app's signature and its answer verified with the configured Alipay key.",
        details: [`Asked for a test order that does not exist: ${a.sub_code ?? a.code} ${a.sub_msg ?? ""}`.trim(), `appId ${o.appId} at ${client.gatewayUrl}`],
      }
    }
    if (a?.sub_code && EXPLAIN[a.sub_code]) return { ok: false, summary: EXPLAIN[a.sub_code], details: [`${a.code} ${a.sub_code} ${a.sub_msg ?? ""}`.trim()] }
    if (!p.verified) {
      return {
        ok: false,
        summary: "Alipay answered, but its signature did not verify with the configured alipayPublicKey (or alipayPublicCert): it is not Alipay's key for this app.",
        details: [p.error ?? "", a ? `answer (unverified): ${a.code} ${a.sub_code ?? ""} ${a.sub_msg ?? ""}`.trim() : ""].filter(Boolean),
      }
    }
    return { ok: false, summary: `Alipay refused the query: ${a?.sub_msg ?? a?.code}`, details: [`${a?.code} ${a?.sub_code ?? ""}`.trim()] }
  },
}
