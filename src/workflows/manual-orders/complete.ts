import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  convertDraftOrderWorkflow,
  createOrderCreditLinesWorkflow,
  createOrUpdateOrderPaymentCollectionWorkflow,
  createPaymentSessionsWorkflow,
  cancelOrderWorkflow,
  deleteOrderPaymentCollections,
  markPaymentCollectionAsPaid,
} from "@medusajs/medusa/core-flows"
import { providerMatches } from "../../modules/order-management/options"
import { BALANCE_MODULE } from "../../modules/balance"
import type BalanceModuleService from "../../modules/balance/service"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { RISK_MODULE } from "../../modules/risk"
import type RiskModuleService from "../../modules/risk/service"
import { ORDER_NOTIFICATIONS_MODULE } from "../../modules/notifications"
import type OrderNotificationsModuleService from "../../modules/notifications/service"
import { renderMessage } from "../../modules/notifications/render"
import { MANUAL_ORDER_PAYMENT_LINK_TEMPLATE, MANUAL_ORDER_PAYMENT_LINK_TEMPLATES } from "../../modules/notifications/templates"
import { paymentLinkFor } from "../../modules/manual-orders/options"
import { formatMinor, fromMinorUnits } from "../../utils/money"
import { missingAddressFields } from "../hooks/validate-cart-completion"
import { readOrderFacts } from "../notifications/send-customer-notification"
import { syncOrder } from "../sync-order"
import { confirmBankTransferReceipt } from "../bank-transfer"
import { assertStock, manualOrderOptions } from "./helpers"
import { metaOf, pointsApi, readDraftOrder, readManualOrder, viewOf, type ManualOrderView } from "./view"

export type ManualOrderFinish = "mark_paid" | "payment_link" | "unpaid"
export type CompleteManualOrderInput = {
  id: string
  finish: ManualOrderFinish
  /** how the money arrived (mark_paid only) */
  payment?: { method: "cash" | "bank_transfer"; reference: string } | null
  actor: { id: string | null; email?: string | null }
}

/** The balance ledger's source for a manual order's debit (and, as payment_reversal, its give-back). */
export const manualOrderBalanceSource = (orderId: string) => `manual-order:${orderId}`

/** The balance deduction: a debit on the customer's ledger (refused below zero); credited back on failure. */
const debitBalanceStep = createStep(
  "manual-order-debit-balance",
  async (input: { order_id: string; customer_id: string | null; currency_code: string; amount_minor: number; actor_id: string | null }, { container }) => {
    if (!input.amount_minor) return new StepResponse<string | null, DebitUndo>(null)
    if (!input.customer_id) throw new MedusaError(MedusaError.Types.INVALID_DATA, "balance_minor: the order has no customer")
    const balance: BalanceModuleService = container.resolve(BALANCE_MODULE)
    const posted = await balance
      .post({
        customer_id: input.customer_id,
        currency_code: input.currency_code,
        direction: "debit",
        amount_minor: input.amount_minor,
        source_type: "payment",
        source_id: manualOrderBalanceSource(input.order_id),
        reason: "Manual order: balance deduction",
        actor: { type: "user", id: input.actor_id },
        order_id: input.order_id,
      })
      .catch((e: any) => {
        // a balance spent elsewhere meanwhile: the ledger's own words, on the field
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `balance_minor: ${e?.message ?? e}`)
      })
    return new StepResponse<string | null, DebitUndo>(posted.entry.id, { ...input, customer_id: input.customer_id })
  },
  async (undo: DebitUndo | undefined, { container }) => {
    if (!undo || typeof undo !== "object" || !undo.amount_minor) return
    await (container.resolve(BALANCE_MODULE) as BalanceModuleService).post({
      customer_id: undo.customer_id,
      currency_code: undo.currency_code,
      direction: "credit",
      amount_minor: undo.amount_minor,
      source_type: "payment_reversal",
      source_id: manualOrderBalanceSource(undo.order_id),
      reason: "Manual order not placed: balance deduction given back",
      actor: { type: "system" },
      order_id: undo.order_id,
    })
  }
)
type DebitUndo = { order_id: string; customer_id: string; currency_code: string; amount_minor: number }

