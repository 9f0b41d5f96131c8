/** Option checks that name the key at fault (thrown from validateOptions at boot). */
export class OptionErrors {
  private readonly problems: string[] = []
  constructor(private readonly provider: string, private readonly options: Record<string, unknown>) {}

  string(key: string, opts: { optional?: boolean; pattern?: RegExp; hint?: string } = {}): void {
    const v = this.options[key]
    if (v === undefined || v === null || v === "") {
      if (!opts.optional) this.problems.push(`${key} is required${opts.hint ? ` (${opts.hint})` : ""}`)
      return
    }
    if (typeof v !== "string") return void this.problems.push(`${key} must be a string`)
    if (opts.pattern && !opts.pattern.test(v)) this.problems.push(`${key} is malformed${opts.hint ? ` (${opts.hint})` : ""}`)
  }

  url(key: string, opts: { optional?: boolean } = {}): void {
    const v = this.options[key]
    if (v === undefined || v === null || v === "") {
      if (!opts.optional) this.problems.push(`${key} is required (an absolute http(s) URL)`)
      return
    }
    try {
      const u = new URL(String(v))
      if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error()
    } catch {
      this.problems.push(`${key} must be an absolute http(s) URL`)
    }
  }

  check(ok: boolean, message: string): void {
    if (!ok) this.problems.push(message)
  }

  throwIfAny(): void {
    if (this.problems.length) throw new Error(`${this.provider} payment provider options: ${this.problems.join("; ")}`)
  }
}

export function minutesFrom(now: Date, minutes: number): Date {
  return new Date(now.getTime() + minutes * 60_000)
}

/** How long a customer has to pay when the provider's options do not say (minutes). */
export const DEFAULT_PAYMENT_WINDOW_MINUTES: Record<string, number> = {
  /** an Alipay or WeChat Pay trade (time_expire) */
  alipay: 30,
  wechatpay: 30,
  /** a BTCPay invoice (expirationMinutes) */
  btcpay: 30,
  /** a bank-transfer reference */
  "bank-transfer": 3 * 24 * 60,
}

/**
 * How long a customer of this channel has to pay, in minutes: the provider's `expiresInMinutes` (BTCPay:
 * `expirationMinutes`) or its default; null where the platform alone decides (NOWPayments' valid_until) or nothing
 * expires (the balance pays at once).
 */
export function paymentWindowMinutes(identifier: string, options: Record<string, any>): number | null {
  const configured = options.expiresInMinutes ?? options.expirationMinutes
  if (Number.isInteger(configured)) return configured
  return DEFAULT_PAYMENT_WINDOW_MINUTES[identifier] ?? null
}
