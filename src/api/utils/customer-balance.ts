import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { BALANCE_MODULE } from "../../modules/balance"
import type BalanceModuleService from "../../modules/balance/service"
import { ledgerLines } from "./balance-entries"

/** A customer's balances and one page of the ledger, newest first (404 for an unknown customer). */
export async function customerBalance(
  container: MedusaContainer,
  customerId: string,
  q: { currency_code?: string; limit: number; offset: number },
  opts: { withActors?: boolean } = {}
) {
  const [customer] = await container.resolve(Modules.CUSTOMER).listCustomers({ id: customerId }, { select: ["id", "has_account"] })
  if (!customer) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer ${customerId} was not found`)
  const ledger: BalanceModuleService = container.resolve(BALANCE_MODULE)
  const [balances, page] = await Promise.all([
    ledger.listBalances(customerId),
    ledger.listLedger({ customer_id: customerId, currency_code: q.currency_code }, { limit: q.limit, offset: q.offset }),
  ])
  return {
    customer_id: customerId,
    has_account: customer.has_account,
    balances: balances.map(({ account_id: _a, customer_id: _c, ...b }) => b),
    entries: await ledgerLines(container, page.entries, opts),
    count: page.count,
    limit: q.limit,
    offset: q.offset,
  }
}

/** The store's currencies, lower case (a balance is only ever held in one of them). */
export async function storeCurrencies(container: MedusaContainer): Promise<string[]> {
  const [store] = await container.resolve(Modules.STORE).listStores({}, { relations: ["supported_currencies"] })
  return (store?.supported_currencies ?? []).map((c: any) => String(c.currency_code).toLowerCase())
}
