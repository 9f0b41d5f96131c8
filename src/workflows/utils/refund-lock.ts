import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"

/** The lock every refund of one Medusa payment takes, whichever route or job starts it. */
export const paymentRefundLockKey = (paymentId: string) => `payment-refund:${paymentId}`

/**
 * Run `fn` holding the refund locks of these payments. Refunds of one payment then run one after the other, so a
 * refund that only records (to the customer's balance, or one made at the platform's console) can never be taken
 * for a refund that must move money, and Medusa's captured-minus-refunded check sees the one before.
 * @throws MedusaError CONFLICT when another refund holds a payment for longer than `timeoutSeconds`
 */
export async function withPaymentRefundLock<T>(container: MedusaContainer, paymentIds: string[], fn: () => Promise<T>, timeoutSeconds = 30): Promise<T> {
  const keys = [...new Set(paymentIds)].sort().map(paymentRefundLockKey)
  if (!keys.length) return fn()
  try {
    return await container.resolve(Modules.LOCKING).execute(keys, fn, { timeout: timeoutSeconds })
  } catch (e) {
    if (/timed? ?out/i.test((e as Error)?.message ?? "") && !(e instanceof MedusaError)) {
      throw new MedusaError(MedusaError.Types.CONFLICT, "Another refund of this payment is in progress; try again in a moment")
    }
    throw e
  }
}
