import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { ORDER_EXPORT_MODULE } from "../../../../../../modules/export"
import type OrderExportModuleService from "../../../../../../modules/export/service"

/** DELETE /admin/order-management/exports/presets/:id — delete one of the admin's own presets: `{ id, deleted: true }`. 404 unknown or another admin's private preset; 403 another admin's shared one. */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service: OrderExportModuleService = req.scope.resolve(ORDER_EXPORT_MODULE)
  const me = req.auth_context?.actor_id ?? ""
  const [p] = await service.listOrderExportPresets({ id: req.params.id })
  if (!p || (p.owner_id !== me && !p.shared)) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Export preset ${req.params.id} not found`)
  if (p.owner_id !== me) throw new MedusaError(MedusaError.Types.FORBIDDEN, "Only the admin who saved this preset can delete it")
  await service.deleteOrderExportPresets(p.id)
  res.json({ id: p.id, deleted: true })
}