/** The points deduction (the points capability's redeemPointsForOrder); given back on failure. */
const redeemPointsStep = createStep(
  "manual-order-redeem-points",
  async (input: { order_id: string; customer_id: string | null; currency_code: string; points: number; actor_id: string | null }, { container }) => {
    if (!input.points) return new StepResponse<number, string>(0)
    const api = pointsApi()
    if (!api || !input.customer_id) throw new MedusaError(MedusaError.Types.INVALID_DATA, "points: points are not available for this order")
    const r = await api
      .redeemPointsForOrder(container, {
        customer_id: input.customer_id,
        order_id: input.order_id,
        points: input.points,
        currency_code: input.currency_code,
        idempotency_key: manualOrderBalanceSource(input.order_id),
        actor: { type: "user", id: input.actor_id },
      })
      .catch((e: any) => {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `points: ${e?.message ?? e}`)
      })
    return new StepResponse<number, string>(Number(r.value_minor ?? 0), input.order_id)
  },
  async (orderId: string | undefined, { container }) => {
    if (typeof orderId !== "string") return
    await pointsApi()?.refundPointsForOrder(container, { order_id: orderId, reason: "Manual order not placed" })
  }
)

/**
 * The deductions as Medusa credit lines on the order (reference manual_order_balance / manual_order_points), so
 * Medusa's total and pending difference are what is left to pay; removed on failure.
 */
const creditLinesStep = createStep(
  "manual-order-credit-lines",
  async (input: { order_id: string; currency_code: string; balance_minor: number; balance_entry_id: string | null; points_value_minor: number; points: number }, { container }) => {
    const lines: any[] = []
    if (input.balance_minor > 0) {
      lines.push({ amount: Number(fromMinorUnits(input.balance_minor, input.currency_code)), reference: "manual_order_balance", reference_id: input.balance_entry_id ?? input.order_id, metadata: { amount_minor: input.balance_minor } })
    }
    if (input.points_value_minor > 0) {
      lines.push({ amount: Number(fromMinorUnits(input.points_value_minor, input.currency_code)), reference: "manual_order_points", reference_id: input.order_id, metadata: { points: input.points, amount_minor: input.points_value_minor } })
    }
    if (!lines.length) return new StepResponse<string[], string[]>([])
    const { result } = await createOrderCreditLinesWorkflow(container).run({ input: { id: input.order_id, credit_lines: lines } })
    const ids = (result ?? []).map((l: any) => l.id)
    return new StepResponse<string[], string[]>(ids, ids)
  },
  async (ids: string[] | undefined, { container }) => {
    if (!Array.isArray(ids) || !ids.length) return
    const order: any = container.resolve(Modules.ORDER)
    if (typeof order.softDeleteOrderCreditLines === "function") await order.softDeleteOrderCreditLines(ids)
  }
)

/**
 * The order's payment collection for what is left to pay (Medusa's pending difference; Medusa's draft edits keep one
 * on the draft already, which is then updated). A collection this step made is deleted on failure. `null` when the
 * deductions (credit lines) cover the whole total: nothing is owed to a payment provider.
 */
const paymentCollectionStep = createStep(
  "manual-order-payment-collection",
  async (input: { order_id: string; to_pay_minor: number }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: before } = await query.graph({ entity: "order_payment_collection", fields: ["payment_collection_id"], filters: { order_id: input.order_id } })
    const existing = new Set((before as any[]).map((l) => l.payment_collection_id))
    if (input.to_pay_minor <= 0) {
      // a collection Medusa's draft edits left for the old total would show money owed that the credit lines cover
      for (const id of [...existing].filter(Boolean)) await deleteOrderPaymentCollections(container).run({ input: { id } })
      return new StepResponse<string | null, string>(null, "")
    }
    const { result } = await createOrUpdateOrderPaymentCollectionWorkflow(container).run({ input: { order_id: input.order_id } })
    const collection: any = Array.isArray(result) ? result[0] : result
    if (!collection?.id) throw new MedusaError(MedusaError.Types.INVALID_DATA, "The order's amount left to pay changed while it was placed; price it again")
    return new StepResponse<string | null, string>(collection.id, existing.has(collection.id) ? "" : collection.id)
  },
  async (id: string | undefined, { container }) => {
    if (typeof id === "string" && id) await deleteOrderPaymentCollections(container).run({ input: { id } })
  }
)

