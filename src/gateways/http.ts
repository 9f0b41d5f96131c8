/** Details of a GatewayError a caller may act on or show (never a secret). */
export type GatewayErrorDetail = {
  /** the platform's own code when its answer carried one (read unverified where `kind` is "signature") */
  code?: string | null
  /** transport: no answer within the client's timeout (the call may still have taken effect) */
  timedOut?: boolean
  /** signature: the key id the answer was signed under (WeChat's Wechatpay-Serial, Alipay's alipay_cert_sn) */
  serial?: string | null
  /** signature: why it did not verify (unknown_serial, bad_signature, stale_timestamp, missing_headers, …) */
  reason?: string | null
}

/** What a platform call failed with when there is no business answer to read. */
export class GatewayError extends Error {
  readonly code: string | null
  readonly timedOut: boolean
  readonly serial: string | null
  readonly reason: string | null

  constructor(
    message: string,
    /** transport: network/timeout/5xx, outcome unknown; signature: the answer could not be trusted; protocol: malformed answer */
    readonly kind: "transport" | "signature" | "protocol",
    readonly status?: number,
    detail: GatewayErrorDetail = {}
  ) {
    super(message)
    this.name = "GatewayError"
    this.code = detail.code ?? null
    this.timedOut = detail.timedOut ?? false
    this.serial = detail.serial ?? null
    this.reason = detail.reason ?? null
  }
}

export type HttpResult = { status: number; headers: Headers; body: string }

/**
 * fetch with a timeout, returning the raw text (verification needs the exact
 * bytes). `timeoutMs` (default 15 000) covers the whole exchange, body
 * included. Throws GatewayError("transport") when no complete answer arrived:
 * `timedOut` tells a timeout (the request may have taken effect at the
 * platform) from a refused or broken connection.
 */
export async function httpRequest(url: string, init: RequestInit & { timeoutMs?: number }): Promise<HttpResult> {
  const res = await exchange(url, init, (r) => r.text())
  return { status: res.status, headers: res.headers, body: res.body }
}

export type HttpBytesResult = { status: number; headers: Headers; body: Buffer }

/** httpRequest for a binary answer (a bill file): the body as the exact bytes received. Same errors. */
export async function httpRequestBytes(url: string, init: RequestInit & { timeoutMs?: number }): Promise<HttpBytesResult> {
  return exchange(url, init, async (r) => Buffer.from(await r.arrayBuffer()))
}

async function exchange<B>(url: string, init: RequestInit & { timeoutMs?: number }, read: (res: Response) => Promise<B>): Promise<{ status: number; headers: Headers; body: B }> {
  const timeoutMs = init.timeoutMs ?? 15_000
  const host = new URL(url).host
  const failed = (e: any): GatewayError => {
    const timedOut = e?.name === "TimeoutError" || e?.name === "AbortError" || e?.cause?.name === "TimeoutError"
    return timedOut
      ? new GatewayError(`request to ${host} timed out after ${timeoutMs} ms`, "transport", undefined, { timedOut: true })
      : new GatewayError(`request to ${host} failed: ${e?.cause?.code ?? e?.message ?? e}`, "transport")
  }
  const { timeoutMs: _t, ...rest } = init
  let res: Response
  try {
    res = await fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs) })
  } catch (e: any) {
    throw failed(e)
  }
  let body: B
  try {
    body = await read(res)
  } catch (e: any) {
    throw failed(e)
  }
  return { status: res.status, headers: res.headers, body }
}
