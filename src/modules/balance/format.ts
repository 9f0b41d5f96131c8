import { fromMinorUnits } from "../../utils/money"

/** "300.00 CNY" from 30000 minor units of cny. */
export function formatMinor(minor: number, currency: string): string {
  return `${fromMinorUnits(minor, currency)} ${currency.toUpperCase()}`
}
