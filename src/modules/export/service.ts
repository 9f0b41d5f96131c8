import { InjectManager, MedusaContext, MedusaError, MedusaService } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import OrderExport from "./models/order-export"
import OrderExportPreset from "./models/order-export-preset"

export type ExportStatus = "pending" | "running" | "done" | "failed" | "canceled" | "expired" | "refused"

/**
 * Exports and their presets. The status moves only forward by compare-and-set (pending → running → done | failed,
 * pending | running → canceled, done → expired), so a cancel and a finishing writer cannot both win.
 */
class OrderExportModuleService extends MedusaService({ OrderExport, OrderExportPreset }) {
  private knexOf(ctx: Context) {
    const m = (ctx.transactionManager ?? ctx.manager) as any
    return m?.getTransactionContext?.() ?? m?.getKnex?.()
  }

  /** pending → running with the total to write and the file's key; false when the export was canceled first. */
  @InjectManager()
  async startExport(id: string, info: { rows_total: number; file_id: string; filename: string; mime_type: string }, @MedusaContext() ctx: Context = {}): Promise<boolean> {
    const now = new Date()
    const n = await this.knexOf(ctx)("order_export")
      .where({ id, status: "pending" })
      .whereNull("deleted_at")
      .update({ status: "running", ...info, started_at: now, heartbeat_at: now, updated_at: now })
    return n > 0
  }

  /** Progress of a running export (and its heartbeat); false when it is no longer running (canceled): the writer stops. */
  @InjectManager()
  async reportProgress(id: string, rowsDone: number, @MedusaContext() ctx: Context = {}): Promise<boolean> {
    const now = new Date()
    const n = await this.knexOf(ctx)("order_export").where({ id, status: "running" }).update({ rows_done: rowsDone, heartbeat_at: now, updated_at: now })
    return n > 0
  }

  /** running → done with the file's size and when it expires; false when it was canceled meanwhile. */
  @InjectManager()
  async finishExport(id: string, info: { rows_done: number; size_bytes: number; expires_at: Date }, @MedusaContext() ctx: Context = {}): Promise<boolean> {
    const now = new Date()
    const n = await this.knexOf(ctx)("order_export")
      .where({ id, status: "running" })
      .update({ status: "done", rows_done: info.rows_done, size_bytes: info.size_bytes, raw_size_bytes: { value: String(info.size_bytes), precision: 20 }, expires_at: info.expires_at, finished_at: now, heartbeat_at: now, updated_at: now })
    return n > 0
  }

  /** pending | running → failed with the error (the file, if any, is the caller's to delete). */
  @InjectManager()
  async failExport(id: string, error: string, @MedusaContext() ctx: Context = {}): Promise<boolean> {
    const now = new Date()
    const n = await this.knexOf(ctx)("order_export")
      .where({ id })
      .whereIn("status", ["pending", "running"])
      .update({ status: "failed", error: error.slice(0, 2000), finished_at: now, updated_at: now })
    return n > 0
  }

  /**
   * pending | running → canceled. Throws NOT_FOUND for an unknown export and NOT_ALLOWED (400) for one already
   * finished (done, failed, canceled or expired).
   */
  @InjectManager()
  async cancelExport(id: string, @MedusaContext() ctx: Context = {}) {
    const now = new Date()
    const [row] = await this.knexOf(ctx)("order_export")
      .where({ id })
      .whereNull("deleted_at")
      .whereIn("status", ["pending", "running"])
      .update({ status: "canceled", finished_at: now, updated_at: now })
      .returning("*")
    if (row) return row
    const current = await this.knexOf(ctx)("order_export").where({ id }).whereNull("deleted_at").first()
    if (!current) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Export ${id} not found`)
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Export ${id} is already ${current.status}; only a pending or running export can be canceled`)
  }

  /**
   * Running exports whose heartbeat stopped before `before` (their process died): marked failed, returned so their
   * partial files are deleted.
   */
  @InjectManager()
  async failStalledExports(before: Date, @MedusaContext() ctx: Context = {}) {
    const now = new Date()
    return this.knexOf(ctx)("order_export")
      .where({ status: "running" })
      .whereNull("deleted_at")
      .where("heartbeat_at", "<", before)
      .update({ status: "failed", error: "interrupted: the process writing it stopped (a restart or a crash); the partial file was deleted — export again", finished_at: now, updated_at: now })
      .returning(["id", "file_id"])
  }

  /** Done exports whose file expired before `now`: marked expired, returned so their files are deleted. */
  @InjectManager()
  async expireExports(now: Date, @MedusaContext() ctx: Context = {}) {
    return this.knexOf(ctx)("order_export")
      .where({ status: "done" })
      .whereNull("deleted_at")
      .where("expires_at", "<", now)
      .update({ status: "expired", updated_at: now })
      .returning(["id", "file_id"])
  }

  /** Counts a download (the audit log shows how often and when an export's file was fetched). */
  @InjectManager()
  async recordDownload(id: string, @MedusaContext() ctx: Context = {}) {
    const now = new Date()
    await this.knexOf(ctx)("order_export").where({ id }).update({ downloads: this.knexOf(ctx).raw("downloads + 1"), last_downloaded_at: now, updated_at: now })
  }
}

export default OrderExportModuleService
