import { useState } from "react"
import { DocumentText, Photo } from "@medusajs/icons"
import { Text, toast } from "@medusajs/ui"
import type { RefundRequest } from "../../lib/api"
import { evidenceKind, formatBytes } from "../../lib/after-sales"
import { openEvidence, useEvidenceUrl } from "../../lib/after-sales-hooks"
import { useOmT } from "../../lib/i18n"

type Evidence = RefundRequest["evidence"][number]

/** An image the customer sent: a small thumbnail (read with the admin's session, like the bank-transfer slip); a click opens it whole. */
const Thumbnail = ({ requestId, file, label }: { requestId: string; file: Evidence; label: string }) => {
  const { t } = useOmT()
  const { url, error } = useEvidenceUrl(requestId, file.file_id)
  if (error) {
    return (
      <div className="bg-ui-bg-component text-ui-fg-muted flex size-16 flex-col items-center justify-center gap-y-0.5 rounded-md border" title={label} data-testid="om-refund-evidence-error">
        <Photo />
        <Text size="xsmall" className="text-ui-fg-error">{t("afterSales.evidence.failed")}</Text>
      </div>
    )
  }
  return url ? (
    <a href={url} target="_blank" rel="noreferrer" title={label} className="block size-16 overflow-hidden rounded-md border hover:opacity-80" data-testid="om-refund-evidence-thumb" data-file-id={file.file_id}>
      <img src={url} alt={label} className="size-full object-cover" />
    </a>
  ) : (
    <div className="bg-ui-bg-component size-16 animate-pulse rounded-md border" title={label} data-testid="om-refund-evidence-loading" />
  )
}

/** A PDF (or any other file): a link that fetches it with the admin's session and opens it in a new tab. */
const FileLink = ({ requestId, file, label }: { requestId: string; file: Evidence; label: string }) => {
  const { t } = useOmT()
  const [busy, setBusy] = useState(false)
  const open = async () => {
    setBusy(true)
    try {
      await openEvidence(requestId, file.file_id)
    } catch (e) {
      toast.error(t("afterSales.evidence.openFailed", { message: (e as Error).message }))
    } finally {
      setBusy(false)
    }
  }
  return (
    <button
      type="button"
      onClick={open}
      disabled={busy}
      title={label}
      className="txt-compact-small text-ui-fg-interactive flex h-16 max-w-[200px] items-center gap-x-1.5 rounded-md border px-2 hover:underline disabled:opacity-60"
      data-testid="om-refund-evidence-file"
      data-file-id={file.file_id}
    >
      <DocumentText className="shrink-0" />
      <span className="truncate">{label}</span>
    </button>
  )
}

/** The request's evidence: thumbnails for images, links for PDFs, each with its name and size on hover. */
export const RefundEvidence = ({ r }: { r: RefundRequest }) => {
  const { t, locale } = useOmT()
  if (!r.evidence?.length) return null
  return (
    <div className="flex flex-wrap gap-2" data-testid="om-refund-evidence-list">
      {r.evidence.map((f, i) => {
        const name = f.name || t("afterSales.evidence.file", { n: i + 1 })
        const label = `${name} · ${formatBytes(f.size_bytes, locale)}`
        return evidenceKind(f.mime_type) === "image" ? (
          <Thumbnail key={f.file_id} requestId={r.id} file={f} label={label} />
        ) : (
          <FileLink key={f.file_id} requestId={r.id} file={f} label={label} />
        )
      })}
    </div>
  )
}
