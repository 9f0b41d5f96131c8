import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createCustomersWorkflow, createOrderWorkflow, deleteCustomersWorkflow, deleteDraftOrdersWorkflow, updateDraftOrderWorkflow } from "@medusajs/medusa/core-flows"
import { BALANCE_MODULE } from "../../modules/balance"
import type BalanceModuleService from "../../modules/balance/service"
import { formatMinor, fromMinorUnits, rateOfMinor } from "../../utils/money"
import { applyDraftEdit, assertNoDuplicateCustomer, assertStock, defaultSalesChannel, type DesiredDraft, type ItemInput, manualOrderOptions } from "./helpers"
import { EMPTY_META, type ManualOrderMeta, metaOf, pointsApi, pointsBalanceOf, readDraftOrder, viewOf } from "./view"

export type ManualDiscountInput = { type: "amount" | "percent"; value: number; reason: string }

/** The body of POST /admin/order-management/manual-orders (and, every field optional, of POST …/:id). */
export type ManualOrderBody = {
  customer_id?: string
  customer?: { first_name: string; last_name: string; email: string; phone?: string | null }
  region_id?: string
  items?: ItemInput[]
  shipping_address?: Record<string, any> | null
  shipping_option_id?: string | null
  promo_codes?: string[]
  manual_discount?: ManualDiscountInput | null
  balance_minor?: number
  points?: number
  notes?: string | null
  marks?: string[]
  communication?: { channel: string; summary: string } | null
}

export type ManualOrderActor = { id: string | null; email?: string | null }

type DiscountRef = ManualOrderMeta["manual_discount"]
type CustomerRef = { customer_id: string; email: string; created: boolean } | null

/** A new customer (duplicate check on email and phone, Medusa's createCustomersWorkflow) or the one named. */
const ensureCustomerStep = createStep(
  "manual-order-ensure-customer",
  async (input: { body: ManualOrderBody; actor: ManualOrderActor }, { container }) => {
    const b = input.body
    if (b.customer) {
      await assertNoDuplicateCustomer(container, b.customer)
      const { result: [c] } = await createCustomersWorkflow(container).run({
        input: {
          customersData: [
            { first_name: b.customer.first_name, last_name: b.customer.last_name, email: b.customer.email.trim().toLowerCase(), phone: b.customer.phone ?? null, created_by: input.actor.id ?? undefined } as any,
          ],
        },
      })
      return new StepResponse<CustomerRef, string>({ customer_id: c.id, email: c.email as string, created: true }, c.id)
    }
    if (!b.customer_id) return new StepResponse<CustomerRef, string>(null)
    const [c] = await container.resolve(Modules.CUSTOMER).listCustomers({ id: b.customer_id }, { select: ["id", "email"] })
    if (!c) throw new MedusaError(MedusaError.Types.INVALID_DATA, `customer_id: customer ${b.customer_id} does not exist`)
    if (!c.email) throw new MedusaError(MedusaError.Types.INVALID_DATA, `customer_id: customer ${b.customer_id} has no email`)
    return new StepResponse<CustomerRef, string>({ customer_id: c.id, email: c.email, created: false })
  },
  async (createdId: string | undefined, { container }) => {
    // a step that created nothing passes its output here (Medusa's default compensation input): only an id is ours
    if (typeof createdId === "string") await deleteCustomersWorkflow(container).run({ input: { ids: [createdId] } })
  }
)

/** A Medusa draft order (createOrderWorkflow, status draft) with the items priced for the region; deleted on failure. */
const createDraftStep = createStep(
  "manual-order-create-draft",
  async (input: { body: ManualOrderBody; customer: { customer_id: string; email: string; created: boolean } | null; actor: ManualOrderActor }, { container }) => {
    const b = input.body
    if (!input.customer) throw new MedusaError(MedusaError.Types.INVALID_DATA, "customer_id or customer is required")
    const [region] = await container.resolve(Modules.REGION).listRegions({ id: b.region_id! }, { select: ["id", "currency_code"] })
    if (!region) throw new MedusaError(MedusaError.Types.INVALID_DATA, `region_id: region ${b.region_id} does not exist`)
    const salesChannel = await defaultSalesChannel(container)
    await assertStock(container, salesChannel, b.items ?? [])
    const meta: ManualOrderMeta = { ...EMPTY_META, created_by: input.actor.id ?? null, created_customer: input.customer.created }
    const { result } = await createOrderWorkflow(container).run({
      input: {
        status: "draft",
        is_draft_order: true,
        region_id: region.id,
        currency_code: region.currency_code,
        customer_id: input.customer.customer_id,
        email: input.customer.email,
        sales_channel_id: salesChannel ?? undefined,
        shipping_address: b.shipping_address ?? undefined,
        billing_address: b.shipping_address ?? undefined,
        items: (b.items ?? []).map((i) => ({ variant_id: i.variant_id, quantity: i.quantity })),
        metadata: { manual_order: meta },
      } as any,
    })
    return new StepResponse({ id: result.id }, result.id)
  },
  async (id: string | undefined, { container }) => {
    if (id) await deleteDraftOrdersWorkflow(container).run({ input: { order_ids: [id] } })
  }
)

