import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { customerSearchFilters, personName } from "../../../../utils/person-name"

/**
 * GET /admin/order-management/customers?q=&limit= — the order list's customer picker: customers whose email, phone,
 * company, given or family name contains `q`, or whose whole name is `q` written either way round with or without a
 * space (a Chinese name typed as 陈勇; Medusa's own `GET /admin/customers?q=` matches each field alone). Through
 * Medusa's customer module. `limit` 1–50 (default 10). Answers `{ customers: [{ id, email, phone, first_name,
 * last_name, name }] }`, `name` as the store shows it (陈勇, Alice Walker), newest customers first.
 * @throws 400 when `q` is empty or longer than 100 characters, or `limit` is out of range.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const q = typeof req.query.q === "string" ? req.query.q.trim() : ""
  if (!q || q.length > 100) throw new MedusaError(MedusaError.Types.INVALID_DATA, "q: give 1 to 100 characters to search for")
  const limit = req.query.limit === undefined ? 10 : Number(req.query.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new MedusaError(MedusaError.Types.INVALID_DATA, "limit: a whole number from 1 to 50")
  const customers = await req.scope.resolve(Modules.CUSTOMER).listCustomers(customerSearchFilters(q) as any, {
    select: ["id", "email", "phone", "first_name", "last_name"],
    take: limit,
    order: { created_at: "DESC" },
  })
  res.json({ customers: customers.map((c) => ({ id: c.id, email: c.email, phone: c.phone ?? null, first_name: c.first_name ?? null, last_name: c.last_name ?? null, name: personName(c.first_name, c.last_name) })) })
}
