import type { CreateNotificationDTO, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { RISK_MODULE } from "../../modules/risk"
import type RiskModuleService from "../../modules/risk/service"
import type { VerificationRow, VerificationView } from "../../modules/risk/service"
import { generateCode } from "../../modules/risk/verification-code"
import { normalizePhone } from "../../modules/risk/normalize"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { providerMatches } from "../../modules/order-management/options"
import { ORDER_NOTIFICATIONS_MODULE } from "../../modules/notifications"
import type OrderNotificationsModuleService from "../../modules/notifications/service"
import { readOrderFacts } from "../notifications/send-customer-notification"
import { runLifecycleAction } from "../run-lifecycle-action"
import { VERIFICATION_HOLD_REASON } from "../../modules/risk/verification-code"

/** The Notification module template id of the one-time code message. */
export const VERIFICATION_TEMPLATE = "order-management.risk.verification-code"
/** The notification's trigger_type. */
export const VERIFICATION_TRIGGER = "order_management.risk.verification_code"

type Locale = "en" | "zh-CN"

/** The code's message in the customer's language: `{ subject, text, html }` (text only matters for SMS). */
export function verificationMessage(locale: Locale, code: string, orderNumber: string, minutes: number) {
  if (locale === "zh-CN") {
    const text = `您的验证码是 ${code}，${minutes} 分钟内有效。请输入验证码以确认订单 ${orderNumber}。如非本人操作，请忽略本消息。`
    return { subject: `确认您的订单 ${orderNumber}`, text, html: `<p>您的验证码是 <strong>${code}</strong>，${minutes} 分钟内有效。</p><p>请输入验证码以确认订单 ${orderNumber}。如非本人操作，请忽略本消息。</p>` }
  }
  const text = `Your verification code is ${code}. It expires in ${minutes} minutes. Enter it to confirm order ${orderNumber}. If you did not place this order, ignore this message.`
  return { subject: `Confirm your order ${orderNumber}`, text, html: `<p>Your verification code is <strong>${code}</strong>. It expires in ${minutes} minutes.</p><p>Enter it to confirm order ${orderNumber}. If you did not place this order, ignore this message.</p>` }
}

/** Does the store have a Notification module provider for the "sms" channel? */
export async function smsAvailable(container: MedusaContainer): Promise<boolean> {
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const { rows } = await pg.raw(`select 1 from notification_provider where is_enabled = true and 'sms' = any(channels) limit 1`)
  return rows.length > 0
}

/**
 * Where a code for this order goes: its email, or (channel phone) its shipping address's phone in E.164 — and only
 * when the store has an SMS provider. 400 naming what is missing.
 */
export async function verificationDestination(container: MedusaContainer, orderId: string, channel: "email" | "phone"): Promise<string> {
  const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["id", "email", "shipping_address.phone", "shipping_address.country_code", "billing_address.phone"], filters: { id: orderId } })
  const order = o as any
  if (channel === "email") {
    if (!order?.email) throw new MedusaError(MedusaError.Types.INVALID_DATA, "The order has no email address; choose phone")
    return String(order.email).toLowerCase()
  }
  if (!(await smsAvailable(container))) throw new MedusaError(MedusaError.Types.INVALID_DATA, "phone verification is not available")
  const phone = order?.shipping_address?.phone ?? order?.billing_address?.phone
  if (!phone) throw new MedusaError(MedusaError.Types.INVALID_DATA, "The order has no phone number; choose email")
  return normalizePhone(phone, order?.shipping_address?.country_code ?? undefined)
}

export type SendVerificationCodeInput = { order_id: string; channel: "email" | "phone"; destination: string }

/**
 * Issue a new code and send it (one step: the code exists only in this step's memory and the message; the challenge
 * keeps its scrypt hash). If the Notification module cannot send it, the challenge is put back as it was (no code
 * spent, no wait). Compensation (a later failure) does the same.
 */
