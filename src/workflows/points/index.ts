import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { POINTS_MODULE } from "../../modules/points"
import type PointsModuleService from "../../modules/points/service"
import type { PointsEntry } from "../../modules/points/service"
import { maxPointsFor, valueOfPoints, type ResolvedPointsOptions } from "../../modules/points/options"

export { earnPointsForOrderWorkflow } from "./earn"
export { reversePointsForRefundsWorkflow } from "./refunds"
export { applyCartPointsWorkflow, POINTS_CREDIT_LINE_REFERENCE } from "./cart"
export { adjustPointsWorkflow } from "./adjust"

type Container = MedusaContainer | { resolve: (k: string) => any }
type Actor = { type: string; id?: string | null }

const ledgerOf = (container: Container) => container.resolve(POINTS_MODULE) as PointsModuleService

/** The resolved `points` options: { earnPerMajorUnit, valueMinor, maxSharePercent } (docs/points.md). */
export function pointsOptionsOf(container: Container): ResolvedPointsOptions {
  return ledgerOf(container).getPointsOptions()
}

/**
 * What `points` are worth in the currency's minor units: points × options.points.valueMinor[currency].
 * @throws MedusaError INVALID_DATA for points that are not a whole number ≥ 0, or a currency points cannot pay in
 */
export function pointsValueMinor(container: Container, points: number, currency_code: string): number {
  if (!Number.isSafeInteger(points) || points < 0) throw new MedusaError(MedusaError.Types.INVALID_DATA, `points must be a whole number, got ${points}`)
  const v = valueOfPoints(points, currency_code, pointsOptionsOf(container))
  if (v === null) throw new MedusaError(MedusaError.Types.INVALID_DATA, `Points cannot pay in ${String(currency_code).toUpperCase()}`)
  return v
}

/** The most points an order of `totalMinor` (minor units, before points) may use: maxSharePercent of it, in whole points. */
export function maxRedeemablePoints(container: Container, totalMinor: number, currency_code: string): number {
  return maxPointsFor(totalMinor, currency_code, pointsOptionsOf(container))
}

/**
 * Debit `points` from the customer's points account for an order, under the account's row lock (never below zero).
 * Idempotent on `idempotency_key` (default: the order id): the same key again returns the first posting
 * (`duplicate: true`). For manual orders and the checkout hook.
 * @returns the entry, the balance after it (points) and what the points are worth (minor units of the currency)
 * @throws MedusaError NOT_ALLOWED "Insufficient points: 120 available, 500 needed" when the balance does not cover it
 * @throws MedusaError INVALID_DATA for points that are not a whole number > 0, or a currency points cannot pay in
 */
export async function redeemPointsForOrder(
  container: Container,
  input: { customer_id: string; order_id: string; points: number; currency_code: string; idempotency_key?: string; actor?: Actor }
): Promise<{ entry: PointsEntry; balance: number; value_minor: number; duplicate: boolean }> {
  if (!Number.isSafeInteger(input.points) || input.points <= 0) throw new MedusaError(MedusaError.Types.INVALID_DATA, `points must be a whole number above 0, got ${input.points}`)
  const value_minor = pointsValueMinor(container, input.points, input.currency_code)
  const r = await ledgerOf(container).post({
    customer_id: input.customer_id,
    direction: "debit",
    points: input.points,
    source_type: "redeem",
    source_id: input.idempotency_key ?? input.order_id,
    reason: `redeemed on order ${input.order_id}`,
    actor: input.actor ?? { type: "system" },
    order_id: input.order_id,
    metadata: { currency_code: input.currency_code.toLowerCase(), value_minor },
  })
  return { entry: r.entry, balance: r.balance, value_minor, duplicate: r.duplicate }
}

/**
 * Give back every point redeemed for the order that has not been given back yet (a `redeem_reversal` credit per
 * order; idempotent: a second call finds nothing left, `{ points: 0, entry: null }`). Called when an order is
 * canceled, and by checkout compensation.
 */
export async function refundPointsForOrder(
  container: Container,
  input: { order_id: string; reason?: string; actor?: Actor }
): Promise<{ points: number; entry: PointsEntry | null; balance: number | null }> {
  const ledger = ledgerOf(container)
  const entries = await ledger.entriesOfOrder(input.order_id)
  const redeemed = entries.filter((e) => e.source_type === "redeem")
  if (!redeemed.length) return { points: 0, entry: null, balance: null }
  const customerId = redeemed[0].customer_id
  const given = entries.filter((e) => e.source_type === "redeem_reversal")
  const left = redeemed.reduce((s, e) => s + e.points, 0) - given.reduce((s, e) => s + e.points, 0)
  if (left <= 0) return { points: 0, entry: null, balance: null }
  const r = await ledger.post({
    customer_id: customerId,
    direction: "credit",
    points: left,
    source_type: "redeem_reversal",
    // one give-back per order (a concurrent second call is a duplicate of the first); a later redemption on the same
    // order (a manual order's second attempt) gets its own
    source_id: given.length ? `${input.order_id}:${given.length + 1}` : input.order_id,
    reason: input.reason ?? `order ${input.order_id} canceled: redeemed points given back`,
    actor: input.actor ?? { type: "system" },
    order_id: input.order_id,
  })
  return { points: r.duplicate ? 0 : left, entry: r.entry, balance: r.balance }
}
