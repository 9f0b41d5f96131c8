import { ADMIN_FEED_EVENT_NAMES, CUSTOMER_EVENT_NAMES, type AdminFeedEvent, type CustomerNotificationEvent } from "./events"

/** The languages the plugin writes its messages in. */
export const NOTIFICATION_LOCALES = ["en", "zh-CN"] as const
export type NotificationLocale = (typeof NOTIFICATION_LOCALES)[number]

/** One message: `{{placeholder}}`s are replaced by the event's variables (see docs/notifications.md). */
export type MessageTemplate = {
  subject: string
  text: string
  /** optional: without it the html is the text, escaped, in paragraphs */
  html?: string
}

/** A store's replacement of a message, per language; a language left out keeps the plugin's text. */
export type TemplateOverride = Partial<Record<NotificationLocale, MessageTemplate>>

/**
 * The `notifications` key of the plugin options (medusa-config: `plugins: [{ resolve, options: { notifications } }]`).
 * ```ts
 * notifications: {
 *   channel: "email",                    // the Notification module channel customer messages go to
 *   defaultLocale: "en",                 // when neither the order nor the customer names a language
 *   disabled: ["order_management.order.approved"],   // events that send nothing
 *   templates: { "order_management.order.dispatched": { "zh-CN": { subject: "…{{order_number}}", text: "…" } } },
 *   adminFeed: true,                     // refund requests and anomalies in the admin's notification feed
 *   adminLocale: "en",                   // the feed's language
 * }
 * ```
 */
export type NotificationsOptions = {
  channel?: string
  defaultLocale?: NotificationLocale
  disabled?: string[]
  templates?: Partial<Record<CustomerNotificationEvent | AdminFeedEvent, TemplateOverride>>
  adminFeed?: boolean
  adminLocale?: NotificationLocale
}

/** The plugin options as this module receives them (Medusa hands every module of the plugin the same object). */
export type NotificationsPluginOptions = { notifications?: NotificationsOptions } & Record<string, unknown>

export type ResolvedNotificationsOptions = {
  channel: string
  defaultLocale: NotificationLocale
  disabled: Set<string>
  templates: Partial<Record<string, TemplateOverride>>
  adminFeed: boolean
  adminLocale: NotificationLocale
}

const PREFIX = "order_management: notifications"
const KNOWN_EVENTS: readonly string[] = [...CUSTOMER_EVENT_NAMES, ...ADMIN_FEED_EVENT_NAMES]

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v)
}

function checkLocale(name: string, v: unknown): NotificationLocale {
  if (!(NOTIFICATION_LOCALES as readonly unknown[]).includes(v)) {
    throw new Error(`${PREFIX}.${name} must be one of ${NOTIFICATION_LOCALES.map((l) => `"${l}"`).join(", ")}, got ${JSON.stringify(v)}`)
  }
  return v as NotificationLocale
}

function checkEvent(where: string, name: unknown): string {
  if (typeof name !== "string" || !KNOWN_EVENTS.includes(name)) {
    throw new Error(`${PREFIX}.${where}: unknown event ${JSON.stringify(name)}; known events: ${KNOWN_EVENTS.join(", ")}`)
  }
  return name
}

/**
 * Check and complete the `notifications` options; called when the module loads so a mistake stops the server with
 * a message naming the key, instead of surfacing at the first order.
 * @param o the plugin options (only `o.notifications` is read)
 * @returns `{channel, defaultLocale, disabled: Set<event>, templates, adminFeed, adminLocale}`
 * @throws Error naming the offending key and what it accepts
 */
