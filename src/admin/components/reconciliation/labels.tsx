import { Badge, StatusBadge } from "@medusajs/ui"
import type { DifferenceType } from "./types"
import { useOmT } from "../../lib/i18n"
import { formatMinor } from "../../lib/money"
import { providerKey } from "../provider-name"
import type { ReconRun } from "./api"

type Color = "green" | "red" | "orange" | "blue" | "grey" | "purple"

const RUN_COLOR: Record<string, Color> = { queued: "grey", running: "blue", completed: "green", failed: "red", not_ready: "orange" }
const STATE_COLOR: Record<string, Color> = { open: "orange", explained: "green", anomaly_opened: "purple", assigned: "blue" }
/** money the store may lack (red), records that disagree (orange), bank-statement findings (blue) */
const TYPE_COLOR: Record<DifferenceType, "red" | "orange" | "blue" | "purple" | "grey" | "green"> = {
  missing_in_store: "red",
  missing_at_platform: "red",
  amount_mismatch: "orange",
  currency_mismatch: "orange",
  status_mismatch: "orange",
  refund_mismatch: "orange",
  fee_mismatch: "purple",
  bank_partial: "blue",
  bank_overpaid: "blue",
  bank_unmatched: "red",
}

/** A run's status as a colored badge, in the admin's language. */
export const RunStatusBadge = ({ status }: { status: string }) => {
  const { t } = useOmT()
  return (
    <StatusBadge color={RUN_COLOR[status] ?? "grey"} className="whitespace-nowrap" data-testid="om-recon-run-status" data-status={status}>
      {t(`reconciliation.status.${status}`, { defaultValue: status })}
    </StatusBadge>
  )
}

/** A difference's state as a colored badge. */
export const DiffStateBadge = ({ state }: { state: string }) => {
  const { t } = useOmT()
  return (
    <StatusBadge color={STATE_COLOR[state] ?? "grey"} className="whitespace-nowrap" data-testid="om-recon-diff-state" data-state={state}>
      {t(`reconciliation.states.${state}`, { defaultValue: state })}
    </StatusBadge>
  )
}

/** A difference type as a small badge, with a count when given (the runs list's "differences by type"). */
export const DiffTypeBadge = ({ type, count }: { type: string; count?: number }) => {
  const { t } = useOmT()
  const label = t(`reconciliation.types.${type}`, { defaultValue: type })
  return (
    <Badge size="2xsmall" color={TYPE_COLOR[type as DifferenceType] ?? "grey"} className="whitespace-nowrap" title={t(`reconciliation.typeHints.${type}`, { defaultValue: label })} data-testid="om-recon-type" data-type={type} data-count={count}>
      {label}
      {count !== undefined && <span className="ml-1 font-medium">{count}</span>}
    </Badge>
  )
}

/** Words and formats shared by the pages: the channel by name, the source, money in a run's currency. */
export function useReconFormat() {
  const { t, locale } = useOmT()
  const channel = (id: string | null | undefined) => {
    const key = providerKey(id)
    return key === "other" ? id ?? "" : t(`providers.${key}`)
  }
  const source = (s: string) => t(`reconciliation.sources.${s}`, { defaultValue: s })
  const money = (minor: number | null | undefined, currency: string | null | undefined) =>
    minor === null || minor === undefined || Number.isNaN(Number(minor)) ? t("common.none") : currency ? formatMinor(Number(minor), currency, locale) : String(minor)
  /** a signed difference: "+¥1.00" / "-¥1.00" */
  const delta = (minor: number | null | undefined, currency: string | null | undefined) =>
    minor === null || minor === undefined ? t("common.none") : `${minor > 0 ? "+" : ""}${money(minor, currency)}`
  const runTitle = (r: Pick<ReconRun, "provider_id" | "date">) => `${channel(r.provider_id)} · ${r.date}`
  return { t, locale, channel, source, money, delta, runTitle }
}
