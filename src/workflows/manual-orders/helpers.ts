import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules, QueryContext } from "@medusajs/framework/utils"
import {
  addDraftOrderItemsWorkflow,
  addDraftOrderPromotionWorkflow,
  addDraftOrderShippingMethodsWorkflow,
  beginDraftOrderEditWorkflow,
  cancelDraftOrderEditWorkflow,
  confirmDraftOrderEditWorkflow,
  removeDraftOrderPromotionsWorkflow,
  removeDraftOrderShippingMethodWorkflow,
  updateDraftOrderItemWorkflow,
} from "@medusajs/medusa/core-flows"
import { MANUAL_ORDERS_MODULE } from "../../modules/manual-orders"
import type ManualOrdersModuleService from "../../modules/manual-orders/service"
import { resolveManualOrderOptions, type ResolvedManualOrderOptions } from "../../modules/manual-orders/options"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"

export type ItemInput = { variant_id: string; quantity: number }

/**
 * The manual-order options (manualDiscountMaxPercent, storefrontPayUrl, permissions.manualDiscount) from the
 * manual_orders module; a store that did not register that module gets the defaults with the plugin's permissions.
 */
export function manualOrderOptions(container: MedusaContainer): ResolvedManualOrderOptions {
  try {
    return (container.resolve(MANUAL_ORDERS_MODULE) as ManualOrdersModuleService).getManualOrderOptions()
  } catch {
    const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    return resolveManualOrderOptions({ permissions: om.getOptions().permissions })
  }
}

/** Same variant twice → one line with the quantities added. */
export function mergeItems(items: ItemInput[]): ItemInput[] {
  const by = new Map<string, number>()
  for (const i of items) by.set(i.variant_id, (by.get(i.variant_id) ?? 0) + i.quantity)
  return [...by.entries()].map(([variant_id, quantity]) => ({ variant_id, quantity }))
}

export type StockByLocation = { location_id: string; name: string | null; available: number }

/**
 * Check each variant's quantity against what is available (stocked − reserved) at the sales channel's stock
 * locations; Medusa reserves a line at one location, so one location must hold it. Variants that do not manage
 * inventory or allow backorders pass.
 * @returns per variant id, the availability at each location (managed variants only)
 * @throws MedusaError INVALID_DATA (400) naming the variant, what was asked and the most any location has;
 *   NOT_FOUND-like INVALID_DATA for a variant that does not exist
 */
export async function assertStock(container: MedusaContainer, salesChannelId: string | null, items: ItemInput[]): Promise<Record<string, StockByLocation[]>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const merged = mergeItems(items)
  if (!merged.length) return {}
  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: [
      "id",
      "title",
      "sku",
      "manage_inventory",
      "allow_backorder",
      "product.title",
      "inventory_items.required_quantity",
      "inventory_items.inventory.id",
      "inventory_items.inventory.location_levels.location_id",
      "inventory_items.inventory.location_levels.stocked_quantity",
      "inventory_items.inventory.location_levels.reserved_quantity",
    ],
    filters: { id: merged.map((i) => i.variant_id) },
  })
  let locations: Array<{ id: string; name: string | null }> = []
  if (salesChannelId) {
    const { data: [sc] } = await query.graph({ entity: "sales_channel", fields: ["id", "stock_locations.id", "stock_locations.name"], filters: { id: salesChannelId } })
    locations = ((sc as any)?.stock_locations ?? []).filter(Boolean).map((l: any) => ({ id: l.id, name: l.name ?? null }))
  }
  const out: Record<string, StockByLocation[]> = {}
  for (const want of merged) {
    const v: any = variants.find((x: any) => x.id === want.variant_id)
    if (!v) throw new MedusaError(MedusaError.Types.INVALID_DATA, `items: variant ${want.variant_id} does not exist`)
    if (!v.manage_inventory) continue
    const links = (v.inventory_items ?? []).filter((l: any) => l?.inventory)
    const per: StockByLocation[] = locations.map((loc) => {
      let units = Infinity
      for (const l of links) {
        const level = (l.inventory.location_levels ?? []).find((x: any) => x?.location_id === loc.id)
        const free = level ? Number(level.stocked_quantity ?? 0) - Number(level.reserved_quantity ?? 0) : 0
        units = Math.min(units, Math.floor(free / Math.max(1, Number(l.required_quantity ?? 1))))
      }
      return { location_id: loc.id, name: loc.name, available: links.length ? Math.max(0, units) : 0 }
    })
    out[v.id] = per
    if (v.allow_backorder) continue
    const best = per.reduce((mx, p) => Math.max(mx, p.available), 0)
    if (best < want.quantity) {
      const name = [v.product?.title, v.title].filter(Boolean).join(" / ")
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `items: not enough stock for ${name || v.id} (variant ${v.id}${v.sku ? `, SKU ${v.sku}` : ""}): ${want.quantity} requested, ${best} available${per.length ? ` at ${per.find((p) => p.available === best)?.name ?? "the best location"}` : " (no stock location for the sales channel)"}`
      )
    }
  }
  return out
}

