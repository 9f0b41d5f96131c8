import { applyLifecycleFilters, applySortAndCursor, cursorAfter, type LifecycleFilters, type ListCursor, sortValueSql } from "./filters"

/** Counts stop here: past it the list says "over 10,000" rather than counting a million rows on every page. */
export const COUNT_CAP = 10_000

/**
 * One page of the order list over order_lifecycle: the filters (see LifecycleFilters), the sort (default newest
 * first), and either a keyset `cursor` (the `next_cursor` of the previous page: constant time however deep) or an
 * `offset`. The count is exact up to `count_cap` (default COUNT_CAP) and capped above it: `count_exact` false and
 * `count` = the cap, so no request counts more than cap + 1 index entries (Medusa's own list counts every match,
 * medusa#6607). Rows come back through `normalize`; `next_cursor` is null on the last page.
 */
export async function listOrderLifecycles<Row>(
  knex: any,
  filters: LifecycleFilters,
  page: { limit: number; offset?: number; cursor?: ListCursor | null; count_cap?: number },
  normalize: (r: any) => Row
): Promise<[Row[], number, { count_exact: boolean; next_cursor: string | null }]> {
  const cap = page.count_cap ?? COUNT_CAP
  const base = applyLifecycleFilters(knex("order_lifecycle").whereNull("deleted_at"), filters, knex)
  const counted = knex.count({ count: "*" }).from(base.clone().select(knex.raw("1")).limit(cap + 1).as("capped"))
  const rowsQuery = applySortAndCursor(base.clone().select("*", knex.raw(sortValueSql(filters.sort))), filters.sort, page.cursor ?? null).limit(page.limit + 1)
  if (!page.cursor && page.offset) rowsQuery.offset(page.offset)
  const [[{ count }], rows] = await Promise.all([counted, rowsQuery])
  const n = Number(count)
  const more = rows.length > page.limit
  const pageRows = more ? rows.slice(0, page.limit) : rows
  return [
    pageRows.map(({ sort_value, ...r }: any) => normalize(r)),
    Math.min(n, cap),
    { count_exact: n <= cap, next_cursor: more ? cursorAfter(pageRows[pageRows.length - 1]) : null },
  ]
}
