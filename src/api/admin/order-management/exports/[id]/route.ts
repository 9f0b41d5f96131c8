import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_EXPORT_MODULE } from "../../../../../modules/export"
import type OrderExportModuleService from "../../../../../modules/export/service"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../modules/order-management/service"
import { serializeExport } from "../serialize"

/**
 * GET /admin/order-management/exports/:id — one export with its progress (`rows_done` of `rows_total`) and, once
 * done, a fresh download link (`file_url`, valid `exportLinkTtlSeconds`). 404 for an unknown id.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service: OrderExportModuleService = req.scope.resolve(ORDER_EXPORT_MODULE)
  const ttl = (req.scope.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions().exportLinkTtlSeconds
  const e = await service.retrieveOrderExport(req.params.id)
  res.json({ export: serializeExport(req.scope, e, ttl) })
}

/**
 * DELETE /admin/order-management/exports/:id — cancel a pending or running export: the writer stops at its next page
 * and deletes the partial file. 200 `{ export }` (status canceled). 404 unknown; 400 when it already finished.
 */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service: OrderExportModuleService = req.scope.resolve(ORDER_EXPORT_MODULE)
  const ttl = (req.scope.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions().exportLinkTtlSeconds
  const e = await service.cancelExport(req.params.id)
  res.json({ export: serializeExport(req.scope, e, ttl) })
}