export function resolveNotificationOptions(o: NotificationsPluginOptions | undefined = {}): ResolvedNotificationsOptions {
  const n = (o ?? {}).notifications ?? {}
  if (!isObject(n)) throw new Error(`${PREFIX} must be an object, got ${JSON.stringify(n)}`)
  const channel = n.channel ?? "email"
  if (typeof channel !== "string" || !channel.trim()) throw new Error(`${PREFIX}.channel must be a non-empty string (a Notification module channel such as "email"), got ${JSON.stringify(n.channel)}`)
  if (channel === "feed") throw new Error(`${PREFIX}.channel cannot be "feed": that is the admin's notification feed`)
  const defaultLocale = checkLocale("defaultLocale", n.defaultLocale ?? "en")
  const adminLocale = checkLocale("adminLocale", n.adminLocale ?? "en")
  if (n.adminFeed !== undefined && typeof n.adminFeed !== "boolean") throw new Error(`${PREFIX}.adminFeed must be true or false, got ${JSON.stringify(n.adminFeed)}`)

  if (n.disabled !== undefined && !Array.isArray(n.disabled)) throw new Error(`${PREFIX}.disabled must be a list of event names, got ${JSON.stringify(n.disabled)}`)
  const disabled = new Set((n.disabled ?? []).map((e, i) => checkEvent(`disabled[${i}]`, e)))

  const templates: Partial<Record<string, TemplateOverride>> = {}
  if (n.templates !== undefined && !isObject(n.templates)) throw new Error(`${PREFIX}.templates must be an object keyed by event name`)
  for (const [event, perLocale] of Object.entries(n.templates ?? {})) {
    checkEvent("templates", event)
    if (!isObject(perLocale)) throw new Error(`${PREFIX}.templates["${event}"] must be an object keyed by language ("en", "zh-CN")`)
    const override: TemplateOverride = {}
    for (const [locale, t] of Object.entries(perLocale)) {
      const where = `templates["${event}"]["${locale}"]`
      checkLocale(`templates["${event}"] key`, locale)
      if (!isObject(t)) throw new Error(`${PREFIX}.${where} must be { subject, text, html? }`)
      for (const key of ["subject", "text"] as const) {
        if (typeof t[key] !== "string" || !(t[key] as string).trim()) throw new Error(`${PREFIX}.${where}.${key} must be a non-empty string`)
      }
      if (t.html !== undefined && typeof t.html !== "string") throw new Error(`${PREFIX}.${where}.html must be a string when given`)
      const unknown = Object.keys(t).filter((k) => !["subject", "text", "html"].includes(k))
      if (unknown.length) throw new Error(`${PREFIX}.${where} has unknown keys ${unknown.join(", ")} (allowed: subject, text, html)`)
      override[locale as NotificationLocale] = { subject: t.subject as string, text: t.text as string, ...(t.html !== undefined ? { html: t.html as string } : {}) }
    }
    templates[event] = override
  }
  const unknownKeys = Object.keys(n).filter((k) => !["channel", "defaultLocale", "disabled", "templates", "adminFeed", "adminLocale"].includes(k))
  if (unknownKeys.length) throw new Error(`${PREFIX} has unknown keys ${unknownKeys.join(", ")} (allowed: channel, defaultLocale, disabled, templates, adminFeed, adminLocale)`)
  return { channel, defaultLocale, disabled, templates, adminFeed: n.adminFeed ?? true, adminLocale }
}

/**
 * A language tag (BCP 47 as Medusa stores it on carts and orders: "zh-CN", "zh_Hans", "en-US", "EN") → one of the
 * plugin's languages: any `zh*` is Simplified Chinese, any `en*` English; anything else (or nothing) is null.
 */
export function normalizeLocale(tag: unknown): NotificationLocale | null {
  if (typeof tag !== "string") return null
  const t = tag.trim().toLowerCase()
  if (t.startsWith("zh")) return "zh-CN"
  if (t === "en" || t.startsWith("en-") || t.startsWith("en_")) return "en"
  return null
}

/**
 * The message language: the first tag that names a language the plugin writes (order's locale first, then the
 * customer's), else the store's default.
 * @param candidates e.g. `[order.locale, customer.metadata?.locale]`
 */
export function pickLocale(candidates: unknown[], fallback: NotificationLocale): NotificationLocale {
  for (const c of candidates) {
    const l = normalizeLocale(c)
    if (l) return l
  }
  return fallback
}
