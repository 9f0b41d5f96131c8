/**
 * Time to pay (seconds from an order's placement to its payment) rounded down to its histogram bucket: 5 s steps
 * under a minute, 30 s under 10 minutes, 5 minutes under an hour, 30 minutes under a day, 6 hours beyond (a few
 * dozen buckets per channel and day, so a period's percentiles are read from a few thousand rows at any store size).
 * The SQL twin is `timeToPayBucketSql`; an HTTP test keeps them equal. Negative inputs count as 0.
 */
export function timeToPayBucket(seconds: number): number {
  const s = Math.max(0, Math.floor(seconds))
  const step = s < 60 ? 5 : s < 600 ? 30 : s < 3600 ? 300 : s < 86400 ? 1800 : 21600
  return s - (s % step)
}

/** `timeToPayBucket` in SQL over a bigint expression `s` (already ≥ 0, whole seconds). */
export const timeToPayBucketSql = (s: string) =>
  `(case when ${s} < 60 then ${s} / 5 * 5 when ${s} < 600 then ${s} / 30 * 30 when ${s} < 3600 then ${s} / 300 * 300 when ${s} < 86400 then ${s} / 1800 * 1800 else ${s} / 21600 * 21600 end)`

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
