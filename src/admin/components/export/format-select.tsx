import { Label, Select } from "@medusajs/ui"
import type { ExportFormat } from "../../lib/export-api"
import { useOmT } from "../../lib/i18n"

/** The file format of an export or report: CSV, Excel or PDF. */
export const FormatSelect = ({ value, onChange, testId }: { value: ExportFormat; onChange: (v: ExportFormat) => void; testId: string }) => {
  const { t } = useOmT()
  return (
    <div className="flex flex-col gap-y-1">
      <Label>{t("exports.format")}</Label>
      <Select value={value} onValueChange={(v) => onChange(v as ExportFormat)}>
        <Select.Trigger data-testid={testId}><Select.Value /></Select.Trigger>
        <Select.Content>
          <Select.Item value="csv">CSV</Select.Item>
          <Select.Item value="xlsx">Excel (XLSX)</Select.Item>
          <Select.Item value="pdf">PDF</Select.Item>
        </Select.Content>
      </Select>
    </div>
  )
}
