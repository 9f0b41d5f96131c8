/** What a platform call failed with when there is no business answer to read. */
export class GatewayError extends Error {
  constructor(
    message: string,
    /** transport: network/timeout/5xx, outcome unknown; signature: the answer could not be trusted; protocol: malformed answer */
    readonly kind: "transport" | "signature" | "protocol",
    readonly status?: number
  ) {
    super(message)
    this.name = "GatewayError"
  }
}

export type HttpResult = { status: number; headers: Headers; body: string }

/** fetch with a timeout, returning the raw text (verification needs the exact bytes). */
export async function httpRequest(url: string, init: RequestInit & { timeoutMs?: number }): Promise<HttpResult> {
  let res: Response
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 15_000) })
  } catch (e: any) {
    throw new GatewayError(`request to ${new URL(url).host} failed: ${e?.cause?.code ?? e?.message ?? e}`, "transport")
  }
  const body = await res.text()
  return { status: res.status, headers: res.headers, body }
}
