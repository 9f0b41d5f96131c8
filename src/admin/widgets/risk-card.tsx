import { useState } from "react"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Checkbox, Container, Drawer, Heading, Input, Label, Text, Textarea, toast } from "@medusajs/ui"
import { omKeys } from "../lib/api"
import { expiryIso, ORDER_BLACKLIST_TYPES, OrderRisk, riskApi, riskColor, riskKeys } from "../lib/risk"
import { useOmT } from "../lib/i18n"
import { formatMinor } from "../lib/money"
import { RiskBadge } from "../components/risk-badge"

type HitFacts = Record<string, string | number | string[] | null>
/** The order's risk as the detail route answers it, with each hit's data and the identity verification. */
type CardRisk = Omit<OrderRisk, "rules"> & {
  rules: Array<OrderRisk["rules"][number] & { facts?: HitFacts }>
  verification?: { status: "pending" | "verified" | "locked" | "skipped"; channel: string | null; destination: string | null; expires_at: string | null; attempts_left: number; verified_at: string | null } | null
}

/**
 * Why a rule matched, in the admin's language, from the hit's data (amounts formatted from minor units with their
 * currency); the server's English `detail` when the hit has no data (assessments stored before) or is unknown.
 */
function hitText(t: (k: string, o?: Record<string, unknown>) => string, locale: string, condition: string, facts: HitFacts | undefined, detail: string | null): string | null {
  if (!facts) return detail
  const f = facts as Record<string, any>
  const money = (k: string) => (typeof f[k] === "number" && typeof f.currency_code === "string" ? formatMinor(f[k], f.currency_code, locale) : "?")
  switch (condition) {
    case "order_total_above":
      return t("risk.card.facts.order_total_above", { total: money("total_minor"), limit: money("limit_minor") })
    case "customer_total_above":
      return t("risk.card.facts.customer_total_above", { total: money("total_minor"), limit: money("limit_minor"), hours: f.window_hours })
    case "velocity":
      return t(f.counts === "payment_attempts" ? "risk.card.facts.velocityPayments" : "risk.card.facts.velocity", { count: f.count, max: f.max, minutes: f.window_minutes, subject: t(`risk.card.facts.subjects.${f.subject}`, { defaultValue: String(f.subject) }) })
    case "accounts_per_ip":
    case "accounts_per_device":
      return t("risk.card.facts.accounts", { count: f.count, max: f.max, minutes: f.window_minutes, kind: t(`risk.card.facts.subjects.${f.kind}`, { defaultValue: String(f.kind) }) })
    case "new_customer":
      return t("risk.card.facts.new_customer")
    case "ip_country_mismatch":
      return t("risk.card.facts.ip_country_mismatch", { ip: f.ip_country, ship: f.shipping_country })
    case "blacklisted":
      return t("risk.card.facts.blacklisted", { types: (Array.isArray(f.types) ? f.types : []).map((x: string) => t(`risk.blacklistOrder.types.${x}`, { defaultValue: x })).join(", ") })
    default:
      return detail
  }
}