/**
 * The manual discount as a Medusa promotion of its own (code MANUAL-…, not automatic, on the order's items,
 * fixed amount or percentage) so that it is one of Medusa's adjustments and in Medusa's totals. A changed discount
 * gets a new promotion (the old one is removed once the draft no longer uses it); deleted again on failure.
 */
const manualPromotionStep = createStep(
  "manual-order-manual-promotion",
  async (input: { discount: ManualDiscountInput | null | undefined; previous: DiscountRef; currency_code: string }, { container }) => {
    const d = input.discount
    if (d === undefined) return new StepResponse<DiscountRef, string>(input.previous)
    if (d === null) return new StepResponse<DiscountRef, string>(null)
    const p = input.previous
    if (p && p.type === d.type && p.value === d.value) return new StepResponse<DiscountRef, string>({ ...p, reason: d.reason })
    const code = `MANUAL-${Date.now().toString(36).toUpperCase()}${Math.random().toString(36).slice(2, 6).toUpperCase()}`
    const [promo] = await container.resolve(Modules.PROMOTION).createPromotions([
      {
        code,
        type: "standard",
        status: "active",
        is_automatic: false,
        application_method: {
          type: d.type === "amount" ? "fixed" : "percentage",
          target_type: "order",
          allocation: "across",
          value: d.type === "amount" ? Number(fromMinorUnits(d.value, input.currency_code)) : d.value,
          ...(d.type === "amount" ? { currency_code: input.currency_code } : {}),
        },
      } as any,
    ])
    return new StepResponse<DiscountRef, string>({ type: d.type, value: d.value, reason: d.reason, promotion_id: promo.id, code }, promo.id)
  },
  async (promotionId: string | undefined, { container }) => {
    if (typeof promotionId === "string") await container.resolve(Modules.PROMOTION).deletePromotions([promotionId])
  }
)

/**
 * Items, shipping and promotion codes through Medusa's draft edit (the manual discount's code kept in step with the
 * discount); on a later failure the previous state is put back.
 */
const applyEditStep = createStep(
  "manual-order-apply-edit",
  async (
    input: { order_id: string; desired: DesiredDraft; discount: DiscountRef; old_discount: DiscountRef; previous: DesiredDraft | null; user_id: string | null },
    { container }
  ) => {
    const manualCodes = [input.old_discount?.code, input.discount?.code].filter(Boolean) as string[]
    const userCodes = (input.desired.promo_codes ?? input.previous?.promo_codes ?? []).filter((c) => !manualCodes.includes(c))
    const desired = { ...input.desired, promo_codes: [...new Set([...userCodes, ...(input.discount ? [input.discount.code] : [])])] }
    await applyDraftEdit(container, input.order_id, desired, input.user_id)
    return new StepResponse(undefined, input.previous ? { order_id: input.order_id, previous: input.previous, user_id: input.user_id } : undefined)
  },
  async (back: { order_id: string; previous: DesiredDraft; user_id: string | null } | undefined, { container }) => {
    if (back?.previous) await applyDraftEdit(container, back.order_id, back.previous, back.user_id)
  }
)

/**
 * The last checks on the priced draft, then its facts saved: the manual discount within the admin's limit
 * (403 above `manualDiscountMaxPercent` without `permissions.manualDiscount`), the balance and points deductions
 * within the customer's balances and the total; a replaced manual-discount promotion is deleted.
 */
