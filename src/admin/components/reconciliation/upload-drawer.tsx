import { useEffect, useRef, useState } from "react"
import { Link } from "react-router-dom"
import { Button, Drawer, Input, Label, RadioGroup, Select, Text, toast } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { type ReconRun, reconApi, reconKeys, useBankProfiles, useReconProviders } from "./api"
import { yesterdayIn } from "./filters"
import { RunStatusBadge, useReconFormat } from "./labels"

type Kind = "bill" | "statement"

/**
 * "Upload a file": a platform's bill downloaded by hand (a channel and the bill's day) or a bank statement (CSV or
 * XLSX, read with a saved bank profile). The server reconciles it at once (201 with the run); a refusal (400: a file
 * of another platform, a line it cannot read, …) is shown in the server's words.
 */
export const UploadDrawer = ({ open, onOpenChange, onProfiles }: { open: boolean; onOpenChange: (o: boolean) => void; onProfiles: () => void }) => {
  const f = useReconFormat()
  const { t } = f
  const qc = useQueryClient()
  const { data } = useReconProviders()
  const { data: profiles } = useBankProfiles()
  const bills = (data?.providers ?? []).filter((p) => p.identifier !== "bank-transfer")
  const [kind, setKind] = useState<Kind>("bill")
  const [provider, setProvider] = useState("")
  const [date, setDate] = useState("")
  const [profile, setProfile] = useState("")
  const [file, setFile] = useState<File | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [result, setResult] = useState<ReconRun | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const chosen = bills.find((p) => p.provider_id === provider) ?? bills[0]
  const max = chosen ? yesterdayIn(chosen.timezone) : undefined
  const chosenProfile = (profiles?.bank_profiles ?? []).find((p) => p.id === profile) ?? profiles?.bank_profiles[0]
  useEffect(() => {
    if (!open) return
    setError(null)
    setResult(null)
    setFile(null)
    if (input.current) input.current.value = ""
  }, [open])
  useEffect(() => {
    if (!date && max) setDate(max)
  }, [date, max])
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData()
      if (kind === "bill") {
        form.append("provider_id", chosen!.provider_id)
        form.append("date", date)
      } else {
        form.append("bank_profile", chosenProfile!.id)
      }
      form.append("file", file!, file!.name)
      return reconApi.upload(form)
    },
    onSuccess: (r) => {
      setError(null)
      setResult(r.run)
      toast.success(t("reconciliation.upload.done", { title: f.runTitle(r.run) }))
      qc.invalidateQueries({ queryKey: reconKeys.all })
    },
    onError: (e: Error) => {
      setResult(null)
      setError(e.message)
      toast.error(e.message)
    },
  })
  const ready = !!file && (kind === "bill" ? !!chosen && !!date : !!chosenProfile)
  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content data-testid="om-recon-upload-drawer">
        <Drawer.Header>
          <Drawer.Title>{t("reconciliation.upload.title")}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          <form
            className="flex flex-col gap-y-4"
            onSubmit={(e) => {
              e.preventDefault()
              if (ready) upload.mutate()
            }}
          >
            <RadioGroup value={kind} onValueChange={(v) => { setKind(v as Kind); setError(null) }} className="flex flex-col gap-y-2" data-testid="om-recon-upload-kind">
              {(["bill", "statement"] as const).map((k) => (
                <div key={k} className="flex items-start gap-x-2">
                  <RadioGroup.Item value={k} id={`om-recon-upload-${k}`} className="mt-0.5" data-testid={`om-recon-upload-kind-${k}`} />
                  <div className="flex flex-col">
                    <Label htmlFor={`om-recon-upload-${k}`} size="small">{t(`reconciliation.upload.${k}`)}</Label>
                    <Text size="xsmall" className="text-ui-fg-subtle">{t(`reconciliation.upload.${k}Hint`)}</Text>
                  </div>
                </div>
              ))}
            </RadioGroup>
            {kind === "bill" ? (
              <>
                <div className="flex flex-col gap-y-1">
                  <Label size="small">{t("reconciliation.filters.channel")}</Label>
                  <Select value={chosen?.provider_id ?? ""} onValueChange={(v) => { setProvider(v); setDate("") }}>
                    <Select.Trigger data-testid="om-recon-upload-channel"><Select.Value placeholder={t("reconciliation.upload.pickChannel")} /></Select.Trigger>
                    <Select.Content>
                      {bills.map((p) => (
                        <Select.Item key={p.provider_id} value={p.provider_id} data-testid="om-recon-upload-channel-option" data-value={p.provider_id}>{f.channel(p.provider_id)}</Select.Item>
                      ))}
                    </Select.Content>
                  </Select>
                </div>
                <div className="flex flex-col gap-y-1">
                  <Label size="small" htmlFor="om-recon-upload-date">{t("reconciliation.start.day")}</Label>
                  <Input id="om-recon-upload-date" type="date" value={date} max={max} onChange={(e) => setDate(e.target.value)} data-testid="om-recon-upload-date" />
                  {chosen && <Text size="xsmall" className="text-ui-fg-subtle">{t("reconciliation.start.dayHint", { timezone: chosen.timezone })}</Text>}
                </div>
              </>
            ) : (
              <div className="flex flex-col gap-y-1">
                <Label size="small">{t("reconciliation.upload.profile")}</Label>
                {profiles?.bank_profiles.length ? (
                  <Select value={chosenProfile?.id ?? ""} onValueChange={setProfile}>
                    <Select.Trigger data-testid="om-recon-upload-profile"><Select.Value /></Select.Trigger>
                    <Select.Content>
                      {profiles.bank_profiles.map((p) => (
                        <Select.Item key={p.id} value={p.id} data-testid="om-recon-upload-profile-option" data-value={p.id}>{p.name}</Select.Item>
                      ))}
                    </Select.Content>
                  </Select>
                ) : (
                  <Text size="small" className="text-ui-fg-subtle" data-testid="om-recon-upload-no-profile">{t("reconciliation.upload.noProfile")}</Text>
                )}
                <div>
                  <Button type="button" size="small" variant="transparent" onClick={onProfiles} data-testid="om-recon-upload-profiles">{t("reconciliation.profiles.manage")}</Button>
                </div>
              </div>
            )}
            <div className="flex flex-col gap-y-1">
              <Label size="small" htmlFor="om-recon-upload-file">{t("reconciliation.upload.file")}</Label>
              <input
                ref={input}
                id="om-recon-upload-file"
                type="file"
                accept={kind === "bill" ? ".csv,.zip,.gz,.txt" : ".csv,.xlsx,.txt"}
                className="txt-compact-small text-ui-fg-subtle file:bg-ui-button-neutral file:text-ui-fg-base file:shadow-buttons-neutral file:mr-3 file:rounded-md file:border-0 file:px-2 file:py-1"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                data-testid="om-recon-upload-file"
              />
              <Text size="xsmall" className="text-ui-fg-subtle">{t(kind === "bill" ? "reconciliation.upload.billFormats" : "reconciliation.upload.statementFormats")}</Text>
            </div>
            {error && <Text size="small" className="text-ui-fg-error whitespace-pre-wrap break-words" data-testid="om-recon-upload-error">{error}</Text>}
            <div className="flex justify-end">
              <Button type="submit" size="small" disabled={!ready} isLoading={upload.isPending} data-testid="om-recon-upload-submit">{t("reconciliation.upload.submit")}</Button>
            </div>
          </form>
          {result && (
            <div className="bg-ui-bg-subtle flex flex-col gap-y-2 rounded-md p-3" data-testid="om-recon-upload-result" data-run-id={result.id}>
              <div className="flex flex-wrap items-center gap-2">
                <Text size="small" weight="plus">{f.runTitle(result)}</Text>
                <RunStatusBadge status={result.status} />
              </div>
              <Text size="xsmall" className="text-ui-fg-subtle">{t("reconciliation.start.finished", { rows: result.rows, matched: result.matched, open: result.open_differences })}</Text>
              <Link to={`/reconciliation/${result.id}`} className="text-ui-fg-interactive txt-compact-small hover:underline" data-testid="om-recon-upload-open">{t("reconciliation.openRun")}</Link>
            </div>
          )}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}
