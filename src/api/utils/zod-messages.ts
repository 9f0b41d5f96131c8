import { z } from "@medusajs/framework/zod"

/**
 * Validators whose refusals keep their own words. Medusa's error formatting rewrites zod's too_small / enum issues
 * ("Value for field 'amount' too small, expected at least: '0'", "Field 'evidence, 0, mime_type' is required"),
 * while a custom issue's message reaches the caller as written, so these checks are refinements.
 */

/** Text that is not blank after trimming and at most `max` characters; trimmed. */
export const text = (field: string, max: number, required = `${field} is required`) =>
  z
    .string({ error: `${field} must be text` })
    .refine((v) => v.trim().length > 0, { message: required })
    .refine((v) => v.trim().length <= max, { message: `${field} must be at most ${max} characters` })
    .transform((v) => v.trim())

/** A whole, positive amount in minor units. */
export const minorUnits = (field: string) =>
  z.number({ error: `${field} must be an amount in minor units` }).refine((v) => Number.isInteger(v) && v > 0, { message: `${field} must be a whole number of minor units greater than 0` })

/** One of a list of codes. */
export const oneOf = <T extends string>(field: string, values: readonly T[]) =>
  z.string({ error: `${field} must be one of: ${values.join(", ")}` }).refine((v): v is T => (values as readonly string[]).includes(v), { message: `${field} must be one of: ${values.join(", ")}` }) as unknown as z.ZodType<T>