const finalizeStep = createStep(
  "manual-order-finalize",
  async (input: { order_id: string; body: ManualOrderBody; discount: DiscountRef; actor: ManualOrderActor }, { container }) => {
    const order = await readDraftOrder(container, input.order_id)
    const before = metaOf(order)
    const b = input.body
    const meta: ManualOrderMeta = {
      ...before,
      manual_discount: input.discount,
      balance_minor: b.balance_minor ?? before.balance_minor,
      points: b.points ?? before.points,
      notes: b.notes !== undefined ? b.notes : before.notes,
      marks: b.marks ?? before.marks,
      communication: b.communication !== undefined ? b.communication : before.communication,
    }
    const view = await viewOf(container, { ...order, metadata: { ...(order.metadata ?? {}), manual_order: meta } })
    const cur = view.currency_code
    if (meta.manual_discount) {
      const o = manualOrderOptions(container)
      const d = meta.manual_discount
      const limitMinor = rateOfMinor(view.item_subtotal_minor, Math.round(o.manualDiscountMaxPercent * 100))
      if (d.type === "amount" && d.value > view.item_subtotal_minor) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `manual_discount.value: ${formatMinor(d.value, cur)} is more than the items subtotal ${formatMinor(view.item_subtotal_minor, cur)}`)
      }
      const above = d.type === "percent" ? d.value > o.manualDiscountMaxPercent : d.value > limitMinor
      const allowed = o.manualDiscount && (o.manualDiscount.includes(input.actor.id ?? "") || (input.actor.email && o.manualDiscount.includes(input.actor.email)))
      if (above && !allowed) {
        throw new MedusaError(
          MedusaError.Types.FORBIDDEN,
          `manual_discount: a discount above ${o.manualDiscountMaxPercent}% of the items subtotal (${formatMinor(limitMinor, cur)}) needs the permission manualDiscount (not permitted for your admin account)`
        )
      }
    }
    const customerId = order.customer_id as string | null
    if (meta.balance_minor > 0) {
      if (!customerId) throw new MedusaError(MedusaError.Types.INVALID_DATA, "balance_minor: the order has no customer")
      const balance = await (container.resolve(BALANCE_MODULE) as BalanceModuleService).balanceOf(customerId, cur)
      if (meta.balance_minor > balance) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `balance_minor: the customer's balance is ${formatMinor(balance, cur)}, less than ${formatMinor(meta.balance_minor, cur)}`)
      }
    }
    let pointsValue = 0
    if (meta.points > 0) {
      const api = pointsApi()
      if (!api || !customerId) throw new MedusaError(MedusaError.Types.INVALID_DATA, "points: points are not available for this order")
      const have = await pointsBalanceOf(container, customerId)
      if (have !== null && meta.points > have) throw new MedusaError(MedusaError.Types.INVALID_DATA, `points: the customer has ${have} points, fewer than ${meta.points}`)
      pointsValue = api.pointsValueMinor(container, meta.points, cur)
      const cap = api.maxRedeemablePoints?.(container, view.total_minor, cur)
      if (cap !== undefined && meta.points > cap) throw new MedusaError(MedusaError.Types.INVALID_DATA, `points: at most ${cap} points can be used on this order`)
    }
    if (meta.balance_minor + pointsValue > view.total_minor) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `balance_minor: the balance and points deductions (${formatMinor(meta.balance_minor + pointsValue, cur)}) are more than the order total ${formatMinor(view.total_minor, cur)}`
      )
    }
    await container.resolve(Modules.ORDER).updateOrders([{ id: input.order_id, metadata: { ...(order.metadata ?? {}), manual_order: meta } } as any])
    // the replaced discount's promotion is no longer on the draft
    if (before.manual_discount && before.manual_discount.promotion_id !== meta.manual_discount?.promotion_id) {
      await container.resolve(Modules.PROMOTION).deletePromotions([before.manual_discount.promotion_id])
    }
    return new StepResponse({ id: input.order_id })
  }
)

/** The draft's currency (for the manual discount's amount). */
const readCurrencyStep = createStep("manual-order-read-currency", async (input: { order_id: string }, { container }) => {
  const [o] = await container.resolve(Modules.ORDER).listOrders({ id: input.order_id }, { select: ["id", "currency_code"] })
  return new StepResponse(o.currency_code as string)
})

/**
 * Build a manual order: the customer (found or created), a Medusa draft order with the items, shipping, promotion
 * codes and the manual discount, checked and priced. Any failure undoes every step (no customer, draft or
 * promotion is left behind).
 */
export const createManualOrderWorkflow = createWorkflow("order-management-create-manual-order", (input: { body: ManualOrderBody; actor: ManualOrderActor }) => {
  const customer = ensureCustomerStep(input)
  const draft = createDraftStep({ body: input.body, customer, actor: input.actor })
  const currency = readCurrencyStep({ order_id: draft.id })
  const discount = manualPromotionStep({ discount: input.body.manual_discount, previous: null, currency_code: currency })
  applyEditStep({
    order_id: draft.id,
    desired: { shipping_option_id: input.body.shipping_option_id, promo_codes: input.body.promo_codes ?? [] },
    discount,
    old_discount: null,
    previous: null,
    user_id: input.actor.id,
  })
  finalizeStep({ order_id: draft.id, body: input.body, discount, actor: input.actor })
  return new WorkflowResponse(draft)
})

