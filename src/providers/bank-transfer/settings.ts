import type { ChannelSpec } from "../settings/types"
import { maskId } from "../settings/mask"
import type { BankAccount } from "./options"

export const bankTransferSettings: ChannelSpec = {
  identifier: "bank-transfer",
  label: "Bank transfer",
  requiredOptions: ["accounts"],
  describe(o) {
    const accounts = (o.accounts ?? []) as BankAccount[]
    return {
      mode: "offline",
      endpoint: null,
      // account numbers are printed for buyers anyway; shown masked here like any other identifier
      credentials: accounts.map((a, i) => ({ name: `accounts[${i}]`, value: `${a.bank_name} · ${a.account_name} · ${maskId(a.account_number.replace(/\s+/g, ""))}${a.currency ? ` · ${a.currency.toUpperCase()}` : ""}`, kind: "id" as const })),
      configured_callback_url: null,
      callback_registered_at_platform: false,
      settings: [
        { name: "expiresInMinutes", value: String(o.expiresInMinutes ?? 4320) },
        ...(o.instructions ? [{ name: "instructions", value: String(o.instructions) }] : []),
      ],
    }
  },
  async diagnose(o) {
    const accounts = (o.accounts ?? []) as BankAccount[]
    const currencies = [...new Set(accounts.map((a) => (a.currency ? a.currency.toUpperCase() : "any currency")))]
    return {
      ok: accounts.length > 0,
      summary: accounts.length ? "Offline channel: there is no platform to connect to; buyers see these accounts and admins confirm receipts." : "No bank account is configured.",
      details: [`${accounts.length} account(s) for ${currencies.join(", ")}`],
    }
  },
}
