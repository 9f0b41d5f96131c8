import { createStep, createWorkflow, StepResponse, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { AFTER_SALES_MODULE } from "../../modules/after-sales"
import type AfterSalesModuleService from "../../modules/after-sales/service"
import { REFUND_REQUEST_CREATED } from "../../modules/after-sales/events"
import { formatMinor } from "../../utils/money"
import { refundContext } from "./context"
import { requestEventData } from "./event-data"

/** An evidence file as the route received it (already checked: type, size, magic bytes); base64, as workflow input is serialized. */
export type EvidenceUpload = { name: string; mime_type: string; content_base64: string; size_bytes: number }

export type RequestRefundInput = {
  order_id: string
  /** minor units; absent: everything still refundable */
  amount_minor?: number | null
  items?: Array<{ item_id: string; quantity: number }> | null
  reason_code: string
  note?: string | null
  evidence?: EvidenceUpload[] | null
  /** shipped items come back through Medusa's return flow when approved */
  return_items?: boolean
  return_location_id?: string | null
  actor: { type: "customer" | "user"; id: string | null }
  /** the time the checks use (tests); default now */
  now?: Date
}

/**
 * The checks made when a request is opened, each with its own message: the reason is one of the store's list; the
 * order is paid (confirmed, something captured); not already fully refunded; no other request is open; the amount
 * is whole minor units ≤ what is refundable (captured − refunded − held by open requests); within the channel's
 * refund deadline; named items belong to the order in at most their quantity.
 */
export const validateRefundRequestStep = createStep("after-sales-validate-refund-request", async (input: RequestRefundInput, { container }) => {
  const afterSales: AfterSalesModuleService = container.resolve(AFTER_SALES_MODULE)
  const { refundReasons } = afterSales.getAfterSalesOptions()
  if (!refundReasons.includes(input.reason_code)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `reason_code must be one of: ${refundReasons.join(", ")}`)
  }
  const ctx = await refundContext(container, input.order_id)
  const cur = ctx.order.currency_code
  if (ctx.order.status === "canceled" && ctx.refundable_minor === 0) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Cannot request a refund: the order is canceled and nothing paid is left on it")
  if (ctx.captured_minor === 0 || !["confirmed", "partially_paid", "canceled"].includes(ctx.payment_status ?? "")) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Cannot request a refund: the order is not paid")
  }
  if (ctx.refundable_minor === 0) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Cannot request a refund: the order is already fully refunded")
  if (ctx.open_request_id) throw new MedusaError(MedusaError.Types.CONFLICT, `This order already has an open refund request (${ctx.open_request_id}); withdraw it or wait for its review`)
  const amount = input.amount_minor ?? ctx.available_minor
  if (!Number.isInteger(amount) || amount <= 0) throw new MedusaError(MedusaError.Types.INVALID_DATA, "amount must be a whole number of minor units greater than 0")
  if (amount > ctx.available_minor) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `amount ${formatMinor(amount, cur)} is more than can be refunded: ${formatMinor(ctx.captured_minor, cur)} paid, ${formatMinor(ctx.refunded_minor, cur)} refunded${ctx.held_minor ? `, ${formatMinor(ctx.held_minor, cur)} in open requests` : ""}; at most ${formatMinor(ctx.available_minor, cur)}`
    )
  }
  const now = input.now ?? new Date()
  if (ctx.deadline_at && now.toISOString() > ctx.deadline_at) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Cannot request a refund: the refund deadline of this payment channel passed on ${ctx.deadline_at.slice(0, 10)}`)
  }
  for (const it of input.items ?? []) {
    const item = ctx.order.items.find((i) => i.id === it.item_id)
    if (!item) throw new MedusaError(MedusaError.Types.INVALID_DATA, `item ${it.item_id} is not an item of this order`)
    if (!Number.isInteger(it.quantity) || it.quantity < 1 || it.quantity > item.quantity) throw new MedusaError(MedusaError.Types.INVALID_DATA, `item ${it.item_id}: quantity must be 1 to ${item.quantity}`)
  }
  if (new Set((input.items ?? []).map((i) => i.item_id)).size !== (input.items ?? []).length) throw new MedusaError(MedusaError.Types.INVALID_DATA, "items: each item once")
  return new StepResponse({ amount_minor: amount, currency_code: cur, customer_id: ctx.order.customer_id, display_id: ctx.order.display_id })
})

/** Evidence images into Medusa's file module, privately; deleted again if the request is not opened. */
export const storeRefundEvidenceStep = createStep(
  "after-sales-store-evidence",
  async (input: { order_id: string; evidence: EvidenceUpload[] }, { container }) => {
    if (!input.evidence.length) return new StepResponse([], [])
    const files = await container.resolve(Modules.FILE).createFiles(
      input.evidence.map((f, i) => ({ filename: `refund-evidence-${input.order_id}-${i + 1}-${f.name.replace(/[^\w.-]+/g, "_").slice(-60)}`, mimeType: f.mime_type, content: f.content_base64, access: "private" } as any))
    )
    const stored = files.map((f: any, i: number) => ({ file_id: f.id, mime_type: input.evidence[i].mime_type, size_bytes: input.evidence[i].size_bytes, name: input.evidence[i].name }))
    return new StepResponse(stored, files.map((f: any) => f.id))
  },
  async (ids: string[] | undefined, { container }) => {
    if (ids?.length) await container.resolve(Modules.FILE).deleteFiles(ids).catch(() => undefined)
  }
)

export const openRefundRequestStep = createStep(
  "after-sales-open-refund-request",
  async (input: Parameters<AfterSalesModuleService["openRefundRequest"]>[0], { container }) => {
    const id = await (container.resolve(AFTER_SALES_MODULE) as AfterSalesModuleService).openRefundRequest(input)
    return new StepResponse(id, id)
  },
  async (id: string | undefined, { container }) => {
    if (!id) return
    const s: AfterSalesModuleService = container.resolve(AFTER_SALES_MODULE)
    await s.softDeleteRefundRequestEvents({ refund_request_id: id } as any).catch(() => undefined)
    await s.softDeleteRefundRequests([id])
  }
)

/** One row in the order's lifecycle history (removed again if a later step fails). */
export const recordOrderHistoryStep = createStep(
  "after-sales-order-history",
  async (input: { order_id: string; action: string; actor: { type: string; id: string | null }; reason: string; metadata: Record<string, unknown> }, { container }) => {
    const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    if (!(await om.findLifecycleByOrder(input.order_id))) return new StepResponse(null, null)
    const id = await om.recordEvent(input.order_id, { action: input.action, actor: input.actor as any, reason: input.reason, metadata: input.metadata })
    return new StepResponse(id, id)
  },
  async (id: string | null | undefined, { container }) => {
    if (id) await (container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).softDeleteOrderLifecycleEvents([id])
  }
)

/**
 * Open a refund request: checks, evidence stored, the request (status requested) with its first timeline row, a
 * row in the order's history, and `order_management.refund_request.created`. Nothing is left half made when a step
 * fails (the evidence files and the request are removed again).
 */
export const requestRefundWorkflow = createWorkflow("after-sales-request-refund", (input: RequestRefundInput) => {
  const checked = validateRefundRequestStep(input)
  const evidence = storeRefundEvidenceStep(transform({ input }, ({ input }) => ({ order_id: input.order_id, evidence: input.evidence ?? [] })))
  const id = openRefundRequestStep(
    transform({ input, checked, evidence }, ({ input, checked, evidence }) => ({
      order_id: input.order_id,
      customer_id: checked.customer_id,
      currency_code: checked.currency_code,
      amount_minor: checked.amount_minor,
      reason_code: input.reason_code,
      note: input.note?.trim() || null,
      items: input.items ?? null,
      evidence,
      return_items: !!input.return_items,
      return_location_id: input.return_location_id ?? null,
      opened_by: input.actor,
      message: input.actor.type === "user" ? "opened by an admin on the customer's behalf" : null,
    }))
  )
  recordOrderHistoryStep(
    transform({ input, checked, id }, ({ input, checked, id }) => ({
      order_id: input.order_id,
      action: "refund_requested",
      actor: input.actor,
      reason: `refund of ${formatMinor(checked.amount_minor, checked.currency_code)} requested (${input.reason_code})${input.note?.trim() ? `: ${input.note.trim()}` : ""}`,
      metadata: { refund_request_id: id, amount_minor: checked.amount_minor, reason_code: input.reason_code },
    }))
  )
  const data = transform({ input, checked, id }, ({ input, checked, id }) =>
    requestEventData({ id, order_id: input.order_id, display_id: checked.display_id, customer_id: checked.customer_id, status: "requested", currency_code: checked.currency_code, amount_minor: checked.amount_minor, refunded_minor: 0, destination: null, reason_code: input.reason_code, note: input.note ?? null }, input.actor.type)
  )
  emitEventStep({ eventName: REFUND_REQUEST_CREATED, data })
  return new WorkflowResponse(id)
})