/** The store's default sales channel (manual orders are sold through it). */
export async function defaultSalesChannel(container: MedusaContainer): Promise<string | null> {
  const [store] = await container.resolve(Modules.STORE).listStores({}, { select: ["id", "default_sales_channel_id"] })
  return (store as any)?.default_sales_channel_id ?? null
}

/**
 * 409 when a customer with this email or phone exists (names the customer and the field), so an admin picks the
 * existing one instead of making a duplicate.
 */
export async function assertNoDuplicateCustomer(container: MedusaContainer, c: { email: string; phone?: string | null }) {
  const customers = container.resolve(Modules.CUSTOMER)
  const byEmail = await customers.listCustomers({ email: c.email.trim().toLowerCase() } as any, { select: ["id", "email", "has_account"], take: 1 })
  if (byEmail[0]) {
    throw new MedusaError(MedusaError.Types.CONFLICT, `customer.email: a customer with the email ${c.email} already exists (${byEmail[0].id}); choose that customer`)
  }
  const phone = (c.phone ?? "").trim()
  if (phone) {
    const digits = phone.replace(/\D/g, "")
    const forms = [...new Set([phone, digits, `+${digits}`].filter(Boolean))]
    const byPhone = await customers.listCustomers({ phone: forms } as any, { select: ["id", "phone"], take: 1 })
    if (byPhone[0]) {
      throw new MedusaError(MedusaError.Types.CONFLICT, `customer.phone: a customer with the phone ${phone} already exists (${byPhone[0].id}); choose that customer`)
    }
  }
}

export type DesiredDraft = {
  /** the whole item list (replaces the draft's); undefined keeps the items */
  items?: ItemInput[]
  /** undefined keeps the shipping method, null removes it */
  shipping_option_id?: string | null
  /** every code that must be on the draft (the manual discount's included); undefined keeps the codes */
  promo_codes?: string[]
}

/**
 * Bring a draft order to the desired items, shipping option and promotion codes through Medusa's draft-order edit
 * workflows (begin → update quantities / add items → shipping → promotions → confirm). A code Medusa refuses keeps
 * Medusa's message; a code that exists but gives this order nothing is refused too. On any failure the edit is
 * canceled, so the draft stays as it was.
 * @throws MedusaError INVALID_DATA when a promotion code does not apply
 */
