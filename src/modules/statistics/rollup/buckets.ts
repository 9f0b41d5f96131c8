/**
 * Time to pay (seconds from an order's placement to its payment) rounded down to its histogram bucket: the second
 * under a minute, 10 s under 10 minutes, the minute under an hour, 10 minutes under a day, the hour beyond. The SQL
 * twin is `TIME_TO_PAY_BUCKET_SQL`; a unit test keeps them equal. Negative inputs count as 0.
 */
export function timeToPayBucket(seconds: number): number {
  const s = Math.max(0, Math.floor(seconds))
  if (s < 60) return s
  if (s < 600) return s - (s % 10)
  if (s < 3600) return s - (s % 60)
  if (s < 86400) return s - (s % 600)
  return s - (s % 3600)
}

/** `timeToPayBucket` in SQL over a bigint expression `s` (already ≥ 0, whole seconds). */
export const timeToPayBucketSql = (s: string) =>
  `(case when ${s} < 60 then ${s} when ${s} < 600 then ${s} / 10 * 10 when ${s} < 3600 then ${s} / 60 * 60 when ${s} < 86400 then ${s} / 600 * 600 else ${s} / 3600 * 3600 end)`

/**
 * The nearest-rank percentile of a histogram: the smallest bucket whose cumulative count reaches ⌈percent × n / 100⌉
 * (in exact integer arithmetic: PostgreSQL's percentile_disc computes the rank in float8 and takes the 28th of 30
 * for the 90th). `buckets` is [bucket_seconds, count][] in any order; `percent` 1–100; null when it is empty.
 */
export function histogramPercentile(buckets: Array<[number, number]>, percent: number): number | null {
  const sorted = buckets.filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0])
  const n = sorted.reduce((t, [, c]) => t + c, 0)
  if (!n) return null
  const rank = Math.max(1, Math.ceil((percent * n) / 100))
  let seen = 0
  for (const [b, c] of sorted) {
    seen += c
    if (seen >= rank) return b
  }
  return sorted[sorted.length - 1][0]
}
