import { isKey } from "../../gateways/keys"
import { OptionErrors } from "../shared/options"

export type AlipayProviderOptions = {
  appId: string
  /** app private key (PEM or bare base64 PKCS#8) */
  privateKey: string
  /** public-key mode */
  alipayPublicKey?: string
  /** certificate mode (PEM texts) */
  appCert?: string
  alipayPublicCert?: string
  alipayRootCert?: string
  /** the merchant's PID (2088...), compared with seller_id on every notify and query */
  sellerId: string
  /** where Alipay posts notifies: https://<store>/hooks/order-management/alipay */
  notifyUrl: string
  /** where the browser returns after page/wap pay ({session_id} and {out_trade_no} are replaced) */
  returnUrl?: string
  /** origins a storefront may pass as data.return_url (default: returnUrl's origin) */
  allowedReturnOrigins?: string[]
  /** production (default), sandbox, or a simulator's gateway.do */
  gatewayUrl?: string
  /** how long a trade stays payable; keep it at or under the unpaid-order timeout (default 30) */
  expiresInMinutes?: number
  /** qr (default) | h5 | page */
  defaultMethod?: "qr" | "h5" | "page"
  /** shown on the buyer's bill */
  subject?: string
  timeoutMs?: number
}

export const ALIPAY_METHODS = ["qr", "h5", "page"] as const

export function validateAlipayOptions(o: Record<string, unknown>): void {
  const e = new OptionErrors("alipay", o)
  e.string("appId", { pattern: /^\d{16}$/, hint: "the 16-digit APPID" })
  e.check(isKey(o.privateKey, "private"), "privateKey is required and must be an RSA private key (PEM or base64 PKCS#8)")
  const certMode = !!(o.appCert || o.alipayPublicCert || o.alipayRootCert)
  if (certMode) {
    for (const k of ["appCert", "alipayPublicCert", "alipayRootCert"]) {
      e.check(typeof o[k] === "string" && String(o[k]).includes("BEGIN CERTIFICATE"), `${k} is required in certificate mode (PEM text)`)
    }
  } else {
    e.check(isKey(o.alipayPublicKey, "public"), "alipayPublicKey is required (or appCert, alipayPublicCert and alipayRootCert for certificate mode)")
  }
  e.string("sellerId", { pattern: /^2088\d{12}$/, hint: "the merchant PID, 2088 + 12 digits" })
  e.url("notifyUrl")
  e.url("returnUrl", { optional: true })
  e.url("gatewayUrl", { optional: true })
  const exp = o.expiresInMinutes
  e.check(exp === undefined || (Number.isInteger(exp) && (exp as number) >= 1 && (exp as number) <= 15 * 24 * 60), "expiresInMinutes must be an integer from 1 to 21600 (15 days)")
  e.check(o.defaultMethod === undefined || ALIPAY_METHODS.includes(o.defaultMethod as any), `defaultMethod must be one of ${ALIPAY_METHODS.join(", ")}`)
  e.check(o.allowedReturnOrigins === undefined || (Array.isArray(o.allowedReturnOrigins) && o.allowedReturnOrigins.every((x) => typeof x === "string")), "allowedReturnOrigins must be a list of origins")
  e.throwIfAny()
}
