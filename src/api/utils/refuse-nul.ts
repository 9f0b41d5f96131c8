import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

/** The path of the first string holding a NUL character in `value` (query, body), or null. */
function nulAt(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path || "value" : null
  if (depth > 8 || value === null || typeof value !== "object") return null
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k.includes("\u0000")) return `${path}${path ? "." : ""}${k.replace(/\u0000/g, "\\0")}`
    const found = nulAt(v, `${path}${path ? "." : ""}${k}`, depth + 1)
    if (found) return found
  }
  return null
}

/**
 * Refuse a request whose query, route parameters or JSON body holds a NUL character (U+0000) with a 400 naming the
 * field: PostgreSQL cannot store or compare one in text ("invalid byte sequence for encoding UTF8: 0x00"), so it would
 * otherwise reach the database and fail there as a 500.
 * @throws MedusaError INVALID_DATA "<field>: must not contain a NUL character"
 */
export function refuseNulCharacters(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const field = nulAt(req.query, "") ?? nulAt(req.params, "") ?? nulAt(req.body, "")
  if (field) return next(new MedusaError(MedusaError.Types.INVALID_DATA, `${field}: must not contain a NUL character`))
  next()
}
