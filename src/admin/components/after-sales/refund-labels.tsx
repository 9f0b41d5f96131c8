import { StatusBadge } from "@medusajs/ui"
import type { RefundActor, RefundStatus } from "../../lib/api"
import { REFUND_STATUS_COLOR } from "../../lib/after-sales"
import { useUserEmail } from "../../lib/after-sales-hooks"
import { useOmT } from "../../lib/i18n"
import { ProviderName } from "../provider-name"

export const RefundStatusBadge = ({ status }: { status: RefundStatus }) => {
  const { t } = useOmT()
  return (
    <StatusBadge color={REFUND_STATUS_COLOR[status] ?? "grey"} className="whitespace-nowrap" data-testid="om-refund-status" data-status={status}>
      {t(`afterSales.statuses.${status}`, { defaultValue: status })}
    </StatusBadge>
  )
}

/** Labels of the canonical codes, falling back to the code itself for one the UI does not know yet. */
export function useRefundLabels() {
  const { t } = useOmT()
  return {
    reason: (code: string) => t(`afterSales.reasons.${code}`, { defaultValue: code }),
    destination: (d: string | null | undefined) => (d ? t(`afterSales.destinations.${d}`, { defaultValue: d }) : t("common.none")),
    cause: (c: string) => t(`afterSales.causes.${c}`, { defaultValue: c }),
  }
}

/** Who acted: an admin by email, the customer, the system or the payment platform (by its display name). */
export const ActorName = ({ actor }: { actor: RefundActor | null | undefined }) => {
  const { t } = useOmT()
  const email = useUserEmail(actor?.type === "user" ? actor.id : null)
  if (!actor) return <>{t("common.none")}</>
  if (actor.type === "user") return <>{email ?? t("afterSales.actors.user")}</>
  const kind = t(`afterSales.actors.${actor.type}`, { defaultValue: actor.type })
  // a platform by its display name (支付宝, Manual …), not its provider id
  if (actor.type === "gateway" && actor.id) return <>{kind} (<ProviderName id={actor.id} />)</>
  return <>{actor.type !== "customer" && actor.id ? `${kind} (${actor.id})` : kind}</>
}
