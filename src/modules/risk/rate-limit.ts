import Redis from "ioredis"
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible"

/** One limit: at most `points` requests per `duration_seconds`. */
export type RateLimit = { points: number; duration_seconds: number }

/**
 * The checkout's rate limits (plugin option `risk.rateLimits`). Defaults suit shoppers behind carrier-grade NAT
 * (thousands of phones share one public IP in China's mobile networks): per cart they are tight (a shopper makes a
 * handful of payment attempts), per IP loose, and the IP limits only apply to a real client IP (not to a storefront
 * server calling from a declared proxy address without forwarding the shopper's IP).
 */
export type RateLimitOptions = {
  enabled?: boolean
  payment_sessions_per_cart?: RateLimit
  payment_sessions_per_ip?: RateLimit
  completions_per_cart?: RateLimit
  completions_per_ip?: RateLimit
  /**
   * Payment-session requests for one payment collection run one at a time (Medusa's createPaymentSessionsWorkflow
   * races with itself); a request waits at most this many seconds for the one before it, then is answered 429 with
   * `Retry-After` (default 30; 1 to 120).
   */
  payment_session_wait_seconds?: number
}

export const DEFAULT_RATE_LIMITS: Required<Omit<RateLimitOptions, "enabled" | "payment_session_wait_seconds">> = {
  payment_sessions_per_cart: { points: 20, duration_seconds: 60 },
  payment_sessions_per_ip: { points: 300, duration_seconds: 60 },
  completions_per_cart: { points: 10, duration_seconds: 60 },
  completions_per_ip: { points: 120, duration_seconds: 60 },
}

export type LimitName = keyof typeof DEFAULT_RATE_LIMITS

/** How long a payment-session request waits for the one before it on the same collection, by default (seconds). */
export const DEFAULT_PAYMENT_SESSION_WAIT_SECONDS = 30

/** Check and fill the limits; throws naming the bad one. */
export function resolveRateLimits(o: RateLimitOptions = {}): { enabled: boolean; limits: Record<LimitName, RateLimit>; payment_session_wait_seconds: number } {
  const limits = { ...DEFAULT_RATE_LIMITS } as Record<LimitName, RateLimit>
  for (const k of Object.keys(DEFAULT_RATE_LIMITS) as LimitName[]) {
    const v = (o as any)[k]
    if (v === undefined) continue
    if (!v || !Number.isInteger(v.points) || v.points < 1 || !Number.isInteger(v.duration_seconds) || v.duration_seconds < 1) {
      throw new Error(`medusa-order-management: risk.rateLimits.${k} must be { points: whole number ≥ 1, duration_seconds: whole number ≥ 1 }`)
    }
    limits[k] = { points: v.points, duration_seconds: v.duration_seconds }
  }
  const wait = o.payment_session_wait_seconds ?? DEFAULT_PAYMENT_SESSION_WAIT_SECONDS
  if (!Number.isInteger(wait) || wait < 1 || wait > 120) throw new Error("medusa-order-management: risk.rateLimits.payment_session_wait_seconds must be a whole number of seconds from 1 to 120")
  return { enabled: o.enabled !== false, limits, payment_session_wait_seconds: wait }
}

/**
 * The limiters, shared by every instance through Redis when the store runs Medusa's Redis modules (`redisUrl`), in
 * this process's memory otherwise (one instance). A Redis outage lets requests through (a limiter must not stop
 * checkouts) and falls back to memory for that call.
 */
export class CheckoutRateLimiter {
  private readonly limiters: Record<LimitName, RateLimiterAbstract>
  private readonly fallback: Record<LimitName, RateLimiterAbstract>
  readonly store: "redis" | "memory"
  private readonly client: Redis | null = null

  constructor(limits: Record<LimitName, RateLimit>, redisUrl?: string | null, namespace = "om-rl") {
    const memory = (name: LimitName) => new RateLimiterMemory({ keyPrefix: `${namespace}:${name}`, points: limits[name].points, duration: limits[name].duration_seconds })
    const names = Object.keys(limits) as LimitName[]
    this.fallback = Object.fromEntries(names.map((n) => [n, memory(n)])) as any
    if (redisUrl) {
      const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 })
      client.on("error", () => undefined)
      this.client = client
      this.limiters = Object.fromEntries(names.map((n) => [n, new RateLimiterRedis({ storeClient: client, keyPrefix: `${namespace}:${n}`, points: limits[n].points, duration: limits[n].duration_seconds, insuranceLimiter: this.fallback[n] as RateLimiterMemory })])) as any
      this.store = "redis"
    } else {
      this.limiters = this.fallback
      this.store = "memory"
    }
  }

  /** Close the Redis connection (tests; a server keeps it for its life). */
  async close() {
    await this.client?.quit().catch(() => undefined)
  }

  /**
   * Count one request under each of the keys; null when all are within their limit, else the seconds until the
   * tightest refusing limit frees a point (at least 1).
   */
  async consume(keys: Array<[LimitName, string]>): Promise<number | null> {
    let wait: number | null = null
    for (const [name, key] of keys) {
      try {
        await this.limiters[name].consume(key)
      } catch (e) {
        if (e instanceof RateLimiterRes) {
          const s = Math.max(1, Math.ceil(e.msBeforeNext / 1000))
          wait = Math.max(wait ?? 0, s)
        }
        // anything else (Redis down without insurance): let it through
      }
    }
    return wait
  }
}
