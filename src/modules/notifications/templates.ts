import { ANOMALY_OPENED_EVENT, LIFECYCLE_EVENTS } from "../order-management/lifecycle/events"
import {
  REFUND_REQUEST_APPROVED,
  REFUND_REQUEST_CREATED,
  REFUND_REQUEST_FAILED,
  REFUND_REQUEST_REFUNDED,
  REFUND_REQUEST_REJECTED,
} from "../after-sales/events"
import { BANK_TRANSFER_PROOF_REJECTED, type AdminFeedEvent, type CustomerNotificationEvent } from "./events"
import type { MessageTemplate, NotificationLocale } from "./options"

/*
 * The plugin's own messages. Every customer message can use the common variables:
 *   order_number (the plugin's number, e.g. MO20250101000042), display_id, order_total, store_name, customer_name
 * plus the event's own (see docs/notifications.md for the full table). `{{#x}}…{{/x}}` shows a part only when x has
 * a value, `{{^x}}…{{/x}}` only when it has none.
 */

const HELLO_EN = "{{#customer_name}}Hello {{customer_name}},{{/customer_name}}{{^customer_name}}Hello,{{/customer_name}}"
const HELLO_ZH = "{{#customer_name}}{{customer_name}}，您好：{{/customer_name}}{{^customer_name}}您好：{{/customer_name}}"
const BYE_EN = "{{#store_name}}\n\n{{store_name}}{{/store_name}}"
const BYE_ZH = "{{#store_name}}\n\n{{store_name}}{{/store_name}}"

const en = (subject: string, body: string): MessageTemplate => ({ subject, text: `${HELLO_EN}\n\n${body}${BYE_EN}` })
const zh = (subject: string, body: string): MessageTemplate => ({ subject, text: `${HELLO_ZH}\n\n${body}${BYE_ZH}` })

