import { StatusBadge } from "@medusajs/ui"
import type { FulfillmentStatus, PaymentStatus } from "../lib/api"
import { useOmT } from "../lib/i18n"

type Color = "green" | "red" | "blue" | "orange" | "grey" | "purple"
const PAYMENT_COLOR: Record<PaymentStatus, Color> = {
  pending: "orange",
  processing: "blue",
  partially_paid: "orange",
  confirmed: "green",
  suspected_fraud: "red",
  canceled: "grey",
}
const FULFILLMENT_COLOR: Record<FulfillmentStatus, Color> = {
  holded: "orange",
  processing: "blue",
  dispatched: "purple",
  completed: "green",
  refunded: "red",
}

export const PaymentStatusBadge = ({ status }: { status: PaymentStatus }) => {
  const { t } = useOmT()
  return <StatusBadge color={PAYMENT_COLOR[status]} data-testid="om-payment-status">{t(`payment.${status}`)}</StatusBadge>
}

export const FulfillmentStatusBadge = ({ status }: { status: FulfillmentStatus | null }) => {
  const { t } = useOmT()
  return (
    <StatusBadge color={status ? FULFILLMENT_COLOR[status] : "grey"} data-testid="om-fulfillment-status">
      {t(`fulfillment.${status ?? "none"}`)}
    </StatusBadge>
  )
}
