import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { LedgerEntry } from "../../modules/balance"

export type LedgerLine = Omit<LedgerEntry, "metadata"> & { order_number: string | null; actor_email?: string | null }

/**
 * Ledger entries as the admin and the buyer read them: the order each one
 * belongs to (a payment debit names its payment session; the order is found
 * through Medusa's payment collection) and its order number.
 */
export async function ledgerLines(container: MedusaContainer, entries: LedgerEntry[], opts: { withActors?: boolean } = {}): Promise<LedgerLine[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const sessionIds = [...new Set(entries.filter((e) => !e.order_id && (e.source_type === "payment" || e.source_type === "payment_reversal")).map((e) => e.source_id))]
  const orderOfSession = new Map<string, string>()
  if (sessionIds.length) {
    const { data: sessions } = await query.graph({ entity: "payment_session", fields: ["id", "payment_collection_id"], filters: { id: sessionIds } })
    const collections = [...new Set((sessions as any[]).map((s) => s.payment_collection_id as string))]
    const { data: links } = collections.length
      ? await query.graph({ entity: "order_payment_collection", fields: ["order_id", "payment_collection_id"], filters: { payment_collection_id: collections } })
      : { data: [] as any[] }
    const orderOfCollection = new Map<string, string>((links as any[]).map((l) => [l.payment_collection_id, l.order_id]))
    for (const s of sessions as any[]) {
      const o = orderOfCollection.get(s.payment_collection_id)
      if (o) orderOfSession.set(s.id, o)
    }
  }
  const orderIdOf = (e: LedgerEntry) => e.order_id ?? orderOfSession.get(e.source_id) ?? null
  const orderIds = [...new Set(entries.map(orderIdOf).filter((x): x is string => !!x))]
  const { data: lifecycles } = orderIds.length
    ? await query.graph({ entity: "order_lifecycle", fields: ["order_id", "order_number"], filters: { order_id: orderIds } })
    : { data: [] as any[] }
  const numberOf = new Map<string, string>((lifecycles as any[]).map((l) => [l.order_id, l.order_number]))
  const emails = new Map<string, string>()
  if (opts.withActors) {
    const userIds = [...new Set(entries.filter((e) => e.actor_type === "user" && e.actor_id).map((e) => e.actor_id as string))]
    if (userIds.length) for (const u of await container.resolve(Modules.USER).listUsers({ id: userIds }, { select: ["id", "email"] })) emails.set(u.id, u.email)
  }
  return entries.map(({ metadata: _m, ...e }) => {
    const order_id = orderIdOf(e as LedgerEntry)
    const line: LedgerLine = { ...e, order_id, order_number: order_id ? numberOf.get(order_id) ?? null : null }
    if (opts.withActors) line.actor_email = e.actor_id ? emails.get(e.actor_id) ?? null : null
    else { line.actor_id = null }
    return line
  })
}
