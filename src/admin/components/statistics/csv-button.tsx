import { ArrowDownTray } from "@medusajs/icons"
import { Button } from "@medusajs/ui"
import { stringify } from "csv-stringify/browser/esm/sync"
import { useOmT } from "../../lib/i18n"
import { csvFileName, csvTable, type CsvKind, type StatisticsResponse } from "../../lib/statistics"
import type { StatsFormat } from "../../lib/stats-format"

/** The table as CSV text: UTF-8 with a byte-order mark (so Excel reads 支付宝 right), a header row, CRLF lines. */
export function toCsv(kind: CsvKind, data: StatisticsResponse, providerName: (id: string) => string): string {
  const { columns, rows } = csvTable(kind, data, providerName)
  return `\ufeff${stringify(rows, { header: true, columns, record_delimiter: "windows" })}`
}

/** Downloads one of the page's tables as CSV (built in the browser from the report on screen). */
export const CsvButton = ({ kind, data, f }: { kind: CsvKind; data: StatisticsResponse; f: StatsFormat }) => {
  const { t } = useOmT()
  const download = () => {
    const blob = new Blob([toCsv(kind, data, f.provider)], { type: "text/csv;charset=utf-8" })
    const url = URL.createObjectURL(blob)
    const a = document.createElement("a")
    a.href = url
    a.download = csvFileName(kind, data)
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
  return (
    <Button size="small" variant="secondary" onClick={download} data-testid={`om-stats-csv-${kind}`}>
      <ArrowDownTray />
      {t("statistics.csv")}
    </Button>
  )
}
