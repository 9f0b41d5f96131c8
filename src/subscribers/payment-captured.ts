import { tracked } from "../utils/in-flight"
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncOrdersAfterPaymentCaptured, takeSyncedCapture } from "../workflows/sync-order"

/** A captured payment confirms the order's payment status (then review or auto-approval). */
async function paymentCapturedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  // captured and synced by this process's payment apply path a moment ago
  if (takeSyncedCapture(event.data.id)) return
  await syncOrdersAfterPaymentCaptured(container, event.data.id)
}

export default tracked(paymentCapturedHandler)

export const config: SubscriberConfig = {
  event: "payment.captured",
  context: { subscriberId: "order-management-payment-captured" },
}
