import { currencyDigits } from "../../utils/money"

/**
 * The points options, read from the plugin's options under `points` (every module of the plugin gets them):
 *
 * - `earnPerMajorUnit` (default `{ cny: 1, usd: 10 }`): points earned per major unit of a completed order's total, per
 *   currency (lower-case ISO 4217 code → a number ≥ 0, up to 4 decimals; 0.5 = one point per two yuan). A currency
 *   left out earns nothing. A map given replaces the default map as a whole.
 * - `valueMinor` (default `{ cny: 1, usd: 1 }`): what one point is worth when redeemed, in the currency's minor units
 *   (a whole number ≥ 1). A currency left out cannot be paid with points. A map given replaces the default map.
 * - `maxSharePercent` (default 50): the most of an order's total points may pay, in percent (a whole number 0–100;
 *   0 turns redemption off).
 */
export type PointsOptions = {
  earnPerMajorUnit?: Record<string, number>
  valueMinor?: Record<string, number>
  maxSharePercent?: number
}

export type ResolvedPointsOptions = {
  earnPerMajorUnit: Record<string, number>
  valueMinor: Record<string, number>
  maxSharePercent: number
}

export const DEFAULT_POINTS_OPTIONS: ResolvedPointsOptions = {
  earnPerMajorUnit: { cny: 1, usd: 10 },
  valueMinor: { cny: 1, usd: 1 },
  maxSharePercent: 50,
}

const PREFIX = "medusa-order-management: points"

function currencyMap(name: string, v: unknown, ok: (n: unknown) => boolean, what: string): Record<string, number> {
  if (!v || typeof v !== "object" || Array.isArray(v)) throw new Error(`${PREFIX}.${name} must be an object of currency code → ${what}`)
  const out: Record<string, number> = {}
  for (const [k, n] of Object.entries(v as Record<string, unknown>)) {
    if (!/^[a-zA-Z]{3}$/.test(k)) throw new Error(`${PREFIX}.${name}: "${k}" is not a 3-letter currency code`)
    if (!ok(n)) throw new Error(`${PREFIX}.${name}.${k.toLowerCase()} must be ${what}, got ${JSON.stringify(n)}`)
    out[k.toLowerCase()] = n as number
  }
  return out
}

/** Check and fill the options; throws an Error naming the bad field (the store does not start with it). */
export function resolvePointsOptions(o: PointsOptions | undefined | null = {}): ResolvedPointsOptions {
  if (o === null || o === undefined) o = {}
  if (typeof o !== "object" || Array.isArray(o)) throw new Error(`${PREFIX} must be an object`)
  const earn = o.earnPerMajorUnit === undefined
    ? { ...DEFAULT_POINTS_OPTIONS.earnPerMajorUnit }
    : currencyMap("earnPerMajorUnit", o.earnPerMajorUnit, (n) => typeof n === "number" && Number.isFinite(n) && n >= 0 && n <= 1_000_000 && Number.isInteger(Math.round(n * 10_000)) && Math.abs(n * 10_000 - Math.round(n * 10_000)) < 1e-6, "a number ≥ 0 with at most 4 decimals")
  const value = o.valueMinor === undefined
    ? { ...DEFAULT_POINTS_OPTIONS.valueMinor }
    : currencyMap("valueMinor", o.valueMinor, (n) => Number.isSafeInteger(n) && (n as number) >= 1, "a whole number of minor units ≥ 1")
  const share = o.maxSharePercent ?? DEFAULT_POINTS_OPTIONS.maxSharePercent
  if (!Number.isInteger(share) || share < 0 || share > 100) throw new Error(`${PREFIX}.maxSharePercent must be a whole number from 0 to 100, got ${JSON.stringify(share)}`)
  return { earnPerMajorUnit: earn, valueMinor: value, maxSharePercent: share }
}

/**
 * Points a completed order earns: floor(total in major units × earnPerMajorUnit[currency]), in exact integer math.
 * @param totalMinor the order's total in minor units (≥ 0)
 * @returns 0 for a currency without a rate
 */
export function pointsEarned(totalMinor: number, currency: string, opts: ResolvedPointsOptions): number {
  const rate = opts.earnPerMajorUnit[currency.toLowerCase()]
  if (!rate || totalMinor <= 0) return 0
  const rate4 = BigInt(Math.round(rate * 10_000))
  return Number((BigInt(totalMinor) * rate4) / (10n ** BigInt(currencyDigits(currency)) * 10_000n))
}

/**
 * How many of an order's earned points its refunds take back, in total: floor(earned × refunded / total), at most
 * `earned` (a refund of the whole total takes all). Integer math; 0 when the total is 0.
 */
export function pointsReversedFor(earned: number, refundedMinor: number, totalMinor: number): number {
  if (earned <= 0 || refundedMinor <= 0 || totalMinor <= 0) return 0
  if (refundedMinor >= totalMinor) return earned
  return Number((BigInt(earned) * BigInt(refundedMinor)) / BigInt(totalMinor))
}

/**
 * What `points` are worth in minor units of the currency (points × valueMinor[currency]).
 * @returns null for a currency points cannot pay in
 */
export function valueOfPoints(points: number, currency: string, opts: ResolvedPointsOptions): number | null {
  const v = opts.valueMinor[currency.toLowerCase()]
  return v ? points * v : null
}

/**
 * The most points an order of `totalMinor` may use: floor(floor(totalMinor × maxSharePercent / 100) / valueMinor).
 * 0 for a currency points cannot pay in.
 */
export function maxPointsFor(totalMinor: number, currency: string, opts: ResolvedPointsOptions): number {
  const v = opts.valueMinor[currency.toLowerCase()]
  if (!v || totalMinor <= 0) return 0
  const capMinor = Math.floor((totalMinor * opts.maxSharePercent) / 100)
  return Math.floor(capMinor / v)
}
