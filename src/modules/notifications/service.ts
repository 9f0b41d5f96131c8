import type { Logger } from "@medusajs/framework/types"
import { ADMIN_FEED_EVENTS, CUSTOMER_NOTIFICATION_EVENTS, isCustomerEvent, type AdminFeedEvent, type CustomerNotificationEvent } from "./events"
import { pickLocale, resolveNotificationOptions, type NotificationLocale, type NotificationsPluginOptions, type ResolvedNotificationsOptions } from "./options"
import { renderMessage, type RenderedMessage, type TemplateVariables } from "./render"
import { ADMIN_FEED_TEMPLATES, CUSTOMER_TEMPLATES } from "./templates"

/** A message ready for Medusa's Notification module. */
export type PreparedMessage = RenderedMessage & {
  /** the stable template id, e.g. "order-management.order.approved" */
  template: string
  locale: NotificationLocale
  /** true when the store's `notifications.templates` supplied this language's text */
  overridden: boolean
}

/**
 * The customer messages and admin-feed notices of the plugin: which events send, in which language, with which
 * words. No tables: the sent messages are Medusa's own `notification` rows (the Notification module); this service
 * only decides and renders. Options: the plugin options' `notifications` key (see ./options.ts), checked at load.
 */
export default class OrderNotificationsModuleService {
  protected readonly options_: ResolvedNotificationsOptions
  protected readonly logger_?: Logger

  constructor(container: { logger?: Logger }, options?: NotificationsPluginOptions) {
    this.options_ = resolveNotificationOptions(options)
    this.logger_ = container?.logger
  }

  /** The checked options: `{channel, defaultLocale, disabled, templates, adminFeed, adminLocale}`. */
  getOptions(): ResolvedNotificationsOptions {
    return this.options_
  }

  /** The channel customer messages go to (default "email"). */
  get channel(): string {
    return this.options_.channel
  }

  /** Whether `event` sends a customer message (a known event the store has not turned off). */
  isCustomerEnabled(event: string): event is CustomerNotificationEvent {
    return isCustomerEvent(event) && !this.options_.disabled.has(event)
  }

  /** Whether `event` posts in the admin's feed (`adminFeed` not false and the event not in `disabled`). */
  isAdminFeedEnabled(event: string): event is AdminFeedEvent {
    return this.options_.adminFeed && Object.prototype.hasOwnProperty.call(ADMIN_FEED_EVENTS, event) && !this.options_.disabled.has(event)
  }

  /**
   * The language of a customer's message.
   * @param candidates language tags in order of preference, e.g. `[order.locale, customer.metadata?.locale]`
   * @returns "en" or "zh-CN" (`zh*` → zh-CN); the store's `defaultLocale` when none is usable
   */
  localeFor(candidates: unknown[]): NotificationLocale {
    return pickLocale(candidates, this.options_.defaultLocale)
  }

  /**
   * Render a customer message: the store's override for that event and language when there is one, else the
   * plugin's. Placeholders without a value render empty and are listed in `missing` (logged at debug).
   * @param event one of CUSTOMER_NOTIFICATION_EVENTS' keys
   * @param locale "en" | "zh-CN"
   * @param vars the event's variables (strings; amounts already formatted with their currency)
   * @returns `{template, locale, subject, text, html, missing, overridden}`
   * @throws Error for an event that has no customer message
   */
  renderCustomer(event: string, locale: NotificationLocale, vars: TemplateVariables): PreparedMessage {
    if (!isCustomerEvent(event)) throw new Error(`order_management: no customer message for event ${event}`)
    return this.render(event, CUSTOMER_NOTIFICATION_EVENTS[event], CUSTOMER_TEMPLATES[event][locale], locale, vars)
  }

  /**
   * Render an admin-feed notice in the `adminLocale`: subject → the feed's title, text → its description.
   * @returns like renderCustomer
   * @throws Error for an event that has no feed notice
   */
  renderAdminFeed(event: string, vars: TemplateVariables): PreparedMessage {
    if (!Object.prototype.hasOwnProperty.call(ADMIN_FEED_EVENTS, event)) throw new Error(`order_management: no admin feed notice for event ${event}`)
    const e = event as AdminFeedEvent
    const locale = this.options_.adminLocale
    return this.render(e, ADMIN_FEED_EVENTS[e], ADMIN_FEED_TEMPLATES[e][locale], locale, vars)
  }

  private render(event: string, template: string, fallback: { subject: string; text: string; html?: string }, locale: NotificationLocale, vars: TemplateVariables): PreparedMessage {
    const override = this.options_.templates[event]?.[locale]
    const rendered = renderMessage(override ?? fallback, vars)
    if (rendered.missing.length) {
      this.logger_?.debug?.(`order_management: notification ${template} (${locale}) has no value for ${rendered.missing.join(", ")}`)
    }
    return { ...rendered, template, locale, overridden: !!override }
  }
}