/** The draft as it is now: what an update changes and what its compensation restores. */
const loadDraftStep = createStep("manual-order-load-draft", async (input: { id: string; body: ManualOrderBody }, { container }) => {
  const order = await readDraftOrder(container, input.id)
  if (input.body.region_id && input.body.region_id !== order.region_id) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "region_id: the region of a manual order cannot change; discard it and create a new one")
  }
  if (input.body.items) await assertStock(container, order.sales_channel_id ?? null, input.body.items)
  const meta = metaOf(order)
  const previous: DesiredDraft = {
    items: (order.items ?? []).filter(Boolean).map((i: any) => ({ variant_id: i.variant_id, quantity: Number(i.quantity) })),
    shipping_option_id: (order.shipping_methods ?? []).filter(Boolean)[0]?.shipping_option_id ?? null,
    promo_codes: (order.promotions ?? []).filter(Boolean).map((p: any) => p.code),
  }
  return new StepResponse({
    id: order.id as string,
    currency_code: order.currency_code as string,
    discount: meta.manual_discount,
    previous,
    customer_id: order.customer_id as string | null,
    email: order.email as string | null,
    shipping_address: order.shipping_address ?? null,
  })
})

type FactsUndo = { id: string; user_id: string | null; back: Record<string, unknown> }

/** Customer and shipping address of the draft (Medusa's updateDraftOrderWorkflow); put back on a later failure. */
const updateDraftFactsStep = createStep(
  "manual-order-update-draft-facts",
  async (
    input: { loaded: { id: string; customer_id: string | null; email: string | null; shipping_address: any }; customer: { customer_id: string; email: string } | null; body: ManualOrderBody; user_id: string | null },
    { container }
  ) => {
    const patch: Record<string, unknown> = {}
    if (input.customer && input.customer.customer_id !== input.loaded.customer_id) Object.assign(patch, { customer_id: input.customer.customer_id, email: input.customer.email })
    if (input.body.shipping_address) Object.assign(patch, { shipping_address: input.body.shipping_address, billing_address: input.body.shipping_address })
    if (!Object.keys(patch).length) return new StepResponse<undefined, FactsUndo>(undefined)
    await updateDraftOrderWorkflow(container).run({ input: { id: input.loaded.id, user_id: input.user_id ?? "system", ...patch } as any })
    const strip = (a: any) => (a ? Object.fromEntries(Object.entries(a).filter(([k]) => !["id", "created_at", "updated_at", "deleted_at", "customer_id", "metadata"].includes(k))) : undefined)
    return new StepResponse<undefined, FactsUndo>(undefined, {
      id: input.loaded.id,
      user_id: input.user_id,
      back: { customer_id: input.loaded.customer_id ?? undefined, email: input.loaded.email ?? undefined, shipping_address: strip(input.loaded.shipping_address) },
    })
  },
  async (undo: FactsUndo | undefined, { container }) => {
    if (undo?.back) await updateDraftOrderWorkflow(container).run({ input: { id: undo.id, user_id: undo.user_id ?? "system", ...undo.back } as any })
  }
)

/** Change a manual order's draft (any of the create fields but the region) and re-price it; all or nothing. */
export const updateManualOrderWorkflow = createWorkflow("order-management-update-manual-order", (input: { id: string; body: ManualOrderBody; actor: ManualOrderActor }) => {
  const loaded = loadDraftStep({ id: input.id, body: input.body })
  const customer = ensureCustomerStep({ body: input.body, actor: input.actor })
  updateDraftFactsStep({ loaded, customer, body: input.body, user_id: input.actor.id })
  const discount = manualPromotionStep({ discount: input.body.manual_discount, previous: loaded.discount, currency_code: loaded.currency_code })
  applyEditStep({
    order_id: loaded.id,
    desired: { items: input.body.items, shipping_option_id: input.body.shipping_option_id, promo_codes: input.body.promo_codes },
    discount,
    old_discount: loaded.discount,
    previous: loaded.previous,
    user_id: input.actor.id,
  })
  finalizeStep({ order_id: loaded.id, body: input.body, discount, actor: input.actor })
  return new WorkflowResponse(loaded)
})

/** Discard a draft: Medusa deletes the draft order; its manual-discount promotion goes with it. */
export async function discardManualOrder(container: MedusaContainer, id: string) {
  const order = await readDraftOrder(container, id)
  const meta = metaOf(order)
  await deleteDraftOrdersWorkflow(container).run({ input: { order_ids: [id] } })
  // the draft is gone; its own manual-discount promotion goes too (a leftover is logged: it applies to nothing else)
  if (meta.manual_discount) await container.resolve(Modules.PROMOTION).deletePromotions([meta.manual_discount.promotion_id]).catch((e: Error) =>
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: manual-discount promotion ${meta.manual_discount!.promotion_id} of discarded draft ${id} not deleted: ${e.message}`))
}
