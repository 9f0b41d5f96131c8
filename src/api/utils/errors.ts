import type { MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

const STATUS: Record<string, number> = {
  [MedusaError.Types.CONFLICT]: 409,
  [MedusaError.Types.NOT_FOUND]: 404,
  [MedusaError.Types.FORBIDDEN]: 403,
  [MedusaError.Types.UNAUTHORIZED]: 401,
  [MedusaError.Types.INVALID_DATA]: 400,
  [MedusaError.Types.NOT_ALLOWED]: 400,
}

/** The HTTP status and body for an error a lifecycle action raised (4xx keep their message). */
export function describeError(e: unknown): { status: number; type: string; message: string } {
  const err = e as { type?: string; message?: string }
  const status = (err?.type && STATUS[err.type]) || 500
  return {
    status,
    type: status === 409 ? "conflict" : err?.type ?? "unknown_error",
    message: status < 500 ? err?.message ?? "request failed" : "An unknown error occurred.",
  }
}

/**
 * Medusa's own error handler replaces a CONFLICT's message with a generic
 * idempotency hint; lifecycle conflicts must name the current status, so
 * routes send them here. Anything unexpected goes back to Medusa's handler.
 */
export function sendLifecycleError(res: MedusaResponse, e: unknown): void {
  const d = describeError(e)
  if (d.status >= 500) {
    throw e
  }
  res.status(d.status).json({ type: d.type, message: d.message })
}
