import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { ORDER_EXPORT_MODULE } from "../../../../../../modules/export"
import type OrderExportModuleService from "../../../../../../modules/export/service"
import { checkDownloadLink } from "../../../../../../modules/export/links"
import type { DownloadQueryType } from "../../validators"

/**
 * GET /admin/order-management/exports/:id/download?expires=&signature= — the export's file, streamed from Medusa's
 * File module (private files: no public URL), as an attachment. Needs an authenticated admin and a link from GET
 * …/exports/:id or the notification (it expires). Each download is counted on the export (the audit log).
 * Errors: 400 a link not signed for this export; 410 the link or the file expired; 404 unknown export; 409 the
 * export is not done.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, DownloadQueryType>, res: MedusaResponse) {
  const q = req.validatedQuery as DownloadQueryType
  const secret = req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE).projectConfig.http.jwtSecret as string
  const check = checkDownloadLink(secret, req.params.id, q.expires, q.signature)
  if (check === "invalid") throw new MedusaError(MedusaError.Types.INVALID_DATA, "This download link was not issued for this export")
  if (check === "expired") {
    res.status(410).json({ type: "not_allowed", message: "This download link expired; open the export again for a new one" })
    return
  }
  const service: OrderExportModuleService = req.scope.resolve(ORDER_EXPORT_MODULE)
  const e: any = await service.retrieveOrderExport(req.params.id)
  if (e.status === "expired") {
    res.status(410).json({ type: "not_allowed", message: "This export's file was deleted after its retention period; export again" })
    return
  }
  if (e.status !== "done" || !e.file_id) {
    res.status(409).json({ type: "conflict", message: `Export ${e.id} is ${e.status}; its file is ready when it is done` })
    return
  }
  const stream = await req.scope.resolve(Modules.FILE).getDownloadStream(e.file_id)
  await service.recordDownload(e.id)
  res.setHeader("Content-Type", e.mime_type ?? "application/octet-stream")
  res.setHeader("Content-Disposition", `attachment; filename="${e.filename}"; filename*=UTF-8''${encodeURIComponent(e.filename)}`)
  if (e.size_bytes != null) res.setHeader("Content-Length", String(e.size_bytes))
  res.setHeader("Cache-Control", "private, no-store")
  stream.pipe(res)
}