/** The store's bank-transfer payment provider (pp_bank-transfer_…), or null when it is not installed or disabled. */
export async function bankTransferProviderId(container: MedusaContainer): Promise<string | null> {
  const providers = await container.resolve(Modules.PAYMENT).listPaymentProviders({}, { take: 1000 })
  const p = (providers as any[]).find((x) => providerMatches(x.id, ["bank-transfer"]) && x.is_enabled !== false)
  return p?.id ?? null
}

type MarkPaid = { payment_id: string | null; bank_transfer_session_id: string | null }

/**
 * Mark paid. Cash (or a bank transfer in a store without the bank-transfer provider): Medusa's
 * markPaymentCollectionAsPaid (a system payment, authorized and captured). A bank transfer with the provider
 * installed: a bank-transfer payment session on the collection, whose receipt completeManualOrder then records
 * through the bank-transfer confirmation (confirmBankTransferReceipt) once the order's lifecycle exists; the session
 * is deleted on failure. The last step.
 */
const markPaidStep = createStep(
  "manual-order-mark-paid",
  async (input: { order_id: string; payment_collection_id: string | null; finish: ManualOrderFinish; bank_transfer_provider_id: string | null; actor_id: string | null }, { container }) => {
    if (input.finish !== "mark_paid" || !input.payment_collection_id) return new StepResponse<MarkPaid, string>({ payment_id: null, bank_transfer_session_id: null })
    if (input.bank_transfer_provider_id) {
      const { result } = await createPaymentSessionsWorkflow(container).run({
        input: { payment_collection_id: input.payment_collection_id, provider_id: input.bank_transfer_provider_id, data: {} } as any,
      })
      const id = (result as any)?.id as string
      return new StepResponse<MarkPaid, string>({ payment_id: null, bank_transfer_session_id: id }, id)
    }
    const { result } = await markPaymentCollectionAsPaid(container).run({
      input: { order_id: input.order_id, payment_collection_id: input.payment_collection_id, captured_by: input.actor_id ?? undefined } as any,
    })
    return new StepResponse<MarkPaid, string>({ payment_id: ((result as any)?.id as string) ?? null, bank_transfer_session_id: null })
  },
  async (sessionId: string | undefined, { container }) => {
    if (typeof sessionId === "string" && sessionId) await container.resolve(Modules.PAYMENT).deletePaymentSession(sessionId)
  }
)

/**
 * Place a manual order, all or nothing: convert the draft (Medusa reserves the stock and emits order.placed), debit
 * the balance, redeem the points, record both as credit lines, open the payment collection for the rest and, for
 * mark_paid, capture it. Any failure undoes what was done (the draft stays a draft, debits are credited back).
 */