/** Default customer messages, per event and language. */
export const CUSTOMER_TEMPLATES: Record<CustomerNotificationEvent, Record<NotificationLocale, MessageTemplate>> = {
  [LIFECYCLE_EVENTS.payment_confirmed]: {
    en: en("Payment received for order {{order_number}}", "We have received your payment of {{amount}} for order {{order_number}}. We will let you know when it is on its way."),
    "zh-CN": zh("订单 {{order_number}} 已收到付款", "我们已收到您订单 {{order_number}} 的付款 {{amount}}。订单发出后我们会再通知您。"),
  },
  [LIFECYCLE_EVENTS.approve]: {
    en: en("Order {{order_number}} approved", "Your order {{order_number}} has been reviewed and approved. We are now preparing it."),
    "zh-CN": zh("订单 {{order_number}} 已通过审核", "您的订单 {{order_number}} 已通过审核，我们正在为您备货。"),
  },
  [LIFECYCLE_EVENTS.reject]: {
    en: en(
      "Order {{order_number}} could not be accepted",
      "We are sorry: your order {{order_number}} could not be accepted.{{#reason}}\n\nReason: {{reason}}{{/reason}}{{#refund_amount}}\n\nThe {{refund_amount}} you paid is refunded to your original payment method.{{/refund_amount}}"
    ),
    "zh-CN": zh(
      "订单 {{order_number}} 未通过审核",
      "很抱歉，您的订单 {{order_number}} 未通过审核。{{#reason}}\n\n原因：{{reason}}{{/reason}}{{#refund_amount}}\n\n您已支付的 {{refund_amount}} 将原路退回。{{/refund_amount}}"
    ),
  },
  [LIFECYCLE_EVENTS.dispatch]: {
    en: en(
      "Order {{order_number}} is on its way",
      "Good news: your order {{order_number}} has been dispatched.{{#shipped_items}}\n\nShipped:\n{{shipped_items}}{{/shipped_items}}{{#tracking_number}}\n\nTracking number: {{tracking_number}}{{/tracking_number}}{{#activated_items}}\n\nActivated and ready to use:\n{{activated_items}}{{/activated_items}}"
    ),
    "zh-CN": zh(
      "订单 {{order_number}} 已发货",
      "您的订单 {{order_number}} 已发货。{{#shipped_items}}\n\n已发出：\n{{shipped_items}}{{/shipped_items}}{{#tracking_number}}\n\n物流单号：{{tracking_number}}{{/tracking_number}}{{#activated_items}}\n\n已开通，可立即使用：\n{{activated_items}}{{/activated_items}}"
    ),
  },
  [LIFECYCLE_EVENTS.cancel]: {
    en: en(
      "Order {{order_number}} canceled",
      "Your order {{order_number}} has been canceled.{{#reason}}\n\nReason: {{reason}}{{/reason}}{{#refund_amount}}\n\nThe {{refund_amount}} you paid is refunded to your original payment method.{{/refund_amount}}"
    ),
    "zh-CN": zh(
      "订单 {{order_number}} 已取消",
      "您的订单 {{order_number}} 已取消。{{#reason}}\n\n原因：{{reason}}{{/reason}}{{#refund_amount}}\n\n您已支付的 {{refund_amount}} 将原路退回。{{/refund_amount}}"
    ),
  },
  [BANK_TRANSFER_PROOF_REJECTED]: {
    en: en(
      "Your transfer slip for order {{order_number}} was not accepted",
      "We could not confirm your bank transfer for order {{order_number}} from the slip you uploaded.{{#reason}}\n\nReason: {{reason}}{{/reason}}\n\nPlease check the transfer of {{amount}} and upload a clearer slip from your order page."
    ),
    "zh-CN": zh(
      "订单 {{order_number}} 的转账凭证未通过",
      "我们无法根据您上传的凭证确认订单 {{order_number}} 的银行转账。{{#reason}}\n\n原因：{{reason}}{{/reason}}\n\n请核对 {{amount}} 的转账，并在订单页面重新上传清晰的凭证。"
    ),
  },
  [REFUND_REQUEST_CREATED]: {
    en: en(
      "We received your refund request for order {{order_number}}",
      "We received your request to refund {{amount}} for order {{order_number}}{{#reason_label}} ({{reason_label}}){{/reason_label}}. We will review it and let you know."
    ),
    "zh-CN": zh(
      "已收到订单 {{order_number}} 的退款申请",
      "我们已收到您对订单 {{order_number}} 的退款申请，金额 {{amount}}{{#reason_label}}（{{reason_label}}）{{/reason_label}}。审核后会通知您结果。"
    ),
  },
  [REFUND_REQUEST_APPROVED]: {
    en: en(
      "Refund approved for order {{order_number}}",
      "Your refund request for order {{order_number}} has been approved: {{amount}} will be refunded{{#destination_label}} to your {{destination_label}}{{/destination_label}}. We will tell you when the money is on its way."
    ),
    "zh-CN": zh(
      "订单 {{order_number}} 的退款申请已通过",
      "您对订单 {{order_number}} 的退款申请已通过：{{amount}} 将退回{{#destination_label}}至您的{{destination_label}}{{/destination_label}}。退款完成后会再通知您。"
    ),
  },
  [REFUND_REQUEST_REJECTED]: {
    en: en(
      "Refund request for order {{order_number}} declined",
      "We are sorry: your refund request of {{amount}} for order {{order_number}} was declined.{{#reason}}\n\nReason: {{reason}}{{/reason}}\n\nReply to this message if you have questions."
    ),
    "zh-CN": zh(
      "订单 {{order_number}} 的退款申请未通过",
      "很抱歉，您对订单 {{order_number}} 的 {{amount}} 退款申请未通过。{{#reason}}\n\n原因：{{reason}}{{/reason}}\n\n如有疑问，请回复此消息。"
    ),
  },
  [REFUND_REQUEST_REFUNDED]: {
    en: en(
      "Refund of {{refunded_amount}} for order {{order_number}}",
      "We have refunded {{refunded_amount}} for order {{order_number}}{{#destination_label}} to your {{destination_label}}{{/destination_label}}.{{#destination_original}} Depending on your bank or payment platform it may take a few days to show.{{/destination_original}}"
    ),
    "zh-CN": zh(
      "订单 {{order_number}} 已退款 {{refunded_amount}}",
      "订单 {{order_number}} 已退款 {{refunded_amount}}{{#destination_label}}，退回至您的{{destination_label}}{{/destination_label}}。{{#destination_original}}到账时间以银行或支付平台为准，可能需要几天。{{/destination_original}}"
    ),
  },
  [REFUND_REQUEST_FAILED]: {
    en: en(
      "Your refund for order {{order_number}} is delayed",
      "We could not complete the refund of {{amount}} for order {{order_number}} yet{{#failure_label}} ({{failure_label}}){{/failure_label}}. Our team is on it and will refund you another way if needed; you do not need to do anything."
    ),
    "zh-CN": zh(
      "订单 {{order_number}} 的退款暂未完成",
      "订单 {{order_number}} 的 {{amount}} 退款暂未完成{{#failure_label}}（{{failure_label}}）{{/failure_label}}。我们正在处理，必要时会改用其他方式退款，您无需任何操作。"
    ),
  },
}

/**
 * The payment link of an order an admin made (manual orders, "Send payment link"; template id
 * `order-management.manual-order.payment-link`). Variables: the common ones plus `payment_link` and `amount` (to pay).
 */
