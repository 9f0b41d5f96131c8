import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { POINTS_MODULE } from "../../../../modules/points"
import type PointsModuleService from "../../../../modules/points/service"
import { text } from "../../../utils/zod-messages"

const pageNumber = (field: string, dflt: number, min: number, max: number) =>
  z.preprocess(
    (v) => (v === undefined ? dflt : Number(v)),
    z.number({ error: `${field} must be a number` }).refine((n) => Number.isInteger(n) && n >= min && n <= max, { message: `${field} must be a whole number from ${min} to ${max}` })
  )

/** `?limit=&offset=` of a points ledger page (limit 1–200, default 20). */
export const PointsLedgerQuery = z
  .object({ limit: pageNumber("limit", 20, 1, 200), offset: pageNumber("offset", 0, 0, 1e9), fields: z.string().optional() })
  .strict()
export type PointsLedgerQueryType = { limit: number; offset: number }

/** `{ points }` put on a cart: a whole number ≥ 0 (0 takes them off). */
export const StoreCartPointsBody = z
  .object({
    points: z.custom<number>((n) => typeof n === "number" && Number.isSafeInteger(n) && n >= 0, { message: "points must be a whole number of points, 0 or more (0 removes them)" }),
  })
  .strict()
export type StoreCartPointsBodyType = { points: number }

/** `{ points (signed, not 0), reason, idempotency_key? }` of an admin adjustment. */
export const PointsAdjustmentBody = z
  .object({
    points: z.custom<number>((n) => typeof n === "number" && Number.isSafeInteger(n) && n !== 0 && Math.abs(n) <= 100_000_000, {
      message: "points must be a whole number other than 0 (positive credits, negative debits), at most 100000000",
    }),
    reason: text("reason", 500, "a reason is required"),
    idempotency_key: z
      .string({ error: "idempotency_key must be text" })
      .refine((v) => /^[A-Za-z0-9_.:-]{8,100}$/.test(v), { message: "idempotency_key must be 8 to 100 letters, digits or _ . : -" })
      .optional(),
  })
  .strict()
export type PointsAdjustmentBodyType = { points: number; reason: string; idempotency_key?: string }

/**
 * A customer's points: `{ customer_id, balance, value_minor_per_point: { cny: 1, … }, max_share_percent,
 * earn_per_major_unit, entries (newest first), count, limit, offset }`; with `withActors`, each entry's
 * `actor_email` (the admin behind an adjustment). 404 for an unknown customer.
 */
export async function customerPoints(container: MedusaContainer, customerId: string, q: PointsLedgerQueryType, opts: { withActors?: boolean } = {}) {
  const [customer] = await container.resolve(Modules.CUSTOMER).listCustomers({ id: customerId }, { select: ["id"] })
  if (!customer) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer ${customerId} was not found`)
  const ledger: PointsModuleService = container.resolve(POINTS_MODULE)
  const [balance, page] = await Promise.all([ledger.balanceOf(customerId), ledger.listLedger(customerId, q)])
  const o = ledger.getPointsOptions()
  let emails = new Map<string, string>()
  if (opts.withActors) {
    const ids = [...new Set(page.entries.filter((e) => e.actor_type === "user" && e.actor_id).map((e) => e.actor_id as string))]
    if (ids.length) emails = new Map((await container.resolve(Modules.USER).listUsers({ id: ids }, { select: ["id", "email"] })).map((u: any) => [u.id, u.email]))
  }
  return {
    customer_id: customerId,
    balance,
    value_minor_per_point: o.valueMinor,
    earn_per_major_unit: o.earnPerMajorUnit,
    max_share_percent: o.maxSharePercent,
    entries: page.entries.map(({ account_id: _a, ...e }) => (opts.withActors ? { ...e, actor_email: e.actor_id ? emails.get(e.actor_id) ?? null : null } : e)),
    count: page.count,
    limit: q.limit,
    offset: q.offset,
  }
}
