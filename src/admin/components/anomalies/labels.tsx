import { StatusBadge } from "@medusajs/ui"
import { ANOMALY_TYPES } from "../../../modules/order-management/anomaly-types"
import { useOmT } from "../../lib/i18n"
import { ANOMALY_STATES, AnomalyState, STATE_COLOR } from "./desk"
import type { AnomalyStep } from "./api"
import { useAdminUsers, userName } from "./api"

/** The anomaly types the filter offers: the module's own list (a pure file). */
export const ANOMALY_TYPES_SHOWN = ANOMALY_TYPES

/** An anomaly's state as a colored badge, in the admin's language. */
export const AnomalyStateBadge = ({ status }: { status: string }) => {
  const { t } = useOmT()
  const color = (ANOMALY_STATES as readonly string[]).includes(status) ? STATE_COLOR[status as AnomalyState] : "grey"
  return (
    <StatusBadge color={color} className="whitespace-nowrap" data-testid="om-desk-state" data-state={status}>
      {t(`anomalies.status.${status}`, { defaultValue: status })}
    </StatusBadge>
  )
}

/** Words for types, steps and actors (admins by name, from the store's user list). */
export function useDeskLabels() {
  const { t, i18n } = useOmT()
  const { data: users } = useAdminUsers()
  const nameOf = (id: string | null | undefined) => (id ? userName(users?.users.find((u) => u.id === id)) : null)
  const has = (k: string) => i18n.exists(k, { ns: "orderManagement" })
  const type = (ty: string) => t(`anomalies.types.${ty}`, { defaultValue: ty })
  const explain = (ty: string) => (has(`desk.explain.${ty}`) ? t(`desk.explain.${ty}`) : t("desk.explain.other"))
  const state = (s: string | null | undefined) => (s ? t(`anomalies.status.${s}`, { defaultValue: s }) : "")
  const resolution = (r: string | null | undefined) => (r ? t(`anomalies.resolutions.${r}`, { defaultValue: r }) : "")
  /** who took a step: an admin's name or email, else system / the customer / the payment platform */
  const actor = (s: AnomalyStep) => {
    const type = s.actor?.type ?? s.actor_type
    const named = s.actor_name ?? s.actor_email ?? s.actor?.name ?? s.actor?.email
    const id = s.actor?.id ?? s.actor_id
    if (type === "user") return named ?? nameOf(id) ?? id ?? t("history.actorAdmin")
    if (type === "customer") return t("desk.steps.customer")
    if (type === "gateway") return t("desk.steps.gateway")
    return named ?? t("desk.steps.system")
  }
  /** what a step did, in words: opened, A → B (with the resolution), assigned to X, a note */
  const step = (s: AnomalyStep) => {
    const kind = s.kind ?? s.action ?? ""
    if (kind === "opened" || kind === "open" || (!s.from_status && s.to_status === "open" && !kind.startsWith("assign"))) return t("desk.steps.opened")
    if (kind.startsWith("assign") || kind === "unassign") {
      const who = userName(s.assignee) ?? (s.metadata?.assignee_name as string | undefined) ?? (s.metadata?.assignee_email as string | undefined) ?? nameOf(s.assignee_id) ?? s.assignee_id
      return s.assignee_id || s.assignee ? t("desk.steps.assigned", { name: who }) : t("desk.steps.unassigned")
    }
    // a remark carries the state it was made in (from = to): it moved nothing
    if (kind === "note" || (s.from_status && s.from_status === s.to_status)) return t("desk.steps.note")
    if (s.from_status || s.to_status) {
      const move = `${state(s.from_status) || "—"} → ${state(s.to_status)}`
      return s.resolution ? `${move} · ${resolution(s.resolution)}` : move
    }
    return t("desk.steps.note")
  }
  return { type, explain, state, resolution, actor, step, nameOf }
}