export const issueVerificationCodeStep = createStep(
  "order-management-risk-issue-verification-code",
  async (input: SendVerificationCodeInput, { container }) => {
    const risk: RiskModuleService = container.resolve(RISK_MODULE)
    const code = generateCode()
    const { before, after } = await risk.issueCode(input.order_id, code, { channel: input.channel, destination: input.destination })
    try {
      const facts = await readOrderFacts(container, input.order_id)
      const notifications: OrderNotificationsModuleService = container.resolve(ORDER_NOTIFICATIONS_MODULE)
      const locale = notifications.localeFor(facts?.locale_tags ?? []) as Locale
      const minutes = risk.getRiskOptions().verification.codeTtlMinutes
      const orderNumber = facts?.order_number ?? input.order_id
      const m = verificationMessage(locale, code, orderNumber, minutes)
      const n: CreateNotificationDTO = {
        to: input.destination,
        channel: input.channel === "phone" ? "sms" : notifications.channel,
        template: VERIFICATION_TEMPLATE,
        content: { subject: m.subject, text: m.text, html: m.html },
        data: { code, order_number: orderNumber, expires_minutes: String(minutes), locale, subject: m.subject },
        trigger_type: VERIFICATION_TRIGGER,
        resource_id: input.order_id,
        resource_type: "order",
        receiver_id: facts?.customer_id ?? null,
        // one message per code: a retried step does not send the same code twice
        idempotency_key: `${VERIFICATION_TEMPLATE}:${after.id}:${after.sends}`,
      } as CreateNotificationDTO
      await container.resolve(Modules.NOTIFICATION).createNotifications(n)
    } catch (e) {
      await risk.restoreVerification(before)
      container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: the verification code of order ${input.order_id} could not be sent: ${(e as Error).message}`)
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "The code could not be sent; please try again later")
    }
    return new StepResponse(risk.verificationView(after), before)
  },
  async (before: VerificationRow | undefined, { container }) => {
    if (before) await (container.resolve(RISK_MODULE) as RiskModuleService).restoreVerification(before)
  }
)

/** Send (or re-send) the order's one-time code: `VerificationView`. Refusals: VerificationRefused (409, 429). */
export const sendVerificationCodeWorkflow = createWorkflow("order-management-risk-send-verification-code", (input: SendVerificationCodeInput) => {
  return new WorkflowResponse(issueVerificationCodeStep(input))
})

export type ConfirmVerificationInput = { order_id: string; code: string }
type CheckResult = { result: string; attempts_left?: number; verification: VerificationView }

/**
 * Check the code (the challenge locked while checked): a wrong one counts an attempt (kept whatever follows), a right
 * one marks the challenge verified. Compensation puts a verified challenge back to pending with its code.
 */
export const checkVerificationCodeStep = createStep(
  "order-management-risk-check-verification-code",
  async (input: ConfirmVerificationInput, { container }) => {
    const risk: RiskModuleService = container.resolve(RISK_MODULE)
    const r = await risk.confirmCode(input.order_id, input.code)
    const out: CheckResult = { result: r.result, attempts_left: r.attempts_left, verification: risk.verificationView(r.after) }
    return new StepResponse(out, r.result === "verified" ? r.before : null)
  },
  async (before: VerificationRow | null | undefined, { container }) => {
    if (before) await (container.resolve(RISK_MODULE) as RiskModuleService).restoreVerification(before)
  }
)

/**
 * Release the verification hold (actor system "risk", reason "identity verified"). Only a hold placed for the
 * verification is released (an order an admin put on hold for another reason stays held); an order no longer on
 * hold is left as it is. Compensation holds it again.
 */
export const releaseVerifiedOrderStep = createStep(
  "order-management-risk-release-verified-order",
  async (input: { order_id: string }, { container }) => {
    const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    const l = await om.findLifecycleByOrder(input.order_id)
    if (!l?.on_hold || l.hold_reason !== VERIFICATION_HOLD_REASON) return new StepResponse({ released: false }, null)
    await runLifecycleAction(container, { order_id: input.order_id, action: "release", actor: { type: "system", id: "risk" }, reason: "identity verified" } as any)
    return new StepResponse({ released: true }, input.order_id)
  },
  async (orderId: string | null | undefined, { container }) => {
    if (!orderId) return
    // the order was released by this step: hold it again; a failure is logged for a person (never swallowed silently)
    await runLifecycleAction(container, { order_id: orderId, action: "hold", actor: { type: "system", id: "risk" }, reason: VERIFICATION_HOLD_REASON } as any).catch((e: Error) =>
      container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: order ${orderId} could not be held again after a failed verification: ${e.message}`))
  }
)

/**
 * Confirm the order's code: `{ result: verified | wrong | expired | locked | no_code | done, attempts_left?,
 * verification, released }`. Verified releases the verification hold (see releaseVerifiedOrderStep); if that fails
 * the challenge goes back to pending.
 */
export const confirmVerificationWorkflow = createWorkflow("order-management-risk-confirm-verification", (input: ConfirmVerificationInput) => {
  const checked = checkVerificationCodeStep(input)
  const released = when("order-management-risk-verified", { checked }, ({ checked }) => checked.result === "verified").then(() => releaseVerifiedOrderStep({ order_id: input.order_id }))
  return new WorkflowResponse(transform({ checked, released }, ({ checked, released }) => ({ ...checked, released: !!released?.released })))
})

/**
 * After the identity check the order continues as any paid order does: one that was paid while held went to manual
 * review only because of the hold; when its payment provider is not one the store reviews by hand, it is approved now
 * (as the automatic approval would have; `autoActivate` dispatches it). A failure leaves it in the review queue.
 */
export async function continueAfterVerification(container: MedusaContainer, orderId: string): Promise<void> {
  const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const l = await om.findLifecycleByOrder(orderId)
  if (!l || l.on_hold || l.payment_status !== "confirmed" || l.fulfillment_status !== "holded") return
  if (providerMatches(l.payment_provider, om.getOptions().manualReviewProviders)) return
  try {
    await runLifecycleAction(container, { order_id: orderId, action: "approve", actor: { type: "system", id: "risk" }, reason: `identity verified; auto-approved: online payment via ${l.payment_provider ?? "unknown provider"}` } as any)
  } catch (e) {
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: order ${orderId} verified but not approved: ${(e as Error).message}`)
  }
}
