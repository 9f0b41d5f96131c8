import { createStep, createWorkflow, StepResponse, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import {
  acquireLockStep,
  createCartCreditLinesWorkflow,
  deleteCartCreditLinesWorkflow,
  refreshPaymentCollectionForCartWorkflow,
  releaseLockStep,
} from "@medusajs/medusa/core-flows"
import { POINTS_MODULE } from "../../modules/points"
import type PointsModuleService from "../../modules/points/service"
import { maxPointsFor, valueOfPoints } from "../../modules/points/options"
import { fromMinorUnits, toMinorUnits } from "../../utils/money"

/** `reference` of the cart (and order) credit line that carries points. */
export const POINTS_CREDIT_LINE_REFERENCE = "points"

export type CartPointsFacts = {
  cart_id: string
  customer_id: string | null
  currency_code: string
  completed: boolean
  /** the cart's total before its points credit line, minor units */
  total_before_points_minor: number
  /** the points credit lines on the cart now */
  lines: Array<{ id: string; points: number; amount_minor: number }>
}

/** A cart's total and its points credit lines (null when there is no such cart). */
export async function cartPointsFacts(container: { resolve: (k: string) => any }, cartId: string): Promise<CartPointsFacts | null> {
  const { data: [c] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "cart",
    fields: ["id", "customer_id", "currency_code", "completed_at", "total", "credit_lines.id", "credit_lines.amount", "credit_lines.reference", "credit_lines.metadata"],
    filters: { id: cartId },
  })
  if (!c) return null
  const cur = String((c as any).currency_code).toLowerCase()
  const lines = ((c as any).credit_lines ?? [])
    .filter((l: any) => l?.reference === POINTS_CREDIT_LINE_REFERENCE)
    .map((l: any) => ({ id: l.id, points: Number(l.metadata?.points ?? 0), amount_minor: toMinorUnits(l.amount, cur) }))
  return {
    cart_id: (c as any).id,
    customer_id: (c as any).customer_id ?? null,
    currency_code: cur,
    completed: !!(c as any).completed_at,
    total_before_points_minor: toMinorUnits((c as any).total ?? 0, cur) + lines.reduce((s: number, l: any) => s + l.amount_minor, 0),
    lines,
  }
}

export type ApplyCartPointsInput = { cart_id: string; customer_id: string; /** whole points ≥ 0; 0 removes */ points: number }
export type CartPointsPlan = {
  remove: string[]
  create: { cart_id: string; amount: number; reference: string; reference_id: string; metadata: Record<string, unknown> } | null
  points: number
  value_minor: number
  max_points: number
  balance: number
}

/**
 * Check a points application against the cart (the customer's own, not completed), the balance and
 * maxSharePercent of the cart's total before points, and plan the credit-line change.
 * @throws MedusaError NOT_FOUND (not this customer's cart), NOT_ALLOWED (completed cart, insufficient points),
 *   INVALID_DATA (more than the share allows, a currency points cannot pay in)
 */
export const planCartPointsStep = createStep("order-management-plan-cart-points", async (input: ApplyCartPointsInput, { container }) => {
  const facts = await cartPointsFacts(container, input.cart_id)
  if (!facts || facts.customer_id !== input.customer_id) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart ${input.cart_id} was not found`)
  if (facts.completed) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This cart is already completed")
  const ledger: PointsModuleService = container.resolve(POINTS_MODULE)
  const opts = ledger.getPointsOptions()
  const balance = await ledger.balanceOf(input.customer_id)
  const max = maxPointsFor(facts.total_before_points_minor, facts.currency_code, opts)
  const remove = facts.lines.map((l) => l.id)
  if (input.points === 0) return new StepResponse<CartPointsPlan>({ remove, create: null, points: 0, value_minor: 0, max_points: max, balance })
  const value = valueOfPoints(input.points, facts.currency_code, opts)
  if (value === null) throw new MedusaError(MedusaError.Types.INVALID_DATA, `points cannot pay in ${facts.currency_code.toUpperCase()}`)
  if (input.points > balance) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `points: you have ${balance} points, ${input.points} requested`)
  if (input.points > max) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `points: at most ${max} points can be used on this cart (${opts.maxSharePercent}% of its total), ${input.points} requested`)
  }
  return new StepResponse<CartPointsPlan>({
    remove,
    create: {
      cart_id: facts.cart_id,
      amount: Number(fromMinorUnits(value, facts.currency_code)),
      reference: POINTS_CREDIT_LINE_REFERENCE,
      reference_id: input.customer_id,
      metadata: { points: input.points, value_minor: value, customer_id: input.customer_id },
    },
    points: input.points,
    value_minor: value,
    max_points: max,
    balance,
  })
})

/**
 * Put points on a cart as one Medusa credit line (reference "points", metadata `{ points, value_minor, customer_id }`)
 * replacing any earlier one, or take them off (points 0), then bring the payment collection to the new total
 * (Medusa's refreshPaymentCollectionForCartWorkflow drops sessions of the old amount). Nothing is debited here: the
 * points are debited when the cart completes. One application per cart at a time (a lock on the cart's points).
 */
export const applyCartPointsWorkflow = createWorkflow("order-management-apply-cart-points", (input: ApplyCartPointsInput) => {
  const lockKey = transform({ input }, ({ input }) => `points:${input.cart_id}`)
  acquireLockStep({ key: lockKey, timeout: 10, ttl: 30 })
  const plan = planCartPointsStep(input)
  when("order-management-remove-cart-points", { plan }, ({ plan }) => plan.remove.length > 0).then(() => {
    const del = transform({ plan }, ({ plan }) => ({ id: plan.remove }))
    deleteCartCreditLinesWorkflow.runAsStep({ input: del })
  })
  when("order-management-add-cart-points", { plan }, ({ plan }) => !!plan.create).then(() => {
    const lines = transform({ plan }, ({ plan }) => [plan.create!])
    createCartCreditLinesWorkflow.runAsStep({ input: lines as any })
  })
  const refresh = transform({ input }, ({ input }) => ({ cart_id: input.cart_id }))
  refreshPaymentCollectionForCartWorkflow.runAsStep({ input: refresh })
  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(plan)
})
