import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { sendNotificationsStep } from "@medusajs/medusa/core-flows"
import { ORDER_EXPORT_MODULE } from "../../modules/export"
import type OrderExportModuleService from "../../modules/export/service"
import { deleteExportFile, downloadLink } from "../../modules/export/links"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { writeExport, type WriteResult } from "./write-export"

export type ExportOrdersInput = { export_id: string }

/**
 * Writes the export's file (see writeExport). Runs in the background on Medusa's workflow engine (a worker instance
 * takes it with the Redis engine). Compensation (a later step failing): the file is deleted and the export marked
 * failed.
 */
export const writeOrderExportStep = createStep(
  "order-management-write-export",
  async (input: ExportOrdersInput, { container }) => {
    const result = await writeExport(container, input.export_id)
    return new StepResponse(result, input.export_id)
  },
  async (exportId, { container }) => {
    if (!exportId) return
    const service: OrderExportModuleService = container.resolve(ORDER_EXPORT_MODULE)
    const exp: any = await service.retrieveOrderExport(exportId).catch(() => null)
    await deleteExportFile(container.resolve(Modules.FILE) as any, container.resolve(ContainerRegistrationKeys.LOGGER), exportId, exp?.file_id)
    await service.failExport(exportId, "the export's workflow was rolled back")
  }
)

/** The feed notification Medusa's admin shows for the finished export (with a download link) or its failure. */
export const exportNotificationStep = createStep("order-management-export-notification", async (input: { export_id: string; result: WriteResult }, { container }) => {
  if (input.result.status === "canceled") return new StepResponse([])
  const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const service: OrderExportModuleService = container.resolve(ORDER_EXPORT_MODULE)
  const exp: any = await service.retrieveOrderExport(input.export_id)
  const secret = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE).projectConfig.http.jwtSecret as string
  const done = input.result.status === "done"
  return new StepResponse([
    {
      to: "",
      channel: "feed",
      template: "admin-ui",
      data: {
        title: { orders: "Order export", backup: "Order backup", reconciliation: "Financial reconciliation", sales: "Sales report" }[exp.report as string] ?? "Order export",
        description: done
          ? `${exp.rows_done} ${exp.rows_done === 1 ? "row" : "rows"} exported${exp.report === "reconciliation" || exp.report === "sales" ? "" : exp.masked ? " (personal data masked)" : " (unmasked)"}`
          : `The export failed: ${input.result.error ?? "unknown error"}`,
        ...(done && { file: { filename: exp.filename, url: downloadLink(secret, exp.id, om.getOptions().exportLinkTtlSeconds).url, mimeType: exp.mime_type } }),
      },
    },
  ])
})

/** An export: its file written in the background, then announced in the admin's notification feed. */
export const exportOrdersWorkflow = createWorkflow("order-management-export-orders", (input: ExportOrdersInput) => {
  const result = writeOrderExportStep(input).config({ async: true, backgroundExecution: true })
  const notifications = exportNotificationStep({ export_id: input.export_id, result })
  const toSend = transform({ notifications }, (d) => d.notifications)
  sendNotificationsStep(toSend)
  return new WorkflowResponse(result)
})
