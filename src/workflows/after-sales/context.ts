import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { AFTER_SALES_MODULE } from "../../modules/after-sales"
import type AfterSalesModuleService from "../../modules/after-sales/service"
import { deadlineDaysFor } from "../../modules/after-sales/options"
import { toMinorUnits } from "../../utils/money"

const sum = (rows: any[] | undefined) => (rows ?? []).reduce((s, r) => MathBN.add(s, r?.raw_amount ?? r?.amount ?? 0), MathBN.convert(0))
const DAY_MS = 86_400_000

/** One of the order's payments as a refund sees it (minor units; times ISO 8601 UTC). */
export type RefundablePayment = {
  id: string
  provider_id: string
  data: Record<string, any>
  captured_minor: number
  refunded_minor: number
  refundable_minor: number
  /** when the money arrived (the first capture) */
  paid_at: string | null
  /** the channel's refund deadline for this payment (null: none) */
  deadline_at: string | null
  refunds: Array<{ id: string; amount_minor: number; note: string | null; created_at: string | null }>
}

/** Everything a refund request is checked against, read once. */
export type RefundContext = {
  order: { id: string; display_id: number | null; customer_id: string | null; email: string | null; currency_code: string; status: string; has_account: boolean; items: Array<{ id: string; quantity: number; title: string | null; variant_id: string | null }> }
  payment_status: string | null
  fulfillment_status: string | null
  payments: RefundablePayment[]
  captured_minor: number
  refunded_minor: number
  /** captured minus refunded, over every payment */
  refundable_minor: number
  /** what other open requests hold of it */
  held_minor: number
  /** what a new request may still ask for: refundable minus held */
  available_minor: number
  /** the latest deadline of a payment that can still refund (null: at least one has none) */
  deadline_at: string | null
  open_request_id: string | null
}

/**
 * Read an order's refund position: its payments with what each captured, refunded and can still refund, each
 * payment's channel deadline (option refundDeadlineDays from the first capture), the open requests' hold.
 * `exceptRequestId`: leave that request's hold out (it is the one being reviewed). Throws NOT_FOUND.
 */
export async function refundContext(container: MedusaContainer, orderId: string, exceptRequestId: string | null = null, now = new Date()): Promise<RefundContext> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [o] } = await query.graph({
    entity: "order",
    fields: [
      "id", "display_id", "customer_id", "email", "currency_code", "status", "customer.has_account",
      "items.id", "items.quantity", "items.detail.quantity", "items.title", "items.variant_id",
      "payment_collections.payments.id", "payment_collections.payments.provider_id", "payment_collections.payments.data",
      "payment_collections.payments.captures.amount", "payment_collections.payments.captures.raw_amount", "payment_collections.payments.captures.created_at",
      "payment_collections.payments.refunds.id", "payment_collections.payments.refunds.note", "payment_collections.payments.refunds.created_at",
      "payment_collections.payments.refunds.amount", "payment_collections.payments.refunds.raw_amount",
    ],
    filters: { id: orderId },
  })
  if (!o) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} was not found`)
  const order = o as any
  const currency = String(order.currency_code).toLowerCase()
  const afterSales: AfterSalesModuleService = container.resolve(AFTER_SALES_MODULE)
  const options = afterSales.getAfterSalesOptions()
  const payments: RefundablePayment[] = ((order.payment_collections ?? []) as any[])
    .flatMap((c) => c?.payments ?? [])
    .map((p: any) => {
      const captured = toMinorUnits(sum(p.captures), currency)
      const refunded = toMinorUnits(sum(p.refunds), currency)
      const firstCapture = ((p.captures ?? []) as any[]).map((c) => c.created_at).filter(Boolean).sort()[0] ?? null
      const days = deadlineDaysFor(options, p.provider_id)
      return {
        id: p.id,
        provider_id: p.provider_id,
        data: p.data ?? {},
        captured_minor: captured,
        refunded_minor: refunded,
        refundable_minor: Math.max(0, captured - refunded),
        paid_at: firstCapture ? new Date(firstCapture).toISOString() : null,
        deadline_at: firstCapture && days ? new Date(new Date(firstCapture).getTime() + days * DAY_MS).toISOString() : null,
        refunds: ((p.refunds ?? []) as any[]).map((r) => ({ id: r.id, amount_minor: toMinorUnits(r.raw_amount ?? r.amount, currency), note: r.note ?? null, created_at: r.created_at ? new Date(r.created_at).toISOString() : null })),
      }
    })
  const lifecycle = await (container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).findLifecycleByOrder(orderId)
  const captured = payments.reduce((s, p) => s + p.captured_minor, 0)
  const refunded = payments.reduce((s, p) => s + p.refunded_minor, 0)
  const refundable = payments.reduce((s, p) => s + p.refundable_minor, 0)
  const held = await afterSales.heldByOpenRequests(orderId, exceptRequestId)
  const live = payments.filter((p) => p.refundable_minor > 0)
  const deadline = live.length && live.every((p) => p.deadline_at) ? live.map((p) => p.deadline_at!).sort().at(-1)! : null
  void now
  return {
    order: {
      id: order.id, display_id: order.display_id ?? null, customer_id: order.customer_id ?? null, email: order.email ?? null, currency_code: currency,
      status: order.status, has_account: !!order.customer?.has_account,
      items: ((order.items ?? []) as any[]).map((i) => ({ id: i.id, quantity: Number(i.detail?.quantity ?? i.quantity ?? 0), title: i.title ?? null, variant_id: i.variant_id ?? null })),
    },
    payment_status: lifecycle?.payment_status ?? null,
    fulfillment_status: lifecycle?.fulfillment_status ?? null,
    payments,
    captured_minor: captured,
    refunded_minor: refunded,
    refundable_minor: refundable,
    held_minor: held,
    available_minor: Math.max(0, refundable - held),
    deadline_at: deadline,
    open_request_id: await afterSales.openRequestOf(orderId),
  }
}
