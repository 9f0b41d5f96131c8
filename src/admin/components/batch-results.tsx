import { Badge, Button, Drawer, Text } from "@medusajs/ui"
import { useOmT } from "../lib/i18n"

export type BatchRow = { order_id: string; order_number?: string; ok: boolean; status?: number; message?: string }

/** Progress and the per-order outcome of a batch action. */
export const BatchResults = ({
  open,
  total,
  results,
  running,
  onClose,
}: {
  open: boolean
  total: number
  results: BatchRow[]
  running: boolean
  onClose: () => void
}) => {
  const { t } = useOmT()
  const ok = results.filter((r) => r.ok).length
  const percent = total ? Math.round((results.length / total) * 100) : 0
  return (
    <Drawer open={open} onOpenChange={(o) => !o && !running && onClose()}>
      <Drawer.Content data-testid="om-batch-results">
        <Drawer.Header>
          <Drawer.Title>{t("batch.progress", { done: results.length, total })}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          <div className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
            <div className="bg-ui-fg-interactive h-full transition-all" style={{ width: `${percent}%` }} />
          </div>
          {!running && (
            <Text weight="plus" data-testid="om-batch-summary">{t("batch.summary", { ok, failed: results.length - ok })}</Text>
          )}
          <ul className="flex flex-col gap-y-2">
            {results.map((r) => (
              <li key={r.order_id} className="flex flex-col gap-y-0.5" data-testid="om-batch-row">
                <div className="flex items-center gap-x-2">
                  <Badge size="2xsmall" color={r.ok ? "green" : "red"}>{r.ok ? t("batch.succeeded") : t("batch.failed")}</Badge>
                  <Text size="small" weight="plus">{r.order_number ?? r.order_id}</Text>
                </div>
                {!r.ok && <Text size="small" className="text-ui-fg-error" data-testid="om-batch-error">{r.message}</Text>}
              </li>
            ))}
          </ul>
        </Drawer.Body>
        <Drawer.Footer>
          <Button variant="secondary" onClick={onClose} disabled={running}>{t("common.close")}</Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