/** "Blacklist this customer": the identifiers of the order to list, a reason and an optional expiry. */
const BlacklistOrderDrawer = ({ orderId, open, onClose }: { orderId: string; open: boolean; onClose: () => void }) => {
  const { t } = useOmT()
  const qc = useQueryClient()
  const [types, setTypes] = useState<string[]>(["customer", "email"])
  const [reason, setReason] = useState("")
  const [expires, setExpires] = useState("")
  const mutation = useMutation({
    mutationFn: () => riskApi.blacklistOrder(orderId, { types, reason: reason.trim(), expires_at: expiryIso(expires) }),
    onSuccess: (r) => {
      const typeName = (type: string) => t(`risk.blacklistOrder.types.${type}`, { defaultValue: type })
      // entries already listed come back with duplicate: true; only the new ones count as added
      const added = r.entries.filter((e) => !e.duplicate)
      const skipped = [
        ...r.entries.filter((e) => e.duplicate).map((e) => t("risk.blacklistOrder.alreadyListed", { type: typeName(e.type) })),
        ...r.skipped.map((s) => t("risk.blacklistOrder.skipped", { type: typeName(s.type), message: s.message })),
      ]
      const title = added.length ? t("risk.blacklistOrder.added", { count: added.length }) : t("risk.blacklistOrder.noneAdded")
      ;(added.length ? toast.success : toast.warning)(title, { description: skipped.length ? skipped.join("\n") : undefined })
      qc.invalidateQueries({ queryKey: omKeys.all })
      qc.invalidateQueries({ queryKey: riskKeys.all })
      setReason("")
      setExpires("")
      onClose()
    },
    onError: (e: Error) => toast.error(t("risk.blacklistOrder.failed", { message: e.message })),
  })
  const valid = types.length > 0 && reason.trim().length > 0
  return (
    <Drawer open={open} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content data-testid="om-risk-blacklist-drawer">
        <Drawer.Header>
          <Drawer.Title>{t("risk.blacklistOrder.title")}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          <Text size="small" className="text-ui-fg-subtle">{t("risk.blacklistOrder.hint")}</Text>
          <div className="flex flex-col gap-y-2">
            <Label size="small">{t("risk.blacklistOrder.what")}</Label>
            {ORDER_BLACKLIST_TYPES.map((ty) => (
              <div key={ty} className="flex items-center gap-x-2">
                <Checkbox
                  id={`om-bl-${ty}`}
                  data-testid={`om-risk-bl-type-${ty}`}
                  checked={types.includes(ty)}
                  onCheckedChange={(on) => setTypes((cur) => ORDER_BLACKLIST_TYPES.filter((x) => (x === ty ? !!on : cur.includes(x))))}
                />
                <Label size="small" htmlFor={`om-bl-${ty}`}>{t(`risk.blacklistOrder.types.${ty}`)}</Label>
              </div>
            ))}
            {!types.length && <Text size="xsmall" className="text-ui-fg-error">{t("risk.blacklistOrder.pickOne")}</Text>}
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="small" htmlFor="om-bl-reason">{t("risk.blacklistOrder.reason")} ({t("common.required")})</Label>
            <Textarea id="om-bl-reason" data-testid="om-risk-bl-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="small" htmlFor="om-bl-expires">{t("risk.blacklistOrder.expires")} ({t("common.optional")})</Label>
            <Input id="om-bl-expires" type="date" data-testid="om-risk-bl-expires" value={expires} onChange={(e) => setExpires(e.target.value)} />
          </div>
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild><Button size="small" variant="secondary">{t("common.cancel")}</Button></Drawer.Close>
          <Button size="small" variant="danger" disabled={!valid} isLoading={mutation.isPending} onClick={() => mutation.mutate()} data-testid="om-risk-bl-submit">
            {t("risk.blacklistOrder.submit")}
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}

/** The Risk card on Medusa's order page: the checkout's assessment (level, score, decision, matching rules, IP, device). */
const RiskCardWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { t, locale, formatDateTime } = useOmT()
  const [drawer, setDrawer] = useState(false)
  // the same request (and cache entry) as the lifecycle card: the detail carries `risk`
  const { data, isLoading } = useQuery({ queryKey: omKeys.detail(order.id), queryFn: () => riskApi.forOrder(order.id), retry: false })
  const risk: CardRisk | null = (data as { risk?: CardRisk | null } | undefined)?.risk ?? null
  const onHold = !!(data as { order_lifecycle?: { on_hold?: boolean } } | undefined)?.order_lifecycle?.on_hold
  const v = risk?.verification ?? null
  // a pending check whose hold an admin released was skipped (the store records it when the shopper comes back)
  const vStatus = v && (v.status === "pending" || v.status === "locked") && !onHold ? "skipped" : v?.status
  return (
    <Container className="divide-y p-0" data-testid="om-risk-card">
      <div className="flex items-center justify-between gap-x-2 px-6 py-4">
        <Heading level="h2">{t("risk.card.title")}</Heading>
        {risk ? <RiskBadge level={risk.level} /> : !isLoading && <Badge size="2xsmall" color="grey" data-testid="om-risk-not-assessed">{t("risk.card.notAssessed")}</Badge>}
      </div>
      {isLoading && <div className="px-6 py-4"><Text size="small">{t("common.loading")}</Text></div>}
      {!isLoading && !risk && (
        <div className="px-6 py-4"><Text size="small" className="text-ui-fg-subtle">{t("risk.card.notAssessedHint")}</Text></div>
      )}
      {risk && (
        <>
          <div className="flex flex-wrap items-center gap-2 px-6 py-4">
            <Text size="small" weight="plus" data-testid="om-risk-score">{t("risk.card.score", { score: risk.score })}</Text>
            <Badge size="2xsmall" color={risk.action === "block" || risk.action === "cancel" ? "red" : risk.action === "review" || risk.action === "verify" ? "orange" : "green"} data-testid="om-risk-action">
              {t("risk.card.action", { action: t(`risk.actions.${risk.action}`) })}
            </Badge>
          </div>
          <div className="flex flex-col gap-y-2 px-6 py-4">
            <Text size="small" weight="plus">{t("risk.card.rules")}</Text>
            {!risk.rules.length && <Text size="small" className="text-ui-fg-subtle">{t("risk.card.noRules")}</Text>}
            {risk.rules.map((r) => (
              <div key={r.rule_id} className="flex flex-col gap-y-0.5" data-testid="om-risk-rule">
                <div className="flex items-center justify-between gap-x-2">
                  <Text size="small" className="min-w-0 truncate">{r.name}</Text>
                  <div className="flex shrink-0 items-center gap-x-1">
                    <Badge size="2xsmall" color={riskColor(r.action === "block" || r.action === "cancel" ? "high" : r.action === "review" || r.action === "verify" ? "medium" : "low")}>{t(`risk.actions.${r.action}`)}</Badge>
                    <Text size="xsmall" className="text-ui-fg-subtle">+{r.weight}</Text>
                  </div>
                </div>
                {(() => {
                  const why = hitText(t as any, locale, r.condition, r.facts, r.detail)
                  return why ? <Text size="xsmall" className="text-ui-fg-subtle break-words" data-testid="om-risk-rule-detail">{why}</Text> : null
                })()}
              </div>
            ))}
          </div>
          {v && (
            <div className="flex flex-col gap-y-1 px-6 py-4" data-testid="om-risk-verification">
              <div className="flex items-center justify-between gap-x-2">
                <Text size="small" weight="plus">{t("risk.card.verification.title")}</Text>
                <Badge size="2xsmall" color={vStatus === "verified" ? "green" : vStatus === "skipped" ? "grey" : vStatus === "locked" ? "red" : "orange"} data-testid="om-risk-verification-status">
                  {t(`risk.card.verification.status.${vStatus}`)}
                </Badge>
              </div>
              {vStatus === "verified" && v.verified_at && <Text size="xsmall" className="text-ui-fg-subtle">{t("risk.card.verification.verifiedAt", { at: formatDateTime(v.verified_at) })}</Text>}
              {(vStatus === "pending" || vStatus === "locked") && (
                <Text size="xsmall" className="text-ui-fg-subtle">
                  {v.destination ? t("risk.card.verification.sentTo", { destination: v.destination, at: formatDateTime(v.expires_at) }) : t("risk.card.verification.notSent")}
                </Text>
              )}
              {(vStatus === "pending" || vStatus === "locked") && <Text size="xsmall" className="text-ui-fg-subtle">{t("risk.card.verification.skipHint")}</Text>}
            </div>
          )}
          <div className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 px-6 py-4">
            <Text size="small" className="text-ui-fg-subtle">{t("risk.card.ip")}</Text>
            <Text size="small" className="break-all" data-testid="om-risk-ip">{risk.ip ?? t("common.none")}{risk.ip_country ? ` (${risk.ip_country})` : ""}</Text>
            <Text size="small" className="text-ui-fg-subtle">{t("risk.card.device")}</Text>
            <Text size="small" className="break-all" data-testid="om-risk-device">{risk.device_id ?? t("common.none")}</Text>
          </div>
        </>
      )}
      <div className="px-6 py-4">
        <Button size="small" variant="secondary" onClick={() => setDrawer(true)} data-testid="om-risk-blacklist">{t("risk.card.blacklist")}</Button>
      </div>
      <BlacklistOrderDrawer orderId={order.id} open={drawer} onClose={() => setDrawer(false)} />
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
  id: "medusa-order-management.order-risk",
})

export default RiskCardWidget
