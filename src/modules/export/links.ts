import { createHmac, timingSafeEqual } from "node:crypto"

/**
 * Download links of export files: `/admin/order-management/exports/:id/download?expires=<unix seconds>&signature=<HMAC>`.
 * The route also needs an authenticated admin; the signature (HMAC-SHA256 over the export id and the expiry, keyed by
 * a key derived from the store's JWT secret, never logged) makes a link stop working when it expires, even for an
 * admin who kept it.
 */
function sign(secret: string, id: string, expires: number): string {
  const key = createHmac("sha256", secret).update("medusa-order-management:export-download").digest()
  return createHmac("sha256", key).update(`${id}.${expires}`).digest("base64url")
}

/** A link to export `id` valid for `ttlSeconds` from `now`: its path with query and when it expires. */
export function downloadLink(secret: string, id: string, ttlSeconds: number, now = new Date()): { url: string; expires_at: Date } {
  const expires = Math.floor(now.getTime() / 1000) + ttlSeconds
  return { url: `/admin/order-management/exports/${id}/download?expires=${expires}&signature=${sign(secret, id, expires)}`, expires_at: new Date(expires * 1000) }
}

/** "ok", or why a link does not open: "expired" (past its time) or "invalid" (not signed by this store for this export). */
export function checkDownloadLink(secret: string, id: string, expires: string, signature: string, now = new Date()): "ok" | "expired" | "invalid" {
  const e = Number(expires)
  const expected = Buffer.from(sign(secret, id, e))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid"
  return e * 1000 < now.getTime() ? "expired" : "ok"
}

/**
 * Deletes an export's file from the File module; a failure (already gone, storage down) is logged as a warning with
 * the export and the file key and does not stop the caller (the export is already failed, canceled or expired).
 */
export async function deleteExportFile(file: { deleteFiles: (id: string) => Promise<void> }, logger: { warn: (m: string) => void }, exportId: string, fileKey: string | null | undefined) {
  if (!fileKey) return
  try {
    await file.deleteFiles(fileKey)
  } catch (e) {
    logger.warn(`order-management: the file ${fileKey} of export ${exportId} could not be deleted: ${(e as Error).message}`)
  }
}
