import { MedusaError, Modules } from "@medusajs/framework/utils"

/** The file types customers may upload (transfer slips, refund evidence) and how each file's bytes begin. */
export const UPLOAD_MAGIC: Record<string, (b: Buffer) => boolean> = {
  "image/png": (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "application/pdf": (b) => b.subarray(0, 5).toString("latin1") === "%PDF-",
}
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024

/**
 * A base64 upload's bytes, checked like a bank-transfer slip: real base64, at most 5 MB, content that is what
 * `mime_type` says (PNG, JPEG or PDF). Throws 400 INVALID_DATA naming the field (`label`).
 */
export function decodeUpload(file: { name: string; mime_type: string; content_base64: string }, label = "file"): Buffer {
  const content = file.content_base64.replace(/\s+/g, "")
  // base64 is what decodes and encodes back to itself (no regex over megabytes of text)
  const bytes = Buffer.from(content, "base64")
  if (!content.length || bytes.toString("base64").replace(/=+$/, "") !== content.replace(/=+$/, "")) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${label}.content_base64 is not base64`)
  }
  if (bytes.length > UPLOAD_MAX_BYTES) throw new MedusaError(MedusaError.Types.INVALID_DATA, `${label} is ${bytes.length} bytes; the limit is ${UPLOAD_MAX_BYTES} (5 MB)`)
  const magic = UPLOAD_MAGIC[file.mime_type]
  if (!magic || !magic(bytes)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `${label} content is not a ${file.mime_type}`)
  return bytes
}

/**
 * Answer with a private file of Medusa's File module (a slip, an evidence image) for an admin to look at: inline,
 * its own type, never sniffed, never cached.
 */
export async function sendPrivateFile(scope: { resolve: (key: string) => any }, res: { setHeader: (k: string, v: string) => void; status: (n: number) => { send: (b: Buffer) => void } }, file: { file_id: string; mime_type: string; filename: string }) {
  const bytes: Buffer = await scope.resolve(Modules.FILE).getAsBuffer(file.file_id)
  res.setHeader("content-type", file.mime_type)
  res.setHeader("content-disposition", `inline; filename="${file.filename.replace(/[^\w.-]+/g, "_")}"`)
  res.setHeader("x-content-type-options", "nosniff")
  res.setHeader("cache-control", "private, no-store")
  res.status(200).send(bytes)
}
