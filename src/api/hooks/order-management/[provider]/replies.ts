import type { MedusaResponse } from "@medusajs/framework/http"

/**
 * What each platform needs to hear. Alipay: exactly `success`, anything else
 * makes it retry. WeChat Pay v3: the HTTP status counts (2xx received, 4xx/5xx
 * retried) with {"code":"FAIL","message"} on failure. Others: JSON.
 */
export type ReplyKind = "ok" | "rejected" | "retry" | "unknown_provider"

export function reply(res: MedusaResponse, providerId: string, kind: ReplyKind, message = ""): void {
  if (providerId.startsWith("pp_alipay")) {
    const status = kind === "ok" ? 200 : kind === "retry" ? 500 : kind === "unknown_provider" ? 404 : 400
    res.status(status).type("text/plain").send(kind === "ok" ? "success" : "fail")
    return
  }
  if (kind === "ok") {
    if (providerId.startsWith("pp_wechatpay")) {
      res.status(204).end()
    } else {
      res.status(200).json({ received: true })
    }
    return
  }
  const status = kind === "retry" ? 500 : kind === "unknown_provider" ? 404 : 401
  res.status(status).json({ code: "FAIL", message })
}
