import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { ORDER_EXPORT_MODULE } from "../modules/export"
import type OrderExportModuleService from "../modules/export/service"
import { deleteExportFile } from "../modules/export/links"

/** A running export whose heartbeat is older than this is taken for dead (its writer reports after every page, seconds apart). */
export const EXPORT_STALL_SECONDS = 120

/**
 * Exports whose writer died (a worker restart mid-export: no heartbeat for two minutes) are marked failed and their
 * partial files deleted, so no half file is ever offered; finished exports past their retention lose their file
 * (status expired). Returns what it did.
 */
export async function exportHousekeeping(container: MedusaContainer, now = new Date()) {
  const service: OrderExportModuleService = container.resolve(ORDER_EXPORT_MODULE)
  const file = container.resolve(Modules.FILE)
  const stalled = await service.failStalledExports(new Date(now.getTime() - EXPORT_STALL_SECONDS * 1000))
  const expired = await service.expireExports(now)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  for (const e of [...stalled, ...expired]) await deleteExportFile(file as any, logger, e.id, e.file_id)
  return { stalled: stalled.map((e: any) => e.id), expired: expired.map((e: any) => e.id) }
}

export default async function exportHousekeepingJob(container: MedusaContainer) {
  const r = await exportHousekeeping(container)
  if (r.stalled.length || r.expired.length) {
    container.resolve(ContainerRegistrationKeys.LOGGER).info(`order-management: ${r.stalled.length} interrupted exports failed, ${r.expired.length} expired exports' files deleted`)
  }
}

export const config = { name: "order-management-export-housekeeping", schedule: "* * * * *" }
