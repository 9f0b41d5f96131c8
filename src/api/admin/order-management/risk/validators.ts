import { z } from "@medusajs/framework/zod"
import { oneOf, text } from "../../../utils/zod-messages"
import { BLACKLIST_TYPES } from "../../../../modules/risk/models/blacklist-entry"
import { RULE_ACTIONS, RULE_CONDITIONS } from "../../../../modules/risk/models/risk-rule"

const expires = z.coerce.date({ error: "expires_at must be a date (ISO 8601)" }).refine((d) => d.getTime() > Date.now(), "expires_at must be in the future")

export const BlacklistEntryBody = z
  .object({
    type: z.enum(BLACKLIST_TYPES, { error: `type must be one of: ${BLACKLIST_TYPES.join(", ")}` }),
    value: text("value", 500),
    reason: text("reason", 1000, "a reason is required"),
    expires_at: expires.optional(),
  })
  .strict()
export type BlacklistEntryBodyType = z.infer<typeof BlacklistEntryBody>

export const BlacklistImportBody = z.object({ csv: text("csv", 5_000_000, "csv is required (a header row type,value,reason,expires_at and the entries)"), on_duplicate: oneOf("on_duplicate", ["update", "skip"] as const).default("skip") }).strict()
export type BlacklistImportBodyType = z.infer<typeof BlacklistImportBody>

export const BlacklistFromOrderBody = z
  .object({
    types: z
      .array(oneOf("types[]", ["customer", "email", "phone", "address", "ip", "device"] as const))
      .refine((l) => l.length >= 1 && l.length <= 6, { message: "types must list 1 to 6 of: customer, email, phone, address, ip, device" })
      .default(["customer", "email"]),
    reason: text("reason", 1000, "a reason is required"),
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

const ruleFields = {
  name: text("name", 200),
  condition: z.enum(RULE_CONDITIONS, { error: `condition must be one of: ${RULE_CONDITIONS.join(", ")}` }),
  params: z.record(z.string(), z.any()).nullable().optional(),
  action: z.enum(RULE_ACTIONS, { error: `action must be one of: ${RULE_ACTIONS.join(", ")}` }),
  weight: z.number().int().min(0).max(1000).optional(),
  priority: z.number().int().min(0).max(1_000_000).optional(),
  enabled: z.boolean().optional(),
}
export const RiskRuleBody = z.object(ruleFields).strict()
export type RiskRuleBodyType = z.infer<typeof RiskRuleBody>
export const RiskRulePatch = z.object(ruleFields).partial().strict()
export type RiskRulePatchType = z.infer<typeof RiskRulePatch>

/** The customer ids among these that the store does not know (a typo would quietly protect nothing). */
export async function unknownCustomers(scope: { resolve: (k: string) => any }, ids: string[]): Promise<Set<string>> {
  const want = [...new Set(ids.filter(Boolean))]
  if (!want.length) return new Set()
  const found = await scope.resolve("customer").listCustomers({ id: want }, { select: ["id"], take: want.length })
  const known = new Set(found.map((c: any) => c.id))
  return new Set(want.filter((id) => !known.has(id)))
}

/** The evaluation order: every rule's id once, first evaluated first. */
export const RuleOrderBody = z.object({ ids: z.array(z.string({ error: "ids must be rule ids" }), { error: "ids must be a list of rule ids" }).min(1, { error: "ids must list every rule" }).max(500) }).strict()
export type RuleOrderBodyType = z.infer<typeof RuleOrderBody>
