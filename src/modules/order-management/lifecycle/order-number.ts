/** Build an order number from the configured format (pure; UTC date of placement). */
export function formatOrderNumber(
  fmt: { prefix: string; format: string; padding: number },
  displayId: number,
  placedAt: Date
): string {
  const yyyy = String(placedAt.getUTCFullYear())
  const pad2 = (n: number) => String(n).padStart(2, "0")
  return fmt.format
    .replace("{prefix}", fmt.prefix)
    .replace("{yyyy}", yyyy)
    .replace("{yy}", yyyy.slice(2))
    .replace("{mm}", pad2(placedAt.getUTCMonth() + 1))
    .replace("{dd}", pad2(placedAt.getUTCDate()))
    .replace("{display_id}", String(displayId).padStart(fmt.padding, "0"))
}