export const MANUAL_ORDER_PAYMENT_LINK_TEMPLATE = "order-management.manual-order.payment-link"
export const MANUAL_ORDER_PAYMENT_LINK_TEMPLATES: Record<NotificationLocale, MessageTemplate> = {
  en: en("Pay for your order {{order_number}}", "Your order {{order_number}} is ready. Please pay {{amount}} here:\n\n{{payment_link}}\n\nYou can pay with any payment method the store offers."),
  "zh-CN": zh("请支付订单 {{order_number}}", "您的订单 {{order_number}} 已创建，请点击以下链接支付 {{amount}}：\n\n{{payment_link}}\n\n可使用商店提供的任一支付方式。"),
}

/** Default admin-feed notices (subject → the feed's title, text → its description). */
export const ADMIN_FEED_TEMPLATES: Record<AdminFeedEvent, Record<NotificationLocale, MessageTemplate>> = {
  [REFUND_REQUEST_CREATED]: {
    en: { subject: "New refund request", text: "Order {{order_number}}: {{amount}} requested{{#reason_label}} ({{reason_label}}){{/reason_label}}{{#by_admin}}, opened by an admin{{/by_admin}}." },
    "zh-CN": { subject: "新的退款申请", text: "订单 {{order_number}}：申请退款 {{amount}}{{#reason_label}}（{{reason_label}}）{{/reason_label}}{{#by_admin}}，由管理员代为提交{{/by_admin}}。" },
  },
  [ANOMALY_OPENED_EVENT]: {
    en: { subject: "Payment anomaly: {{anomaly_label}}", text: "{{#order_number}}Order {{order_number}}{{/order_number}}{{^order_number}}Cart {{cart_id}} (no order){{/order_number}}{{#amount}}: {{amount}}{{/amount}}. See Order management to resolve it." },
    "zh-CN": { subject: "支付异常：{{anomaly_label}}", text: "{{#order_number}}订单 {{order_number}}{{/order_number}}{{^order_number}}购物车 {{cart_id}}（未成单）{{/order_number}}{{#amount}}：{{amount}}{{/amount}}。请在订单管理中处理。" },
  },
}

/** Words for codes the messages show, per language (unknown codes print as they are). */
export const LABELS: Record<NotificationLocale, { destination: Record<string, string>; reason: Record<string, string>; failure: Record<string, string>; anomaly: Record<string, string> }> = {
  en: {
    destination: { original: "original payment method", balance: "account balance" },
    reason: {
      not_received: "not received",
      damaged: "damaged",
      not_as_described: "not as described",
      wrong_item: "wrong item",
      changed_mind: "changed my mind",
      duplicate_payment: "duplicate payment",
      service_problem: "problem with the service",
      other: "other",
    },
    failure: {
      channel_not_configured: "the payment channel is not available",
      merchant_balance_insufficient: "the payment platform could not process it yet",
      information_incomplete: "some payment information is missing",
      deadline_passed: "the payment platform's refund period has passed",
      platform_error: "the payment platform reported an error",
    },
    anomaly: {
      paid_after_cancel: "Paid after cancel",
      duplicate_payment: "Duplicate payment",
      amount_mismatch: "Amount mismatch",
      currency_mismatch: "Currency or coin mismatch",
      paid_not_received: "Paid but not received",
      malicious_order: "Malicious order",
      paid_late: "Paid after expiry",
      paid_no_order: "Paid, no order placed",
      unmatched_payment: "Payment for a replaced checkout",
      refunded_outside_store: "Refunded outside the store",
      reconciliation_difference: "Reconciliation difference",
    },
  },
  "zh-CN": {
    destination: { original: "原支付方式", balance: "账户余额" },
    reason: {
      not_received: "未收到货",
      damaged: "商品损坏",
      not_as_described: "与描述不符",
      wrong_item: "发错商品",
      changed_mind: "不想要了",
      duplicate_payment: "重复付款",
      service_problem: "服务问题",
      other: "其他",
    },
    failure: {
      channel_not_configured: "支付渠道暂不可用",
      merchant_balance_insufficient: "支付平台暂时无法处理",
      information_incomplete: "支付信息不完整",
      deadline_passed: "已超过支付平台的退款期限",
      platform_error: "支付平台返回错误",
    },
    anomaly: {
      paid_after_cancel: "取消后付款",
      duplicate_payment: "重复付款",
      amount_mismatch: "金额不符",
      currency_mismatch: "币种或币链不符",
      paid_not_received: "已付款未到账",
      malicious_order: "恶意订单",
      paid_late: "过期后付款",
      paid_no_order: "已付款但未生成订单",
      unmatched_payment: "已更换结账方式的付款",
      refunded_outside_store: "在商店外退款",
      reconciliation_difference: "对账差异",
    },
  },
}

/** The word for `code` in `kind`'s table, or the code itself (a store's own reason codes), or null for none. */
export function labelOf(locale: NotificationLocale, kind: keyof (typeof LABELS)["en"], code: string | null | undefined): string | null {
  if (!code) return null
  return LABELS[locale][kind][code] ?? code
}