export const placeManualOrderWorkflow = createWorkflow(
  "order-management-place-manual-order",
  (input: {
    order_id: string
    customer_id: string | null
    currency_code: string
    balance_minor: number
    points: number
    /** what is left to pay after the deductions, as priced (minor units); 0 = the deductions cover the total */
    to_pay_minor: number
    finish: ManualOrderFinish
    bank_transfer_provider_id: string | null
    actor_id: string | null
  }) => {
    // Medusa's convert-draft workflow as a step of this one: its compensation puts the draft back and drops the
    // reservations, and its order.placed is released only when the whole placement succeeded
    convertDraftOrderWorkflow.runAsStep({ input: { id: input.order_id } })
    const entryId = debitBalanceStep({ order_id: input.order_id, customer_id: input.customer_id, currency_code: input.currency_code, amount_minor: input.balance_minor, actor_id: input.actor_id })
    const pointsValue = redeemPointsStep({ order_id: input.order_id, customer_id: input.customer_id, currency_code: input.currency_code, points: input.points, actor_id: input.actor_id })
    creditLinesStep({ order_id: input.order_id, currency_code: input.currency_code, balance_minor: input.balance_minor, balance_entry_id: entryId, points_value_minor: pointsValue, points: input.points })
    const collectionId = paymentCollectionStep({ order_id: input.order_id, to_pay_minor: input.to_pay_minor })
    const paid = markPaidStep({ order_id: input.order_id, payment_collection_id: collectionId, finish: input.finish, bank_transfer_provider_id: input.bank_transfer_provider_id, actor_id: input.actor_id })
    return new WorkflowResponse({ order_id: input.order_id, balance_entry_id: entryId, points_value_minor: pointsValue, payment_collection_id: collectionId, paid })
  }
)

/** Checks before placing: items, the store's required address fields, stock now, the payment-link option. */
async function assertPlaceable(container: MedusaContainer, order: any, input: CompleteManualOrderInput, toPayMinor: number) {
  const items = (order.items ?? []).filter(Boolean)
  if (!items.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, "items: a manual order needs at least one item")
  const needsShipping = items.some((i: any) => i.requires_shipping)
  if (order.shipping_address || needsShipping) {
    const required = (container.resolve(RISK_MODULE) as RiskModuleService).getRiskOptions().requiredAddressFields
    const missing = missingAddressFields(needsShipping && !order.shipping_address ? [...new Set(["first_name", "last_name", "address_1", "city", "country_code", ...required])] : required, order.shipping_address)
    if (missing.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, `shipping_address: missing ${missing.map((f) => `shipping_address.${f}`).join(", ")}`)
  }
  if (needsShipping && !(order.shipping_methods ?? []).filter(Boolean).length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "shipping_option_id: choose a shipping option for the items that need shipping")
  }
  await assertStock(container, order.sales_channel_id ?? null, items.map((i: any) => ({ variant_id: i.variant_id, quantity: Number(i.quantity) })))
  // the balance and points cover the whole total: paid by the deductions, whatever the finish
  if (toPayMinor <= 0) return
  if (input.finish === "mark_paid" && !input.payment) throw new MedusaError(MedusaError.Types.INVALID_DATA, "payment: how the money was received (method and reference) is required to mark the order paid")
  if (input.finish === "payment_link" && !manualOrderOptions(container).storefrontPayUrl) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "finish: payment_link needs the plugin option storefrontPayUrl (the storefront's pay page)")
  }
  if (input.finish === "payment_link" && !order.email) throw new MedusaError(MedusaError.Types.INVALID_DATA, "finish: the customer has no email to send the payment link to")
}

/**
 * The payment link (option storefrontPayUrl with the order id) sent to the customer through Medusa's Notification
 * module (template order-management.manual-order.payment-link, in the customer's language). Returns the link and
 * whether it was sent (a provider failure is logged and reported, the order stays placed).
 */
