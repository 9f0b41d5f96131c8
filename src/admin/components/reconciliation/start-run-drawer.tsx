import { useEffect, useState } from "react"
import { Link } from "react-router-dom"
import { Button, Drawer, Input, Label, Select, Text, toast } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { reconApi, reconKeys, useReconProviders, useRun } from "./api"
import { yesterdayIn } from "./filters"
import { RunStatusBadge, useReconFormat } from "./labels"

/**
 * "Reconcile a day": a channel whose bill the plugin fetches from the platform and a past day (in the platform's
 * time zone); the run is queued (202) and the drawer follows it until it has finished, then links to it.
 */
export const StartRunDrawer = ({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) => {
  const f = useReconFormat()
  const { t } = f
  const qc = useQueryClient()
  const { data } = useReconProviders()
  const fetchable = (data?.providers ?? []).filter((p) => p.fetch)
  const [provider, setProvider] = useState("")
  const [date, setDate] = useState("")
  const [runId, setRunId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const chosen = fetchable.find((p) => p.provider_id === provider) ?? fetchable[0]
  const max = chosen ? yesterdayIn(chosen.timezone) : undefined
  useEffect(() => {
    if (!open) return
    setRunId(null)
    setError(null)
  }, [open])
  useEffect(() => {
    if (!provider && fetchable[0]) setProvider(fetchable[0].provider_id)
  }, [provider, fetchable])
  useEffect(() => {
    if (!date && max) setDate(max)
  }, [date, max])
  const { data: followed } = useRun(runId)
  const run = followed?.run
  useEffect(() => {
    if (run && run.status !== "queued" && run.status !== "running") qc.invalidateQueries({ queryKey: [...reconKeys.all, "runs"] })
  }, [run?.status, qc])
  const start = useMutation({
    mutationFn: () => reconApi.start({ provider_id: chosen!.provider_id, date }),
    onSuccess: (r) => {
      setError(null)
      setRunId(r.run.id)
      toast.success(t("reconciliation.start.queued", { title: f.runTitle(r.run) }))
      qc.invalidateQueries({ queryKey: [...reconKeys.all, "runs"] })
    },
    onError: (e: Error) => {
      setError(e.message)
      toast.error(e.message)
    },
  })
  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content data-testid="om-recon-start-drawer">
        <Drawer.Header>
          <Drawer.Title>{t("reconciliation.start.title")}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          <Text size="small" className="text-ui-fg-subtle">{t("reconciliation.start.hint", { cron: data?.options.cron ?? "", timezone: data?.options.timezone ?? "" })}</Text>
          {fetchable.length === 0 ? (
            <Text size="small" data-testid="om-recon-start-none">{t("reconciliation.start.none")}</Text>
          ) : (
            <form
              className="flex flex-col gap-y-4"
              onSubmit={(e) => {
                e.preventDefault()
                if (chosen && date) start.mutate()
              }}
            >
              <div className="flex flex-col gap-y-1">
                <Label size="small">{t("reconciliation.filters.channel")}</Label>
                <Select value={chosen?.provider_id ?? ""} onValueChange={(v) => { setProvider(v); setDate("") }}>
                  <Select.Trigger data-testid="om-recon-start-channel"><Select.Value /></Select.Trigger>
                  <Select.Content>
                    {fetchable.map((p) => (
                      <Select.Item key={p.provider_id} value={p.provider_id} data-testid="om-recon-start-channel-option" data-value={p.provider_id}>{f.channel(p.provider_id)}</Select.Item>
                    ))}
                  </Select.Content>
                </Select>
              </div>
              <div className="flex flex-col gap-y-1">
                <Label size="small" htmlFor="om-recon-start-date">{t("reconciliation.start.day")}</Label>
                <Input id="om-recon-start-date" type="date" value={date} max={max} onChange={(e) => setDate(e.target.value)} data-testid="om-recon-start-date" />
                {chosen && <Text size="xsmall" className="text-ui-fg-subtle">{t("reconciliation.start.dayHint", { timezone: chosen.timezone })}</Text>}
              </div>
              {error && <Text size="small" className="text-ui-fg-error" data-testid="om-recon-start-error">{error}</Text>}
              <div className="flex justify-end">
                <Button type="submit" size="small" disabled={!chosen || !date} isLoading={start.isPending} data-testid="om-recon-start-submit">{t("reconciliation.start.submit")}</Button>
              </div>
            </form>
          )}
          {run && (
            <div className="bg-ui-bg-subtle flex flex-col gap-y-2 rounded-md p-3" data-testid="om-recon-start-run" data-run-id={run.id} data-status={run.status}>
              <div className="flex flex-wrap items-center gap-2">
                <Text size="small" weight="plus">{f.runTitle(run)}</Text>
                <RunStatusBadge status={run.status} />
              </div>
              <Text size="xsmall" className="text-ui-fg-subtle">
                {run.status === "queued" || run.status === "running"
                  ? t("reconciliation.start.following")
                  : run.status === "completed"
                    ? t("reconciliation.start.finished", { rows: run.rows, matched: run.matched, open: run.open_differences })
                    : run.error ?? ""}
              </Text>
              <Link to={`/reconciliation/${run.id}`} className="text-ui-fg-interactive txt-compact-small hover:underline" data-testid="om-recon-start-open">{t("reconciliation.openRun")}</Link>
            </div>
          )}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}
