import { OptionErrors } from "../shared/options"

export type BankAccount = { bank_name: string; account_name: string; account_number: string; branch?: string; swift?: string; currency?: string }

export type BankTransferProviderOptions = {
  /** where buyers send money (several allowed; `currency` limits an account to orders in that currency) */
  accounts: BankAccount[]
  /** shown with the account details, e.g. "Put the reference in the remark (附言)." */
  instructions?: string
  /** how long the buyer has to pay (default 4320 = 3 days); keep it at or under the provider's unpaid-order timeout */
  expiresInMinutes?: number
}

export function validateBankTransferOptions(o: Record<string, unknown>): void {
  const e = new OptionErrors("bank-transfer", o)
  const accounts = o.accounts as unknown[]
  e.check(Array.isArray(accounts) && accounts.length > 0, "accounts is required: at least one { bank_name, account_name, account_number }")
  ;(Array.isArray(accounts) ? accounts : []).forEach((a: any, i) => {
    for (const k of ["bank_name", "account_name", "account_number"]) e.check(typeof a?.[k] === "string" && a[k].trim().length > 0, `accounts[${i}].${k} is required`)
  })
  e.check(o.instructions === undefined || typeof o.instructions === "string", "instructions must be text")
  const exp = o.expiresInMinutes
  e.check(exp === undefined || (Number.isInteger(exp) && (exp as number) >= 1), "expiresInMinutes must be a whole number of minutes >= 1")
  e.throwIfAny()
}
