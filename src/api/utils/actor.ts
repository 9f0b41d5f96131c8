import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import type { Actor } from "../../modules/order-management/lifecycle/statuses"

/** The admin behind a request, as a lifecycle actor (user or secret API key). */
export async function adminActor(req: AuthenticatedMedusaRequest): Promise<Actor & { email?: string | null }> {
  const id = req.auth_context?.actor_id ?? null
  let email: string | null = null
  if (id && req.auth_context?.actor_type === "user") {
    const users = await req.scope.resolve(Modules.USER).listUsers({ id: [id] }, { select: ["id", "email"] })
    email = users[0]?.email ?? null
  }
  return { type: "user", id, email }
}