export async function applyDraftEdit(container: MedusaContainer, orderId: string, desired: DesiredDraft, userId: string | null) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [order] } = await query.graph({
    entity: "order",
    fields: ["id", "region_id", "currency_code", "items.id", "items.variant_id", "items.quantity", "shipping_methods.id", "shipping_methods.shipping_option_id", "promotions.id", "promotions.code"],
    filters: { id: orderId },
  })
  const o: any = order
  const currentItems: Array<{ id: string; variant_id: string; quantity: number }> = (o.items ?? []).filter(Boolean)
  const currentCodes: string[] = (o.promotions ?? []).filter(Boolean).map((p: any) => p.code)
  const currentShipping = (o.shipping_methods ?? []).filter(Boolean)

  const updates: Array<{ id: string; quantity: number }> = []
  const adds: ItemInput[] = []
  if (desired.items) {
    const want = mergeItems(desired.items)
    for (const it of currentItems) {
      const w = want.find((x) => x.variant_id === it.variant_id)
      const q = w?.quantity ?? 0
      if (q !== Number(it.quantity)) updates.push({ id: it.id, quantity: q })
    }
    for (const w of want) if (!currentItems.some((it) => it.variant_id === w.variant_id)) adds.push(w)
  }
  const shippingChange =
    desired.shipping_option_id !== undefined &&
    !(desired.shipping_option_id === null ? currentShipping.length === 0 : currentShipping.length === 1 && currentShipping[0].shipping_option_id === desired.shipping_option_id)
  const codesToRemove = desired.promo_codes ? currentCodes.filter((c) => !desired.promo_codes!.includes(c)) : []
  const codesToAdd = desired.promo_codes ? desired.promo_codes.filter((c) => !currentCodes.includes(c)) : []
  if (!updates.length && !adds.length && !shippingChange && !codesToRemove.length && !codesToAdd.length) return

  await beginDraftOrderEditWorkflow(container).run({ input: { order_id: orderId } as any })
  try {
    if (updates.length) await updateDraftOrderItemWorkflow(container).run({ input: { order_id: orderId, items: updates } as any })
    if (adds.length) await addDraftOrderItemsWorkflow(container).run({ input: { order_id: orderId, items: adds } as any })
    if (shippingChange) {
      for (const sm of currentShipping) await removeDraftOrderShippingMethodWorkflow(container).run({ input: { order_id: orderId, shipping_method_id: sm.id } })
      if (desired.shipping_option_id) {
        const custom_amount = await flatShippingPrice(container, desired.shipping_option_id, o.region_id, o.currency_code)
        await addDraftOrderShippingMethodsWorkflow(container).run({ input: { order_id: orderId, shipping_option_id: desired.shipping_option_id, custom_amount } })
      }
    }
    if (codesToRemove.length) await removeDraftOrderPromotionsWorkflow(container).run({ input: { order_id: orderId, promo_codes: codesToRemove } })
    let preview: any = null
    if (codesToAdd.length) {
      const { result } = await addDraftOrderPromotionWorkflow(container).run({ input: { order_id: orderId, promo_codes: codesToAdd } })
      preview = result
    }
    if (codesToAdd.length) {
      // a code Medusa accepted may still give this order nothing (its rules do not match): refuse it by name
      const promos = await container.resolve(Modules.PROMOTION).listPromotions({ code: codesToAdd }, { select: ["id", "code"] })
      const applied = new Set<string>()
      for (const item of preview?.items ?? []) for (const a of item?.adjustments ?? []) if (a?.promotion_id) applied.add(a.promotion_id)
      for (const sm of preview?.shipping_methods ?? []) for (const a of sm?.adjustments ?? []) if (a?.promotion_id) applied.add(a.promotion_id)
      const idle = promos.filter((p) => !applied.has(p.id)).map((p) => p.code)
      if (idle.length) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `promo_codes: ${idle.join(", ")} ${idle.length > 1 ? "do" : "does"} not apply to this order`)
      }
    }
    await confirmDraftOrderEditWorkflow(container).run({ input: { order_id: orderId, confirmed_by: userId ?? "system" } })
  } catch (e) {
    // undo the edit, then report the original error; a failed undo is logged (the next edit cancels a stale one)
    await cancelDraftOrderEditWorkflow(container).run({ input: { order_id: orderId } }).catch((c: Error) =>
      container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: draft order ${orderId}: its edit could not be canceled: ${c.message}`))
    throw e
  }
}

/**
 * A flat shipping option's price for the draft's region and currency, as a cart's shipping options are priced
 * (Medusa's draft-order shipping reads prices by currency only, which misses the region prices most stores set).
 * Calculated options: undefined (Medusa asks the fulfillment provider).
 * @throws MedusaError INVALID_DATA naming shipping_option_id when the option does not exist or has no price here
 */
export async function flatShippingPrice(container: MedusaContainer, optionId: string, regionId: string, currency: string): Promise<number | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [option] } = await query.graph({
    entity: "shipping_option",
    fields: ["id", "price_type", "calculated_price.*"],
    filters: { id: optionId },
    context: { calculated_price: QueryContext({ region_id: regionId, currency_code: currency }) },
  })
  const so: any = option
  if (!so) throw new MedusaError(MedusaError.Types.INVALID_DATA, `shipping_option_id: shipping option ${optionId} does not exist`)
  if (so.price_type === "calculated") return undefined
  const amount = so.calculated_price?.calculated_amount
  if (amount === null || amount === undefined) throw new MedusaError(MedusaError.Types.INVALID_DATA, `shipping_option_id: shipping option ${optionId} has no price in this region`)
  return Number(amount)
}
