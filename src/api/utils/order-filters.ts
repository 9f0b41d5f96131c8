import { MedusaError } from "@medusajs/framework/utils"
import type { LifecycleFilters } from "../../modules/order-management/lifecycle/filters"
import { boundInstant } from "../../utils/time-zone"
import { currencyDigits, toMinorUnits } from "../../utils/money"
import type { ListOrdersQueryType } from "../admin/order-management/validators"

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)

/** A date range of the query as instants (days in the store's time zone `tz`); 400 naming the field when unreadable. */
function range(name: string, r: { gte?: string; lte?: string } | undefined, tz: string) {
  const gte = r?.gte ? boundInstant(r.gte, "gte", tz) : undefined
  const lte = r?.lte ? boundInstant(r.lte, "lte", tz) : undefined
  if (gte === null) throw invalid(`${name}[gte]: not a date or ISO 8601 date-time: ${r!.gte}`)
  if (lte === null) throw invalid(`${name}[lte]: not a date or ISO 8601 date-time: ${r!.lte}`)
  if (gte && lte && gte > lte) throw invalid(`${name}[gte] must not be after ${name}[lte]`)
  return { gte, lte }
}

/** A major-unit amount of the query in `currency`'s minor units; 400 when it has more decimals than the currency. */
function minor(name: string, v: string | undefined, currency: string) {
  if (v === undefined) return undefined
  const decimals = v.split(".")[1]?.length ?? 0
  if (decimals > currencyDigits(currency)) throw invalid(`${name}: ${currency.toUpperCase()} has ${currencyDigits(currency)} decimal places, got ${v}`)
  return toMinorUnits(v, currency)
}

/**
 * The order list's query (GET /admin/order-management/orders, validated by ListOrdersQuery) as lifecycle filters: days
 * (`YYYY-MM-DD`) are whole days in the store's time zone `tz`, amounts major units of `currency_code` turned into
 * minor units. Shared by the list and the export ("the current filters"), so both select the same orders.
 * Throws INVALID_DATA (400) naming the field for a date it cannot read, a reversed range or too many decimals.
 */
export function lifecycleFiltersFromQuery(q: Partial<ListOrdersQueryType>, tz: string): LifecycleFilters {
  const created = range("created_at", q.created_at, tz)
  const paid = range("paid_at", q.paid_at, tz)
  const currency = q.currency_code
  return {
    status: q.status,
    payment_status: q.payment_status,
    fulfillment_status: q.fulfillment_status,
    on_hold: q.on_hold,
    mark: q.mark,
    payment_provider: q.payment_provider,
    risk_level: q.risk_level,
    customer_id: q.customer_id,
    product_id: q.product_id,
    created_at_gte: created.gte,
    created_at_lte: created.lte,
    paid_at_gte: paid.gte,
    paid_at_lte: paid.lte,
    currency_code: currency,
    amount_field: q.amount_field,
    amount_min_minor: currency ? minor("amount_min", q.amount_min, currency) : undefined,
    amount_max_minor: currency ? minor("amount_max", q.amount_max, currency) : undefined,
    q: q.q,
    sort: q.sort,
  }
}
