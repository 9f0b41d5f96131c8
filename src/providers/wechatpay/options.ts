import { isKey } from "../../gateways/keys"
import { OptionErrors } from "../shared/options"

export type WechatPayProviderOptions = {
  mchid: string
  appid: string
  /** serial number of the merchant API certificate */
  merchantSerialNo: string
  /** merchant API private key (apiclient_key.pem) */
  privateKey: string
  /** WeChat's verification keys by Wechatpay-Serial: PUB_KEY_ID_... and/or platform certificate serials → PEM */
  platformKeys: Record<string, string>
  /** sent as Wechatpay-Serial on requests (public-key mode: the PUB_KEY_ID_...) */
  requestSerial?: string
  /** the 32-character APIv3 key */
  apiV3Key: string
  /** https://<store>/hooks/order-management/wechatpay (no query string) */
  notifyUrl: string
  /** where the H5 cashier returns the browser ({session_id}, {out_trade_no} replaced) */
  h5RedirectUrl?: string
  baseUrl?: string
  expiresInMinutes?: number
  defaultMethod?: "native" | "h5"
  description?: string
  timestampWindowSeconds?: number
  timeoutMs?: number
}

export const WECHAT_METHODS = ["native", "h5"] as const

export function validateWechatPayOptions(o: Record<string, unknown>): void {
  const e = new OptionErrors("wechatpay", o)
  e.string("mchid", { pattern: /^\d{8,10}$/, hint: "the merchant number, 8-10 digits" })
  e.string("appid", { pattern: /^wx[0-9A-Za-z]{16}$/, hint: "wx + 16 letters or digits" })
  e.string("merchantSerialNo", { pattern: /^[0-9A-Fa-f]{8,40}$/, hint: "the merchant API certificate serial (hex)" })
  e.check(isKey(o.privateKey, "private"), "privateKey is required and must be an RSA private key (apiclient_key.pem)")
  const keys = o.platformKeys as Record<string, unknown> | undefined
  e.check(!!keys && typeof keys === "object" && Object.keys(keys).length > 0, "platformKeys is required: { \"PUB_KEY_ID_...\" | \"<platform cert serial>\": PEM }")
  for (const [serial, pem] of Object.entries(keys ?? {})) e.check(isKey(pem, "public"), `platformKeys["${serial}"] is not a public key or certificate`)
  e.check(typeof o.apiV3Key === "string" && Buffer.byteLength(o.apiV3Key) === 32, "apiV3Key is required and must be 32 characters")
  e.url("notifyUrl")
  e.check(!(typeof o.notifyUrl === "string" && o.notifyUrl.includes("?")), "notifyUrl must not carry a query string")
  e.url("h5RedirectUrl", { optional: true })
  e.url("baseUrl", { optional: true })
  const exp = o.expiresInMinutes
  e.check(exp === undefined || (Number.isInteger(exp) && (exp as number) >= 1 && (exp as number) <= 90 * 24 * 60), "expiresInMinutes must be an integer from 1 to 129600 (90 days)")
  e.check(o.defaultMethod === undefined || WECHAT_METHODS.includes(o.defaultMethod as any), `defaultMethod must be one of ${WECHAT_METHODS.join(", ")}`)
  e.throwIfAny()
}
