import { parseMinor } from "../../lib/money"
import type { ManualOrderInput, ProductHit } from "./api"
import type { AddressDraft, CustomerChoice } from "./customer-step"
import type { DiscountsDraft } from "./discounts-step"
import type { NotesDraft } from "./notes-step"

// The Create order page's pure parts: what is typed → the server's request body.

/** "VIP, gift，礼品" → ["VIP", "gift", "礼品"] (commas of either width; blanks and repeats dropped). */
export const splitMarks = (text: string) => [...new Set(text.split(/[,，、]/).map((s) => s.trim()).filter(Boolean))]

/** One picked variant: what the page shows about it (the server prices it). */
export type Line = {
  variant_id: string
  quantity: number
  product_title: string
  variant_title: string
  sku: string | null
  /** "Size: 250g · Color: red" */
  specs: string
  /** no shipping profile: a service (activated, not shipped) */
  service: boolean
  /** available stock per stock location; null when the variant's stock is not tracked */
  levels: Array<{ location_id: string; available: number }> | null
}

/** A product search hit's variants as lines (stock summed per location over the variant's inventory items). */
export function linesOf(p: ProductHit): Line[] {
  return p.variants.map((v) => {
    const tracked = v.manage_inventory !== false && (v.inventory_items ?? []).length > 0
    // whole sets per location: the scarcest of the variant's items there (an item the location lacks: none)
    const items = tracked ? v.inventory_items ?? [] : []
    const locations = [...new Set(items.flatMap((i) => (i.inventory?.location_levels ?? []).map((l) => l.location_id)))]
    const levels = new Map(locations.map((loc) => [loc, Math.min(...items.map((i) => {
      const level = (i.inventory?.location_levels ?? []).find((l) => l.location_id === loc)
      return Math.floor((level?.available_quantity ?? 0) / Math.max(1, i.required_quantity ?? 1))
    }))]))
    return {
      variant_id: v.id,
      quantity: 1,
      product_title: p.title,
      variant_title: v.title,
      sku: v.sku,
      specs: (v.options ?? []).map((o) => (o.option?.title ? `${o.option.title}: ${o.value}` : o.value)).join(" · "),
      service: !p.shipping_profile?.id,
      levels: tracked ? [...levels].map(([location_id, available]) => ({ location_id, available })) : null,
    }
  })
}


export type Problems = Partial<Record<"manualValue" | "manualReason" | "balance" | "points", string>>

/**
 * The request body for the server's draft (minor units), or the page's own objections to what is typed (keyed by
 * field), or null while there is nothing to price yet (no customer or no product).
 */
export function buildBody(
  s: { regionId: string; currency: string; customer: CustomerChoice; lines: Line[]; address: AddressDraft | null; shippingOptionId: string; discounts: DiscountsDraft; notes: NotesDraft },
  t: (k: string) => string
): { body: ManualOrderInput | null; problems: Problems } {
  const problems: Problems = {}
  const d = s.discounts
  let manual: ManualOrderInput["manual_discount"]
  if (d.manualType !== "none" && d.manualValue.trim()) {
    const value = d.manualType === "percent" ? (/^\d{1,3}$/.test(d.manualValue.trim()) ? Number(d.manualValue.trim()) : null) : parseMinor(d.manualValue, s.currency)
    if (value === null || value <= 0) problems.manualValue = t("manualOrder.discounts.badAmount")
    if (!d.manualReason.trim()) problems.manualReason = t("manualOrder.discounts.reasonRequired")
    if (value && d.manualReason.trim()) manual = { type: d.manualType, value, reason: d.manualReason.trim() }
  }
  const balance = d.balance.trim() ? parseMinor(d.balance, s.currency) : 0
  if (balance === null) problems.balance = t("manualOrder.discounts.badAmount")
  const points = d.points.trim() ? (/^\d+$/.test(d.points.trim()) ? Number(d.points.trim()) : null) : 0
  if (points === null) problems.points = t("manualOrder.discounts.badPoints")
  const c = s.customer
  const newOk = c?.kind === "new" && c.data.first_name.trim() && c.data.last_name.trim() && /.+@.+\..+/.test(c.data.email.trim())
  if (!s.regionId || !s.lines.length || !c || (c.kind === "new" && !newOk) || Object.keys(problems).length) return { body: null, problems }
  const address = s.address ? Object.fromEntries(Object.entries(s.address).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v)) : undefined
  const marks = splitMarks(s.notes.marks)
  return {
    problems,
    body: {
      ...(c.kind === "existing" ? { customer_id: c.customer.id } : { customer: { first_name: c.data.first_name.trim(), last_name: c.data.last_name.trim(), email: c.data.email.trim(), ...(c.data.phone.trim() ? { phone: c.data.phone.trim() } : {}) } }),
      region_id: s.regionId,
      items: s.lines.map((l) => ({ variant_id: l.variant_id, quantity: l.quantity })),
      // null, not left out: an update keeps what it is not given
      shipping_address: address && Object.keys(address).length ? (address as Record<string, string>) : null,
      shipping_option_id: s.shippingOptionId || null,
      promo_codes: d.codes,
      manual_discount: manual ?? null,
      balance_minor: balance ?? 0,
      points: points ?? 0,
      notes: s.notes.note.trim() || null,
      marks,
      communication: s.notes.summary.trim() ? { channel: s.notes.channel, summary: s.notes.summary.trim() } : null,
    },
  }
}

