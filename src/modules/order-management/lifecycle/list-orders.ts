import { applyLifecycleFilters, applySortAndCursor, cursorAfter, type LifecycleFilters, type ListCursor, sortValueSql } from "./filters"

/** Counts stop here: past it the list says "over 10,000" rather than counting a million rows on every page. */
export const COUNT_CAP = 10_000
/**
 * A count that takes longer than this (a filter whose matches the database cannot count from one index, such as a
 * best-selling product at a million orders) is given up: the page is not held back for it.
 */
export const COUNT_BUDGET_MS = 150

/**
 * One page of the order list over order_lifecycle: the filters (see LifecycleFilters), the sort (default newest
 * first), and either a keyset `cursor` (the `next_cursor` of the previous page: constant time however deep) or an
 * `offset`. The count is exact up to `count_cap` (default COUNT_CAP) and capped above it: `count_exact` false and
 * `count` = the cap, so no request counts more than cap + 1 index entries (Medusa's own list counts every match,
 * medusa#6607). A count that does not finish within `count_budget_ms` (default COUNT_BUDGET_MS) is given up:
 * `count_exact` false and `count` the lower bound the page proves (rows before it, its rows, and one more when there
 * is a next page). Rows come back through `normalize`; `next_cursor` is null on the last page.
 */
export async function listOrderLifecycles<Row>(
  knex: any,
  filters: LifecycleFilters,
  page: { limit: number; offset?: number; cursor?: ListCursor | null; count_cap?: number; count_budget_ms?: number },
  normalize: (r: any) => Row
): Promise<[Row[], number, { count_exact: boolean; next_cursor: string | null }]> {
  const cap = page.count_cap ?? COUNT_CAP
  const base = applyLifecycleFilters(knex("order_lifecycle").whereNull("deleted_at"), filters)
  // the count in its own transaction with a time budget; past it, the count is what the page itself proves
  const counted = knex
    .transaction(async (trx: any) => {
      await trx.raw(`set local statement_timeout = ${page.count_budget_ms ?? COUNT_BUDGET_MS}`)
      return trx.count({ count: "*" }).from(applyLifecycleFilters(trx("order_lifecycle").whereNull("deleted_at"), filters).select(trx.raw("1")).limit(cap + 1).as("capped"))
    })
    .catch((e: any) => {
      if (e?.code === "57014") return null // canceled by the statement timeout
      throw e
    })
  const rowsQuery = applySortAndCursor(base.clone().select("*", knex.raw(sortValueSql(filters.sort))), filters.sort, page.cursor ?? null).limit(page.limit + 1)
  if (!page.cursor && page.offset) rowsQuery.offset(page.offset)
  const [countRows, rows] = await Promise.all([counted, rowsQuery])
  const more = rows.length > page.limit
  const pageRows = more ? rows.slice(0, page.limit) : rows
  const next_cursor = more ? cursorAfter(pageRows[pageRows.length - 1]) : null
  if (countRows === null) {
    // not counted in time: at least the rows before this page, this page and one more are known to exist
    const known = (page.cursor ? 0 : page.offset ?? 0) + pageRows.length + (more ? 1 : 0)
    return [pageRows.map(({ sort_value, ...r }: any) => normalize(r)), known, { count_exact: false, next_cursor }]
  }
  const n = Number(countRows[0].count)
  return [pageRows.map(({ sort_value, ...r }: any) => normalize(r)), Math.min(n, cap), { count_exact: n <= cap, next_cursor }]
}
