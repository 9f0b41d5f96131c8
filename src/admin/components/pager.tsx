import { Table } from "@medusajs/ui"
import { useOmT } from "../lib/i18n"

/**
 * Medusa's table pagination for the plugin's lists: `pageIndex` from 0, `count` rows in all, `onPage(index)` to move;
 * the page count, the previous/next states and the words (en / zh-CN) derived here once.
 */
export const Pager = ({ count, pageSize, pageIndex, onPage, testId }: { count: number; pageSize: number; pageIndex: number; onPage: (index: number) => void; testId?: string }) => {
  const { t } = useOmT()
  const pageCount = Math.max(1, Math.ceil(count / pageSize))
  return (
    <Table.Pagination
      data-testid={testId}
      count={count}
      pageSize={pageSize}
      pageIndex={pageIndex}
      pageCount={pageCount}
      canPreviousPage={pageIndex > 0}
      canNextPage={pageIndex + 1 < pageCount}
      previousPage={() => onPage(pageIndex - 1)}
      nextPage={() => onPage(pageIndex + 1)}
      translations={{ of: t("page.paginationOf"), results: t("page.paginationResults"), pages: t("page.paginationPages"), prev: t("page.previous"), next: t("page.next") }}
    />
  )
}
