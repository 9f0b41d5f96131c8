import { OptionErrors } from "../shared/options"

export type BalanceProviderOptions = {
  /** currencies the balance may pay in (lower case); default: any currency the customer holds a balance in */
  currencies?: string[]
}

export function validateBalanceOptions(o: Record<string, unknown>): void {
  const e = new OptionErrors("balance", o)
  e.check(o.currencies === undefined || (Array.isArray(o.currencies) && o.currencies.every((c) => typeof c === "string" && /^[a-z]{3}$/.test(c))), "currencies must be a list of lower-case currency codes")
  e.throwIfAny()
}
