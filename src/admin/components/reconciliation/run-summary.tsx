import { Container, Heading, Text } from "@medusajs/ui"
import { useOmT } from "../../lib/i18n"
import type { ReconRun } from "./api"
import { DiffTypeBadge, useReconFormat } from "./labels"
import { DIFFERENCE_TYPES } from "./types"

const num = (v: unknown) => (typeof v === "number" ? v : typeof v === "string" && v !== "" && !Number.isNaN(Number(v)) ? Number(v) : null)

const Stat = ({ label, value, sub, testId, tone }: { label: string; value: React.ReactNode; sub?: React.ReactNode; testId?: string; tone?: "error" }) => (
  <div className="flex min-w-0 flex-col gap-y-0.5">
    <Text size="xsmall" className="text-ui-fg-subtle">{label}</Text>
    <Text size="large" weight="plus" className={`truncate ${tone === "error" ? "text-ui-fg-error" : ""}`} data-testid={testId}>{value}</Text>
    {sub && <Text size="xsmall" className="text-ui-fg-subtle">{sub}</Text>}
  </div>
)

/**
 * A run's totals: rows and matched, differences by type and how many are still open, the platform's total against
 * the store's (payments and refunds for a bill; the money in and what was recorded for a bank statement), and the
 * platform's fees against the channel's configured ones; a failed or not-ready run says why and when it is tried again.
 */
export const RunSummary = ({ run }: { run: ReconRun }) => {
  const f = useReconFormat()
  const { t } = f
  const { formatDateTime } = useOmT()
  const cur = run.currency_code
  const tot = run.totals ?? {}
  const bank = run.source === "bank_statement"
  const diff = run.platform_total_minor - run.store_total_minor
  const types = DIFFERENCE_TYPES.filter((ty) => (run.differences_by_type?.[ty] ?? 0) > 0)
  const agrees = tot.bill_summary_agrees as boolean | null | undefined
  const breakdown = (pay: unknown, ref: unknown) =>
    num(pay) !== null ? t("reconciliation.summary.paymentsRefunds", { payments: f.money(num(pay), cur), refunds: f.money(num(ref) ?? 0, cur) }) : undefined
  return (
    <Container className="flex flex-col gap-y-4 px-6 py-4" data-testid="om-recon-summary">
      <Heading level="h2">{t("reconciliation.summary.title")}</Heading>
      {run.status !== "completed" && (
        <div className="bg-ui-bg-subtle rounded-md p-3" data-testid="om-recon-summary-pending">
          <Text size="small">{t(`reconciliation.statusHints.${run.status}`)}</Text>
          {run.error && <Text size="small" className="text-ui-fg-error break-words" data-testid="om-recon-summary-error">{run.error}</Text>}
          {run.next_attempt_at && <Text size="xsmall" className="text-ui-fg-subtle">{t("reconciliation.summary.nextAttempt", { at: formatDateTime(run.next_attempt_at), attempts: run.attempts })}</Text>}
        </div>
      )}
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <Stat label={t(bank ? "reconciliation.summary.transfers" : "reconciliation.summary.rows")} value={run.rows} sub={bank ? undefined : t("reconciliation.summary.rowKinds", { payments: num(tot.payment_rows) ?? 0, refunds: num(tot.refund_rows) ?? 0 })} testId="om-recon-summary-rows" />
        <Stat label={t("reconciliation.summary.matched")} value={run.matched} testId="om-recon-summary-matched" />
        <Stat label={t("reconciliation.summary.differences")} value={Object.values(run.differences_by_type ?? {}).reduce((a, b) => a + (b ?? 0), 0)} testId="om-recon-summary-differences" />
        <Stat label={t("reconciliation.summary.open")} value={run.open_differences} testId="om-recon-summary-open" tone={run.open_differences ? "error" : undefined} />
        <Stat label={t(bank ? "reconciliation.summary.incoming" : "reconciliation.platformTotal")} value={f.money(run.platform_total_minor, cur)} sub={bank ? undefined : breakdown(tot.platform_payment_total_minor, tot.platform_refund_total_minor)} testId="om-recon-summary-platform" />
        <Stat label={t(bank ? "reconciliation.summary.recorded" : "reconciliation.storeTotal")} value={f.money(run.store_total_minor, cur)} sub={bank ? t("reconciliation.summary.recordedHint") : breakdown(tot.store_payment_total_minor, tot.store_refund_total_minor)} testId="om-recon-summary-store" />
        <Stat label={t("reconciliation.summary.gap")} value={f.delta(diff, cur)} testId="om-recon-summary-gap" tone={diff !== 0 && !bank ? "error" : undefined} />
        {!bank && (
          <Stat
            label={t("reconciliation.summary.fees")}
            value={f.money(run.fee_total_minor, cur)}
            sub={run.expected_fee_total_minor ? t("reconciliation.summary.expectedFees", { amount: f.money(run.expected_fee_total_minor, cur) }) : t("reconciliation.summary.noFeeConfigured")}
            testId="om-recon-summary-fees"
          />
        )}
      </div>
      {types.length > 0 && (
        <div className="flex flex-wrap items-center gap-1" data-testid="om-recon-summary-types">
          {types.map((ty) => <DiffTypeBadge key={ty} type={ty} count={run.differences_by_type[ty]} />)}
        </div>
      )}
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {agrees !== undefined && agrees !== null && (
          <Text size="xsmall" className={agrees ? "text-ui-fg-subtle" : "text-ui-fg-error"} data-testid="om-recon-summary-bill">{t(agrees ? "reconciliation.summary.billAgrees" : "reconciliation.summary.billDisagrees")}</Text>
        )}
        {num(tot.other_currency_rows) ? <Text size="xsmall" className="text-ui-fg-subtle">{t("reconciliation.summary.otherCurrency", { count: num(tot.other_currency_rows)! })}</Text> : null}
        {bank && typeof tot.first_date === "string" && (
          <Text size="xsmall" className="text-ui-fg-subtle">{t("reconciliation.summary.period", { from: tot.first_date, to: (tot.last_date as string) ?? tot.first_date })}</Text>
        )}
        {run.finished_at && <Text size="xsmall" className="text-ui-fg-subtle">{t("reconciliation.summary.finished", { at: formatDateTime(run.finished_at) })}</Text>}
      </div>
    </Container>
  )
}
