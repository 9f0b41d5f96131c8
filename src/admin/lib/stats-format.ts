import { useMemo } from "react"
import { useOmT } from "./i18n"
import { formatMinor } from "./money"
import { providerKey } from "../components/provider-name"

/**
 * How the statistics page writes its numbers in the admin's language: money in the report's currency (minor units
 * in), counts, rates as percentages, changes as signed percentages or percentage points, durations from seconds.
 * A missing number (null: nothing to divide by) is always "—".
 */
export function useStatsFormat(currency: string) {
  const { t, locale } = useOmT()
  return useMemo(() => {
    const none = t("common.none")
    const count = new Intl.NumberFormat(locale)
    const pct = new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 })
    const signedPct = new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" })
    const signedPoints = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" })
    const oneDecimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
    return {
      none,
      money: (minor: number | null | undefined) => (minor == null ? none : formatMinor(minor, currency, locale)),
      count: (n: number | null | undefined) => (n == null ? none : count.format(n)),
      percent: (rate: number | null | undefined) => (rate == null ? none : pct.format(rate)),
      /** a relative change (0.123 → "+12.3%") */
      change: (c: number | null | undefined) => (c == null ? none : signedPct.format(c)),
      /** a difference of two rates in percentage points (0.021 → "+2.1 pp") */
      points: (d: number | null | undefined) => (d == null ? none : t("statistics.points", { value: signedPoints.format(d * 100) })),
      /** seconds → "45 s", "12 min", "3.5 h", "2.1 d" */
      duration: (seconds: number | null | undefined) => {
        if (seconds == null) return none
        if (seconds < 60) return t("statistics.duration.s", { n: oneDecimal.format(Math.round(seconds)) })
        if (seconds < 3600) return t("statistics.duration.min", { n: oneDecimal.format(seconds / 60) })
        if (seconds < 86_400) return t("statistics.duration.h", { n: oneDecimal.format(seconds / 3600) })
        return t("statistics.duration.d", { n: oneDecimal.format(seconds / 86_400) })
      },
      /** a provider id's display name (Alipay / 支付宝 …), as the ProviderName component shows it */
      provider: (id: string) => (providerKey(id) === "other" ? id : t(`providers.${providerKey(id)}`)),
    }
  }, [t, locale, currency])
}

export type StatsFormat = ReturnType<typeof useStatsFormat>
