import { Badge, Tooltip } from "@medusajs/ui"
import { riskColor } from "../lib/risk"
import { useOmT } from "../lib/i18n"

const DOT: Record<string, string> = { low: "bg-ui-tag-green-icon", medium: "bg-ui-tag-orange-icon", high: "bg-ui-tag-red-icon" }

/** A risk level as a coloured badge (the Risk card). */
export const RiskBadge = ({ level }: { level: string }) => {
  const { t } = useOmT()
  return <Badge size="2xsmall" color={riskColor(level)} data-testid="om-risk-level" data-level={level}>{t(`risk.levelsShort.${level}`)}</Badge>
}

/** A risk level as a small coloured dot with the level in its tooltip (the list's narrow column); "—" when not assessed. */
export const RiskDot = ({ level }: { level: string | null | undefined }) => {
  const { t } = useOmT()
  if (!level) return <span className="text-ui-fg-muted" data-testid="om-risk-dot" data-level="">—</span>
  return (
    <Tooltip content={t(`risk.levelsShort.${level}`)}>
      <span className="inline-flex items-center" data-testid="om-risk-dot" data-level={level} aria-label={t(`risk.levelsShort.${level}`)}>
        <span className={`inline-block h-2.5 w-2.5 rounded-full ${DOT[level] ?? "bg-ui-fg-muted"}`} />
      </span>
    </Tooltip>
  )
}
