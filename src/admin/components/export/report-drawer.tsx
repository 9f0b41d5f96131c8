import { useEffect, useState } from "react"
import { Button, Drawer, Input, Label, Select, Text, toast } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { UnmaskField } from "./unmask-field"
import { FormatSelect } from "./format-select"
import { exportApi, exportKeys, type CreateReport, type ExportFormat } from "../../lib/export-api"
import { useOmT } from "../../lib/i18n"
import { useDefaultCurrency } from "../../lib/statistics-api"

export type ReportKind = "reconciliation" | "sales" | "backup"

const day = (d: Date) => d.toISOString().slice(0, 10)

/**
 * The ready-made reports: the financial reconciliation (days, optional currency, CSV/XLSX/PDF), the sales report
 * (the statistics period as a PDF) and the backup archive (every order, masked unless unmasked with a reason).
 */
export const ReportDrawer = ({ kind, onClose }: { kind: ReportKind | null; onClose: () => void }) => {
  const { t, i18n } = useOmT()
  const client = useQueryClient()
  const today = new Date()
  const [from, setFrom] = useState(day(new Date(today.getTime() - 29 * 86_400_000)))
  const [to, setTo] = useState(day(today))
  const [currency, setCurrency] = useState("")
  const [format, setFormat] = useState<ExportFormat>("xlsx")
  const [compare, setCompare] = useState<"previous_period" | "previous_year">("previous_period")
  const [unmask, setUnmask] = useState(false)
  const [reason, setReason] = useState("")
  const locale = i18n.language === "zhCN" ? "zh" : "en"
  const storeCurrency = useDefaultCurrency()
  // each report opens with its own defaults, not the last report's choices: the sales report in the store's default
  // currency (it needs one), the reconciliation in every currency
  useEffect(() => {
    setCurrency(kind === "sales" && storeCurrency ? storeCurrency.toUpperCase() : "")
    setUnmask(false)
    setReason("")
  }, [kind, storeCurrency])
  const start = useMutation({
    mutationFn: () => {
      const c = currency.trim() ? { currency_code: currency.trim().toLowerCase() } : {}
      const body: CreateReport =
        kind === "reconciliation"
          ? { report: "reconciliation", format, from, to, locale, ...c }
          : kind === "sales"
            ? { report: "sales", from, to, compare, locale, ...c }
            : { report: "backup", scope: "all", locale, ...(unmask && { unmask: { reason } }) }
      return exportApi.report(body)
    },
    onSuccess: () => {
      toast.success(t("exports.started"))
      client.invalidateQueries({ queryKey: exportKeys.all })
      onClose()
    },
    onError: (e) => toast.error((e as Error).message),
  })
  return (
    <Drawer open={!!kind} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content data-testid="om-report-drawer">
        <Drawer.Header>
          <Drawer.Title>{kind ? t(`exports.reports.${kind}`) : ""}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4">
          {kind && <Text size="small" className="text-ui-fg-subtle">{t(`exports.reports.${kind}Hint`)}</Text>}
          {kind !== "backup" && (
            <>
              <div className="grid grid-cols-2 gap-3">
                <div className="flex flex-col gap-y-1"><Label>{t("statistics.from")}</Label><Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="om-report-from" /></div>
                <div className="flex flex-col gap-y-1"><Label>{t("statistics.to")}</Label><Input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="om-report-to" /></div>
              </div>
              <div className="flex flex-col gap-y-1">
                <Label>{t("statistics.currency")}</Label>
                <Input value={currency} maxLength={3} placeholder={kind === "sales" ? t("exports.reports.currencyRequired") : t("exports.reports.allCurrencies")} onChange={(e) => setCurrency(e.target.value)} data-testid="om-report-currency" />
              </div>
            </>
          )}
          {kind === "reconciliation" && (
            <FormatSelect value={format} onChange={setFormat} testId="om-report-format" />
          )}
          {kind === "sales" && (
            <div className="flex flex-col gap-y-1">
              <Label>{t("statistics.compare")}</Label>
              <Select value={compare} onValueChange={(v) => setCompare(v as typeof compare)}>
                <Select.Trigger><Select.Value /></Select.Trigger>
                <Select.Content>
                  <Select.Item value="previous_period">{t("statistics.compares.previous_period")}</Select.Item>
                  <Select.Item value="previous_year">{t("statistics.compares.previous_year")}</Select.Item>
                </Select.Content>
              </Select>
            </div>
          )}
          {kind === "backup" && <UnmaskField id="om-report-unmask" unmask={unmask} onUnmask={setUnmask} reason={reason} onReason={setReason} />}
        </Drawer.Body>
        <Drawer.Footer>
          <Button variant="secondary" onClick={onClose}>{t("common.cancel")}</Button>
          <Button onClick={() => start.mutate()} isLoading={start.isPending} disabled={(kind !== "backup" && (!from || !to)) || (kind === "sales" && !/^[a-zA-Z]{3}$/.test(currency.trim())) || (unmask && reason.trim().length < 5)} data-testid="om-report-start">{t("exports.start")}</Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
