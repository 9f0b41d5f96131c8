import { useState } from "react"
import { Button, toast } from "@medusajs/ui"
import { ArrowDownTray } from "@medusajs/icons"
import { type ReconRun, reconApi } from "./api"
import { useReconFormat } from "./labels"

/**
 * "Export XLSX": the run as a workbook for finance (a summary sheet and every difference), fetched with the admin's
 * session cookie like the plugin's other private downloads, then saved under the server's file name.
 */
export const ExportButton = ({ run }: { run: ReconRun }) => {
  const { t } = useReconFormat()
  const [busy, setBusy] = useState(false)
  const download = async () => {
    setBusy(true)
    try {
      const res = await fetch(reconApi.exportUrl(run.id), { credentials: "include" })
      if (!res.ok) throw new Error((await res.json().catch(() => null))?.message ?? `HTTP ${res.status}`)
      const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `reconciliation-${run.provider_id}-${run.date}.xlsx`
      const url = URL.createObjectURL(await res.blob())
      const a = document.createElement("a")
      a.href = url
      a.download = name
      document.body.appendChild(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    } catch (e) {
      toast.error(t("reconciliation.exportFailed", { message: (e as Error).message }))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button size="small" variant="secondary" isLoading={busy} onClick={download} data-testid="om-recon-export">
      <ArrowDownTray />
      {t("reconciliation.export")}
    </Button>
  )
}
