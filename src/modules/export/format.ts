import { currencyDigits } from "../../utils/money"
import type { OrderBreakdown } from "./breakdown"
import type { ExportField } from "./fields"
import { labelOf } from "./labels"
import { MASKS } from "./mask"
import type { RawRow } from "./read-orders"
import { sumToMinorUnits } from "../../utils/money"

/**
 * A cell as the writers get it: text, an integer, money (integer minor units with its currency's decimals), a
 * wall-clock datetime of the store's time zone ("YYYY-MM-DD HH:mm:ss"), a boolean, or empty.
 */
export type Cell = null | { t: "text"; v: string } | { t: "int"; v: number } | { t: "money"; minor: number; digits: number; currency: string } | { t: "datetime"; v: string } | { t: "bool"; v: boolean }

/** Minor units → the exact decimal in major units ("12.30", "-0.05", "100" for 0-digit currencies). No float. */
export function minorToMajor(minor: number, digits: number): string {
  if (digits === 0) return String(minor)
  const negative = minor < 0
  const s = String(Math.abs(minor)).padStart(digits + 1, "0")
  return `${negative ? "-" : ""}${s.slice(0, -digits)}.${s.slice(-digits)}`
}

/**
 * Turns read rows into cells for `fields`: personal fields masked (unless `masked` is false), money converted once
 * to minor units of the row's currency, breakdown amounts taken from `breakdowns` (by order id); codes (statuses,
 * payment channels) as words in `locale`, or kept as codes when `locale` is null (the backup archive).
 */
export function rowFormatter(fields: ExportField[], masked: boolean, locale: "en" | "zh" | null = null) {
  const digitsCache = new Map<string, number>()
  const digitsOf = (c: string) => digitsCache.get(c) ?? digitsCache.set(c, currencyDigits(c)).get(c)!
  return (row: RawRow, breakdown?: OrderBreakdown): Cell[] =>
    fields.map((f): Cell => {
      const raw = f.source === "breakdown" ? (breakdown as any)?.[f.key] : row[f.key]
      if (raw === null || raw === undefined || raw === "") return null
      switch (f.type) {
        case "money": {
          const digits = digitsOf(row.__currency)
          const minor = f.unit === "major" ? sumToMinorUnits([String(raw)], row.__currency) : Number(raw)
          return { t: "money", minor, digits, currency: row.__currency }
        }
        case "int":
          return { t: "int", v: Number(raw) }
        case "bool":
          return { t: "bool", v: raw === true || raw === "t" || raw === "true" }
        case "datetime":
          return { t: "datetime", v: String(raw) }
        default: {
          const text = f.labels && locale ? labelOf(f.labels, String(raw), locale) : String(raw)
          return { t: "text", v: masked && f.personal ? MASKS[f.personal](text) : text }
        }
      }
    })
}
