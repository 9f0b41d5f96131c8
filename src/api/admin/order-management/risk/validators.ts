import { z } from "@medusajs/framework/zod"
import { BLACKLIST_TYPES } from "../../../../modules/risk/models/blacklist-entry"

const expires = z.coerce.date({ error: "expires_at must be a date (ISO 8601)" }).refine((d) => d.getTime() > Date.now(), "expires_at must be in the future")

export const BlacklistEntryBody = z
  .object({
    type: z.enum(BLACKLIST_TYPES, { error: `type must be one of: ${BLACKLIST_TYPES.join(", ")}` }),
    value: z.string().trim().min(1, "value is required").max(500),
    reason: z.string().trim().min(1, "a reason is required").max(1000),
    expires_at: expires.optional(),
  })
  .strict()
export type BlacklistEntryBodyType = z.infer<typeof BlacklistEntryBody>

export const BlacklistImportBody = z.object({ csv: z.string().min(1, "csv is required").max(5_000_000, "csv is larger than 5 MB"), on_duplicate: z.enum(["update", "skip"]).default("skip") }).strict()
export type BlacklistImportBodyType = z.infer<typeof BlacklistImportBody>

export const BlacklistFromOrderBody = z
  .object({
    types: z.array(z.enum(["customer", "email", "phone", "address", "ip", "device"])).min(1).max(6).default(["customer", "email"]),
    reason: z.string().trim().min(1, "a reason is required").max(1000),
    expires_at: expires.optional(),
  })
  .strict()
export type BlacklistFromOrderBodyType = z.infer<typeof BlacklistFromOrderBody>

export const ListBlacklistQuery = z
  .object({
    type: z.enum(BLACKLIST_TYPES, { error: `type must be one of: ${BLACKLIST_TYPES.join(", ")}` }).optional(),
    q: z.string().trim().min(1).max(200).optional(),
    active: z.enum(["true", "false"]).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
