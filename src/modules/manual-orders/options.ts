/**
 * Manual-order options, read from the plugin's options (the module gets them like every module of the plugin).
 *
 * - `manualDiscountMaxPercent` (default 10): the biggest manual discount any admin may give, as a percentage of the
 *   order's items subtotal; a bigger one needs the permission `permissions.manualDiscount` (a list of admin ids or
 *   emails). Without that list nobody may go above the limit.
 * - `storefrontPayUrl`: the storefront page where a customer pays an order, with `{order_id}` (and optionally
 *   `{display_id}`) in it, e.g. "https://shop.example.com/pay/{order_id}". Needed for the "payment link" finish.
 */
export type ManualOrderOptions = {
  manualDiscountMaxPercent?: number
  storefrontPayUrl?: string | null
  permissions?: Partial<Record<string, string[]>>
}

export type ResolvedManualOrderOptions = {
  manualDiscountMaxPercent: number
  storefrontPayUrl: string | null
  /** admin ids or emails allowed above the limit; null when the option is not set (then nobody is) */
  manualDiscount: string[] | null
}

/** Check and fill the options; throws an Error naming the bad option (the store does not start with it). */
export function resolveManualOrderOptions(o: ManualOrderOptions = {}): ResolvedManualOrderOptions {
  const max = o.manualDiscountMaxPercent ?? 10
  if (typeof max !== "number" || !Number.isFinite(max) || max < 0 || max > 100) {
    throw new Error("medusa-order-management: manualDiscountMaxPercent must be a number from 0 to 100")
  }
  const url = o.storefrontPayUrl ?? null
  if (url !== null) {
    if (typeof url !== "string" || !/^https?:\/\//.test(url) || !url.includes("{order_id}")) {
      throw new Error('medusa-order-management: storefrontPayUrl must be an http(s) URL containing {order_id}, e.g. "https://shop.example.com/pay/{order_id}"')
    }
  }
  const list = o.permissions?.manualDiscount ?? null
  if (list !== null && (!Array.isArray(list) || list.some((x) => typeof x !== "string"))) {
    throw new Error("medusa-order-management: permissions.manualDiscount must be a list of admin ids or emails")
  }
  return { manualDiscountMaxPercent: max, storefrontPayUrl: url, manualDiscount: list ? [...list] : null }
}

/** The payment link of an order: the option's URL with `{order_id}` / `{display_id}` filled in (URL-encoded). */
export function paymentLinkFor(template: string, order: { id: string; display_id?: number | string | null }): string {
  return template.replace(/\{order_id\}/g, encodeURIComponent(order.id)).replace(/\{display_id\}/g, encodeURIComponent(String(order.display_id ?? "")))
}
