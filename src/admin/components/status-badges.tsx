import { StatusBadge } from "@medusajs/ui"
import type { FulfillmentStatus, PaymentStatus } from "../lib/api"

const PAYMENT_COLOR: Record<PaymentStatus, "green" | "red" | "blue" | "orange" | "grey" | "purple"> = {
  pending: "orange",
  processing: "blue",
  confirmed: "green",
  suspected_fraud: "red",
  canceled: "grey",
}
const FULFILLMENT_COLOR: Record<FulfillmentStatus, "green" | "red" | "blue" | "orange" | "grey" | "purple"> = {
  holded: "orange",
  processing: "blue",
  dispatched: "purple",
  completed: "green",
  refunded: "red",
}

export const PAYMENT_LABEL: Record<PaymentStatus, string> = {
  pending: "Pending payment",
  processing: "Payment processing",
  confirmed: "Payment confirmed",
  suspected_fraud: "Suspected fraud",
  canceled: "Canceled",
}
export const FULFILLMENT_LABEL: Record<FulfillmentStatus, string> = {
  holded: "Awaiting review",
  processing: "Processing",
  dispatched: "Dispatched",
  completed: "Completed",
  refunded: "Refunded",
}

export const PaymentStatusBadge = ({ status }: { status: PaymentStatus }) => (
  <StatusBadge color={PAYMENT_COLOR[status]} data-testid="om-payment-status">{PAYMENT_LABEL[status]}</StatusBadge>
)

export const FulfillmentStatusBadge = ({ status }: { status: FulfillmentStatus | null }) =>
  status ? (
    <StatusBadge color={FULFILLMENT_COLOR[status]} data-testid="om-fulfillment-status">{FULFILLMENT_LABEL[status]}</StatusBadge>
  ) : (
    <StatusBadge color="grey" data-testid="om-fulfillment-status">Not started</StatusBadge>
  )
