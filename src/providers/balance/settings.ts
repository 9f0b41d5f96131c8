import { BALANCE_MODULE } from "../../modules/balance"
import type { ChannelSpec } from "../settings/types"

export const balanceSettings: ChannelSpec = {
  identifier: "balance",
  label: "Account balance",
  requiredOptions: [],
  describe(o) {
    return {
      mode: "internal",
      endpoint: null,
      credentials: [],
      configured_callback_url: null,
      callback_registered_at_platform: false,
      settings: [{ name: "currencies", value: o.currencies?.length ? (o.currencies as string[]).map((c) => c.toUpperCase()).join(", ") : "any" }],
    }
  },
  async diagnose(_o, { container }) {
    if (!container.hasRegistration(BALANCE_MODULE)) {
      return { ok: false, summary: "The balance module is not loaded: the provider cannot debit anything.", details: ["Install medusa-order-management as a plugin (it registers the module) and run the migrations."] }
    }
    await (container.resolve(BALANCE_MODULE) as any).balanceOf("cus_connection_test", "cny")
    return { ok: true, summary: "The ledger answers: payments debit the customer's balance in this store's own database.", details: [] }
  },
}
