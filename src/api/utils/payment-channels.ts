import path from "node:path"
import type { MedusaRequest } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

export type ConfiguredProvider = { provider_id: string; identifier: string; id: string; options: Record<string, any> }

/** The identifiers a provider entry registers (`static identifier` of each service), by loading its module like Medusa does. */
function identifiersOf(resolve: unknown): string[] {
  try {
    const mod = typeof resolve === "string" ? require(require.resolve(resolve, { paths: [process.cwd()] })) : resolve
    const services = ((mod as any)?.default ?? mod)?.services ?? []
    const ids = services.map((s: any) => s?.identifier).filter((x: unknown): x is string => typeof x === "string")
    if (ids.length) return ids
  } catch {
    // fall through to the path's last segment (…/providers/alipay)
  }
  return typeof resolve === "string" ? [path.basename(resolve)] : []
}

/** The payment providers in the store's medusa-config, with their options (read here, never sent out as they are). */
export function configuredProviders(container: MedusaContainer): ConfiguredProvider[] {
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE) as any
  const payment = config?.modules?.[Modules.PAYMENT] ?? config?.modules?.["@medusajs/medusa/payment"]
  const entries = (payment?.options?.providers ?? []) as Array<{ resolve: unknown; id: string; options?: Record<string, any> }>
  return entries.flatMap((e) => identifiersOf(e.resolve).map((identifier) => ({ provider_id: `pp_${identifier}_${e.id}`, identifier, id: e.id, options: e.options ?? {} })))
}

/** Where this store is reached from outside: admin.backendUrl when absolute, else the request's own origin. */
export function backendUrl(req: MedusaRequest): string {
  const config = req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE) as any
  const configured = config?.admin?.backendUrl
  if (typeof configured === "string" && /^https?:\/\//.test(configured)) return configured.replace(/\/$/, "")
  const proto = String(req.headers["x-forwarded-proto"] ?? req.protocol ?? "http").split(",")[0].trim()
  const host = String(req.headers["x-forwarded-host"] ?? req.headers.host ?? "localhost").split(",")[0].trim()
  return `${proto}://${host}`
}

/** The callback URL a platform posts to for this provider (the route's `alipay` / `alipay_<id>` form). */
export function callbackUrlFor(base: string, p: ConfiguredProvider): string {
  return `${base}/hooks/order-management/${p.id === p.identifier ? p.identifier : `${p.identifier}_${p.id}`}`
}