export async function sendPaymentLink(container: MedusaContainer, orderId: string, toPayMinor: number): Promise<{ link: string; sent: boolean; error: string | null }> {
  const o = manualOrderOptions(container)
  const facts = await readOrderFacts(container, orderId)
  if (!facts || !o.storefrontPayUrl) throw new MedusaError(MedusaError.Types.INVALID_DATA, "finish: payment_link needs the plugin option storefrontPayUrl")
  const link = paymentLinkFor(o.storefrontPayUrl, { id: orderId, display_id: facts.display_id })
  const notifications: OrderNotificationsModuleService = container.resolve(ORDER_NOTIFICATIONS_MODULE)
  const locale = notifications.localeFor(facts.locale_tags)
  const vars = {
    order_id: facts.order_id,
    order_number: facts.order_number,
    display_id: facts.display_id,
    order_total: formatMinor(facts.total_minor, facts.currency_code),
    store_name: facts.store_name,
    customer_name: facts.customer_name,
    amount: formatMinor(toPayMinor, facts.currency_code),
    payment_link: link,
  } as any
  const message = renderMessage(MANUAL_ORDER_PAYMENT_LINK_TEMPLATES[locale], vars)
  try {
    await container.resolve(Modules.NOTIFICATION).createNotifications({
      to: facts.email!,
      channel: notifications.channel,
      template: MANUAL_ORDER_PAYMENT_LINK_TEMPLATE,
      content: { subject: message.subject, text: message.text, html: message.html },
      data: { ...vars, locale, subject: message.subject },
      trigger_type: "order_management.manual_order.payment_link",
      resource_id: orderId,
      resource_type: "order",
      receiver_id: facts.customer_id,
      idempotency_key: `${MANUAL_ORDER_PAYMENT_LINK_TEMPLATE}:${orderId}:${Date.now()}`,
    } as any)
    return { link, sent: true, error: null }
  } catch (e) {
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order_management: payment link for ${orderId} not sent: ${(e as Error)?.message ?? e}`)
    return { link, sent: false, error: (e as Error)?.message ?? String(e) }
  }
}

/**
 * POST …/manual-orders/:id/complete: place the draft (placeManualOrderWorkflow), then the lifecycle: the order's
 * record synced (mark_paid → confirmed, then the normal review), the admin's history row, the notes, marks and
 * communication record, and for payment_link the link sent.
 * A bank transfer marked paid (with the bank-transfer provider installed) is recorded as the transfer's receipt
 * (confirmBankTransferReceipt: a bank-transfer payment captured, `bank_transfer_received` in the history); cash is a
 * Medusa system payment. An order whose balance and points cover the whole total needs no payment: it is confirmed
 * by its credit lines whatever the finish, and no payment link is sent.
 * @returns { order_id, display_id, finish, paid_by_deductions, payment_link, payment_link_sent, manual_order }
 * @throws 400 (INVALID_DATA) naming the field: no items, a missing required address field, stock, a balance or points
 *   no longer covering the deduction, no storefrontPayUrl; 404 unknown; 400 already placed
 */
export async function completeManualOrder(container: MedusaContainer, input: CompleteManualOrderInput) {
  const order = await readDraftOrder(container, input.id)
  const meta = metaOf(order)
  const view = await viewOf(container, order)
  await assertPlaceable(container, order, input, view.to_pay_minor)
  const covered = view.to_pay_minor <= 0
  const bankTransferProvider = !covered && input.finish === "mark_paid" && input.payment?.method === "bank_transfer" ? await bankTransferProviderId(container) : null
  const { result: placement } = await placeManualOrderWorkflow(container).run({
    input: {
      order_id: order.id,
      customer_id: order.customer_id ?? null,
      currency_code: order.currency_code,
      balance_minor: meta.balance_minor,
      points: meta.points,
      to_pay_minor: view.to_pay_minor,
      finish: input.finish,
      bank_transfer_provider_id: bankTransferProvider,
      actor_id: input.actor.id,
    },
  })
  const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const actor = { type: "user" as const, id: input.actor.id }
  await container.resolve(Modules.ORDER).updateOrders([{ id: order.id, metadata: { ...(order.metadata ?? {}), manual_order: { ...meta, finish: input.finish } } } as any])
  await syncOrder(container, order.id)
  await om.recordEvent(order.id, {
    action: "manual_order_placed",
    actor,
    reason: covered
      ? "Manual order placed by an admin, paid in full by the customer's balance and points"
      : `Manual order placed by an admin (${input.finish}${input.payment ? `, ${input.payment.method} ${input.payment.reference}` : ""})`,
    metadata: {
      finish: input.finish,
      paid_by_deductions: covered,
      payment_method: input.payment?.method ?? null,
      payment_reference: input.payment?.reference ?? null,
      total_minor: view.total_minor,
      balance_minor: meta.balance_minor,
      points: meta.points,
      points_value_minor: view.points_value_minor,
      to_pay_minor: view.to_pay_minor,
      promo_codes: view.promotions.map((p) => p.code),
      manual_discount: view.manual_discount,
    },
  })
  if (meta.notes) await om.addNote(order.id, { kind: "note", body: meta.notes, author: actor })
  for (const label of meta.marks) await om.addNote(order.id, { kind: "mark", body: label, label, author: actor })
  if (meta.communication) await om.addNote(order.id, { kind: "communication", body: meta.communication.summary, channel: meta.communication.channel, author: actor })
  const bankSession = placement.paid?.bank_transfer_session_id
  if (bankSession && input.payment) {
    // the receipt through the bank-transfer confirmation, as for a storefront order paid by transfer (history row,
    // Medusa's capture, then the normal review); if it cannot be recorded the order is not left half made: it is
    // canceled, which gives the balance and points back
    try {
      await confirmBankTransferReceipt(container, {
        order_id: order.id,
        amount_minor: view.to_pay_minor,
        received_at: new Date(),
        bank_reference: input.payment.reference,
        actor,
        note: "manual order",
      })
    } catch (e) {
      await cancelOrderWorkflow(container)
        .run({ input: { order_id: order.id, canceled_by: input.actor.id ?? undefined } as any })
        .catch((c: any) => container.resolve(ContainerRegistrationKeys.LOGGER).error(`order_management: manual order ${order.id} could not be canceled after its bank-transfer receipt failed: ${c?.message ?? c}`))
      throw e
    }
  }
  let link: { link: string; sent: boolean; error: string | null } | null = null
  if (input.finish === "payment_link" && !covered) {
    link = await sendPaymentLink(container, order.id, view.to_pay_minor)
    await om.recordEvent(order.id, { action: "payment_link_sent", actor, reason: link.sent ? `Payment link sent to ${order.email}` : `Payment link not sent: ${link.error}`, metadata: { link: link.link, sent: link.sent } })
  }
  const placed: ManualOrderView = await readManualOrder(container, order.id)
  return { order_id: order.id, display_id: placed.display_id, finish: input.finish, paid_by_deductions: covered, payment_link: link?.link ?? null, payment_link_sent: link?.sent ?? null, manual_order: placed }
}

/**
 * A canceled manual order gives its balance deduction back (a payment_reversal credit, once) and its points (the
 * points capability, once). Orders without a deduction are left alone. Called on Medusa's order.canceled.
 */
export async function giveBackManualOrderDeductions(container: MedusaContainer, orderId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [o] } = await query.graph({ entity: "order", fields: ["id", "status", "customer_id", "currency_code", "metadata"], filters: { id: orderId } })
  const order: any = o
  if (!order?.metadata?.manual_order || order.status !== "canceled") return { balance_minor: 0, points: 0 }
  const meta = metaOf(order)
  const balance: BalanceModuleService = container.resolve(BALANCE_MODULE)
  let balanceBack = 0
  const debit = await balance.findEntryBySource("payment", manualOrderBalanceSource(orderId))
  if (debit && order.customer_id) {
    const r = await balance.post({
      customer_id: debit.customer_id,
      currency_code: debit.currency_code,
      direction: "credit",
      amount_minor: debit.amount_minor,
      source_type: "payment_reversal",
      source_id: manualOrderBalanceSource(orderId),
      reason: "Manual order canceled: balance deduction given back",
      actor: { type: "system" },
      order_id: orderId,
    })
    balanceBack = r.duplicate ? 0 : debit.amount_minor
  }
  let pointsBack = 0
  if (meta.points > 0) {
    const r = await pointsApi()?.refundPointsForOrder(container, { order_id: orderId, reason: "Manual order canceled" })
    pointsBack = Number(r?.points ?? 0)
  }
  return { balance_minor: balanceBack, points: pointsBack }
}
