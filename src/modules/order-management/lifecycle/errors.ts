import { MedusaError } from "@medusajs/framework/utils"

/**
 * Errors the lifecycle raises. MedusaError keeps its `type` across workflow
 * boundaries; routes map CONFLICT to 409 with our message (Medusa's own
 * handler would replace it with a generic one).
 */
export const conflict = (message: string) => new MedusaError(MedusaError.Types.CONFLICT, message)
export const forbidden = (message: string) => new MedusaError(MedusaError.Types.FORBIDDEN, message)
export const notFound = (message: string) => new MedusaError(MedusaError.Types.NOT_FOUND, message)
export const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)
