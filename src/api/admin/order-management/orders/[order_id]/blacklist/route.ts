import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { RISK_MODULE } from "../../../../../../modules/risk"
import type RiskModuleService from "../../../../../../modules/risk/service"
import { isTrustedProxy } from "../../../../../../modules/risk/options"
import type { NewBlacklistEntry } from "../../../../../../modules/risk/service"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../modules/order-management/service"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import type { BlacklistFromOrderBodyType } from "../../../risk/validators"

/**
 * POST /admin/order-management/orders/:order_id/blacklist { types: [customer, email, phone, address], reason,
 * expires_at? } — "blacklist this customer" from an order: each chosen identifier the order carries goes on the list
 * (one already there is left as it is and returned with `duplicate: true`); the IP and device come from the
 * order's risk assessment; the order's history records what was added. 201 `{ entries, skipped: [{ type, message }] }`.
 * 400 when the order carries none of them; 404.
 */
export async function POST(req: AuthenticatedMedusaRequest<BlacklistFromOrderBodyType>, res: MedusaResponse) {
  try {
    const b = req.validatedBody
    const { data: [o] } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["id", "customer_id", "email", "shipping_address.*"], filters: { id: req.params.order_id } })
    if (!o) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${req.params.order_id} was not found`)
    const order = o as any
    const a = order.shipping_address
    const risk: RiskModuleService = req.scope.resolve(RISK_MODULE)
    const assessment = await risk.assessmentOfOrder(order.id)
    const values: Record<string, string | null> = {
      customer: order.customer_id ?? null,
      email: order.email ?? null,
      phone: a?.phone ?? null,
      // "street, city, the rest": an address entry compares the street line and the city (see normalizeAddress)
      address: a?.address_1 ? [a.address_1, a.city ?? "", [a.address_2, a.province, a.postal_code, a.country_code?.toUpperCase()].filter(Boolean).join(" ")].join(", ") : null,
      // the IP and device the order's checkout came from (its risk assessment), when it had one
      ip: assessment?.ip ?? null,
      device: assessment?.device_id ?? null,
    }
    const rows: NewBlacklistEntry[] = []
    const skipped: Array<{ type: string; message: string }> = []
    // never the store's own proxy address (a storefront server's): that entry would refuse every checkout
    if (values.ip && isTrustedProxy(risk.getRiskOptions(), values.ip)) {
      if (b.types.includes("ip")) skipped.push({ type: "ip", message: `the checkout came from ${values.ip}, one of the store's own proxies, not the buyer's address` })
      values.ip = null
    }
    for (const t of b.types) {
      if (skipped.some((x) => x.type === t)) continue
      if (values[t]) rows.push({ type: t as any, value: values[t]!, reason: b.reason, expires_at: b.expires_at ?? null })
      else skipped.push({ type: t, message: t === "ip" || t === "device" ? `the order's checkout has no ${t} on record (no risk assessment, or none was sent)` : `the order has no ${t}` })
    }
    if (!rows.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, `Nothing to blacklist: ${skipped.map((s) => s.message).join("; ")}`)
    const actor = await adminActor(req)
    const results = await risk.addBlacklistEntries(rows, { type: "user", id: actor.id ?? null, source: `order:${order.id}` })
    for (const r of results) if (r.error) skipped.push({ type: rows[r.row - 1].type, message: r.error })
    const entries = results.filter((r) => r.entry).map((r) => ({ ...r.entry!, duplicate: !!r.duplicate }))
    const om: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
    // the history records what this action added (entries already listed are returned with duplicate: true)
    const added = entries.filter((e) => !e.duplicate)
    if (added.length && (await om.findLifecycleByOrder(order.id))) {
      await om.recordEvent(order.id, { action: "blacklisted", actor: { type: "user", id: actor.id ?? null }, reason: `${added.map((e) => e.type).join(", ")} blacklisted: ${b.reason}`, metadata: { entry_ids: added.map((e) => e.id) } })
    }
    res.status(201).json({ entries, skipped })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
