import { sdk } from "./sdk"

export type PaymentStatus = "pending" | "processing" | "partially_paid" | "confirmed" | "suspected_fraud" | "canceled"
export type FulfillmentStatus = "holded" | "processing" | "dispatched" | "completed" | "refunded"
export type AdminAction = "approve" | "reject" | "hold" | "release" | "dispatch" | "complete" | "cancel"

export type HistoryRow = {
  id: string
  action: string
  from_payment_status: PaymentStatus | null
  to_payment_status: PaymentStatus | null
  from_fulfillment_status: FulfillmentStatus | null
  to_fulfillment_status: FulfillmentStatus | null
  actor_type: "user" | "customer" | "system" | "gateway"
  actor_id: string | null
  reason: string | null
  metadata: Record<string, unknown> | null
  actor_email?: string | null
  created_at: string
}

export type NoteRow = {
  id: string
  kind: "note" | "communication" | "mark"
  body: string
  channel: string | null
  label: string | null
  author_type: string
  author_id: string | null
  author_email?: string | null
  created_at: string
}

export type OrderLifecycle = {
  id: string
  order_id: string
  order_number: string
  display_id: number | null
  payment_status: PaymentStatus
  fulfillment_status: FulfillmentStatus | null
  on_hold: boolean
  hold_reason: string | null
  activate_at: string | null
  review_mode: "auto" | "manual" | null
  payment_provider: string | null
  currency_code: string
  total_minor: number
  paid_minor: number
  /** > 0: the customer owes this; < 0: a refund is due (after an order edit) */
  outstanding_minor?: number
  email: string | null
  marks: string[]
  /** the checkout's risk assessment's level (null: not assessed) */
  risk_level?: "low" | "medium" | "high" | null
  placed_at: string
  paid_at: string | null
  dispatched_at?: string | null
  customer_name?: string | null
  items?: Array<{ title: string; quantity: number }>
  item_count?: number
  available_actions?: AdminAction[]
  history?: HistoryRow[]
  notes?: NoteRow[]
}

/** A saved view of the order list (filters: the page's URL parameters). */
export type SavedView = { id: string; name: string; filters: Record<string, string>; shared: boolean; owner_id: string; own: boolean; created_at: string; updated_at: string }

export type ActionBody = { action: AdminAction; reason?: string; activate_at?: string; tracking_number?: string; override_outstanding?: string }

/** One typed client for the plugin's admin API. */
export type ProofRow = { id: string; status: "submitted" | "accepted" | "rejected"; mime_type: string; size_bytes: number; payer_name: string; account_last4: string | null; transfer_date: string | null; reject_reason: string | null; created_at: string }

export type PaymentInfo = {
  currency_code: string
  total_minor: number
  paid_minor: number
  /** > 0 owed by the customer, < 0 due back to them */
  outstanding_minor: number
  balance_refund: { currency: string; refundable_minor: number; refusal: { code: "guest" | "nothing_captured" | "provider"; message: string } | null }
  proofs: ProofRow[]
  sessions: Array<{ currency: string | null; reference: string | null; amount_minor: number | null; received_minor: number | null;  id: string; provider_id: string; status: string; method: string | null; out_trade_no: string | null; transaction_id: string | null; paid_at: string | null; payer: string | null; expires_at: string | null; closed_at: string | null; queryable: boolean }>
  events: Array<{ id: string; provider: string; source: string; kind: string; status: string; outcome: string | null; platform_status: string | null; transaction_id: string | null; amount_minor: number | null; currency_code: string | null; attempts: number; error: string | null; created_at: string }>
}

export const omApi = {
  confirmReceipt: (orderId: string, body: { amount: number; received_at: string; bank_reference: string; approve?: boolean; note?: string }) =>
    sdk.client.fetch<{ receipt: { complete: boolean; received_minor: number; expected_minor: number } }>(`/admin/order-management/orders/${orderId}/bank-transfer/confirm`, { method: "POST", body }),
  rejectProof: (orderId: string, proofId: string, reason: string) =>
    sdk.client.fetch(`/admin/order-management/orders/${orderId}/bank-transfer/proofs/${proofId}/reject`, { method: "POST", body: { reason } }),
  proofFileUrl: (orderId: string, proofId: string) => `/admin/order-management/orders/${orderId}/bank-transfer/proofs/${proofId}/file`,
  payment: (orderId: string) => sdk.client.fetch<PaymentInfo>(`/admin/order-management/orders/${orderId}/payment`),
  syncPayment: (orderId: string) =>
    sdk.client.fetch<{ sessions: Array<{ provider_id: string; platform_status: string | null; result: string; outcome?: string; error?: string }> }>(
      `/admin/order-management/orders/${orderId}/sync-payment`,
      { method: "POST" }
    ),
  retrieve: (orderId: string) =>
    sdk.client.fetch<{ order_lifecycle: OrderLifecycle }>(`/admin/order-management/orders/${orderId}`),
  list: (query: Record<string, string | number | boolean | string[] | undefined>) =>
    sdk.client.fetch<{ order_lifecycles: OrderLifecycle[]; count: number; count_exact: boolean; next_cursor: string | null; limit: number; offset: number }>(
      "/admin/order-management/orders",
      { query }
    ),
  config: () => sdk.client.fetch<{ time_zone: string }>("/admin/order-management/config"),
  /** the store's payment providers (Medusa's own list): the channel filter offers every one of them */
  paymentProviders: () =>
    sdk.client.fetch<{ payment_providers: Array<{ id: string; is_enabled: boolean }> }>("/admin/payments/payment-providers", { query: { limit: 100 } }),
  views: () => sdk.client.fetch<{ views: SavedView[] }>("/admin/order-management/views"),
  createView: (body: { name: string; filters: Record<string, string>; shared?: boolean }) =>
    sdk.client.fetch<{ view: SavedView }>("/admin/order-management/views", { method: "POST", body }),
  updateView: (id: string, body: { name?: string; filters?: Record<string, string>; shared?: boolean }) =>
    sdk.client.fetch<{ view: SavedView }>(`/admin/order-management/views/${id}`, { method: "POST", body }),
  deleteView: (id: string) => sdk.client.fetch<{ id: string; deleted: boolean }>(`/admin/order-management/views/${id}`, { method: "DELETE" }),
  /** Customers by name (either way round, 陈勇 too), email or phone (the plugin's search over Medusa's customer module), and products by title or SKU (Medusa's own search), for the filter pickers. */
  searchCustomers: (q: string) =>
    sdk.client.fetch<{ customers: Array<{ id: string; email: string; first_name: string | null; last_name: string | null; phone: string | null; name: string | null }> }>("/admin/order-management/customers", { query: { q, limit: 8 } }),
  searchVariants: (q: string) =>
    sdk.client.fetch<{ variants: Array<{ id: string; sku: string | null; title: string; product?: { id: string; title: string } }> }>("/admin/product-variants", { query: { q, limit: 12, fields: "id,sku,title,product.id,product.title" } }),
  act: (orderId: string, body: ActionBody) =>
    sdk.client.fetch<{ order_lifecycle: OrderLifecycle }>(`/admin/order-management/orders/${orderId}/actions`, {
      method: "POST",
      body,
    }),
  addNote: (orderId: string, body: { kind: NoteRow["kind"]; body: string; channel?: string; label?: string }) =>
    sdk.client.fetch<{ note: NoteRow }>(`/admin/order-management/orders/${orderId}/notes`, { method: "POST", body }),
  batch: (body: ActionBody & { order_ids: string[] }) =>
    sdk.client.fetch<{ results: Array<{ order_id: string; ok: boolean; status?: number; message?: string }>; succeeded: number; failed: number }>(
      "/admin/order-management/orders/batch",
      { method: "POST", body }
    ),
}

export type Anomaly = {
  id: string
  /** null while the money belongs to a cart with no order */
  order_id: string | null
  cart_id?: string | null
  session_id?: string | null
  out_trade_no?: string | null
  payment_id?: string | null
  metadata?: Record<string, unknown> | null
  type: string
  status: "open" | "investigating" | "waiting_customer" | "resolved" | "dismissed"
  amount_minor: number | null
  currency_code: string | null
  provider_id: string | null
  platform_transaction_id: string | null
  resolution: string | null
  resolution_note: string | null
  created_at: string
}

export const anomalyApi = {
  forOrder: (orderId: string) =>
    sdk.client.fetch<{ anomalies: Anomaly[]; count: number }>("/admin/order-management/anomalies", {
      query: { order_id: orderId, status: "open,investigating,waiting_customer" },
    }),
  withoutOrder: () =>
    sdk.client.fetch<{ anomalies: Anomaly[]; count: number }>("/admin/order-management/anomalies", { query: { without_order: "true", limit: 100 } }),
  resolve: (id: string, body: { resolution: "refund" | "revive" | "manual"; note?: string }) =>
    sdk.client.fetch<{ anomaly: Anomaly }>(`/admin/order-management/anomalies/${id}/resolve`, { method: "POST", body }),
}

export const omKeys = {
  all: ["order-management"] as const,
  detail: (orderId: string) => ["order-management", "detail", orderId] as const,
  payment: (orderId: string) => ["order-management", "payment", orderId] as const,
}

export type LedgerLine = {
  id: string
  currency_code: string
  seq: number
  direction: "credit" | "debit"
  amount_minor: number
  balance_after_minor: number
  source_type: "payment" | "payment_reversal" | "refund" | "adjustment"
  source_id: string
  reason: string | null
  actor_type: string
  actor_id: string | null
  actor_email?: string | null
  order_id: string | null
  order_number: string | null
  created_at: string
}

export type CustomerBalance = {
  customer_id: string
  has_account: boolean
  balances: Array<{ currency_code: string; balance_minor: number; entry_count: number; updated_at: string | null }>
  entries: LedgerLine[]
  count: number
  limit: number
  offset: number
  currencies: string[]
}

export const balanceApi = {
  forCustomer: (customerId: string, query: { limit: number; offset: number; currency_code?: string }) =>
    sdk.client.fetch<CustomerBalance>(`/admin/order-management/customers/${customerId}/balance`, { query }),
  adjust: (customerId: string, body: { currency_code: string; amount: number; reason: string; idempotency_key: string }) =>
    sdk.client.fetch<{ balance_minor: number; duplicate: boolean }>(`/admin/order-management/customers/${customerId}/balance/adjustments`, { method: "POST", body }),
  refundToBalance: (orderId: string, body: { amount: number; reason: string; idempotency_key: string }) =>
    sdk.client.fetch<{ refund: { amount_minor: number; balance_minor: number; currency_code: string } }>(`/admin/order-management/orders/${orderId}/refund-to-balance`, { method: "POST", body }),
}

export const balanceKeys = {
  customer: (customerId: string) => ["order-management", "balance", customerId] as const,
}

export type ChannelCredential = { name: string; value: string | null; kind: "id" | "secret" | "key" | "certificate" | "url"; note?: string }
export type PaymentChannel =
  | { identifier: string; label: string; configured: false; required_options: string[] }
  | {
      identifier: string
      label: string
      configured: true
      provider_id: string
      enabled: boolean
      regions: Array<{ id: string; name: string; currency_code: string }>
      mode: "production" | "sandbox" | "custom" | "self-hosted" | "offline" | "internal"
      endpoint: string | null
      credentials: ChannelCredential[]
      configured_callback_url: string | null
      callback_registered_at_platform: boolean
      callback_url: string | null
      callback_path_matches: boolean | null
      settings: Array<{ name: string; value: string }>
      limits: Record<string, { min?: number; max?: number }>
      fee: { rateBps?: number; fixedMinor?: number; bearer?: "merchant" | "customer"; label?: string } | null
      manual_review: boolean
      unpaid_timeout_minutes: number
      /** how long customers may pay (null: the platform decides) */
      payment_window_minutes?: number | null
      window_warning?: string | null
      recent_errors?: Array<{ at: string; source: string; operation: string | null; failure: string | null; platform_code: string | null; http_status: number | null; retryable: boolean; key_serial: string | null; out_trade_no: string | null; order_id: string | null; message: string }>
    }
export type ChannelTest = { provider_id: string; ok: boolean; summary: string; details: string[]; checked_at: string; duration_ms: number }

export const channelApi = {
  list: () => sdk.client.fetch<{ channels: PaymentChannel[]; backend_url: string }>("/admin/order-management/payment-channels"),
  test: (providerId: string) => sdk.client.fetch<ChannelTest>(`/admin/order-management/payment-channels/${providerId}/check`, { method: "POST" }),
}

// ---- After-sales: refund requests (issue 17) ----

export const REFUND_STATUSES = ["requested", "approved", "processing", "refunded", "failed", "rejected", "withdrawn"] as const
export type RefundStatus = (typeof REFUND_STATUSES)[number]
export type RefundDestination = "original" | "balance"
/** the reasons a customer (or an admin for them) picks from; the API's `refundable.reasons` may narrow or extend it */
export const REFUND_REASONS = ["not_received", "damaged", "not_as_described", "wrong_item", "changed_mind", "duplicate_payment", "service_problem", "other"] as const
/** the spec's causes of a failed refund, and the plugin's catch-all */
export const REFUND_FAILURE_CAUSES = ["channel_not_configured", "merchant_balance_insufficient", "information_incomplete", "deadline_passed", "platform_error"] as const

export type RefundActor = { type: "user" | "customer" | "system" | "gateway" | string; id: string | null }

export type RefundRequest = {
  id: string
  order_id: string
  customer_id: string | null
  status: RefundStatus
  currency_code: string
  requested_amount_minor: number
  /** approved, or the requested amount before review */
  amount_minor: number
  refunded_minor: number
  destination: RefundDestination | null
  reason_code: string
  note: string | null
  items: Array<{ item_id: string; quantity: number }>
  /** files the customer sent (private: read through refundApi.evidenceUrl with the admin's session) */
  evidence: Array<{ file_id: string; mime_type: string; size_bytes: number; name?: string | null }>
  opened_by: RefundActor
  reviewed_by: RefundActor | null
  reviewed_at: string | null
  review_note: string | null
  reject_reason: string | null
  failure: { cause: string; message: string; platform_code?: string | null; retryable?: boolean } | null
  refunds: Array<{
    refund_id: string | null
    payment_id: string | null
    provider_id: string | null
    amount_minor: number
    destination: RefundDestination
    platform_refund_no: string | null
    status: "processing" | "succeeded" | "closed" | "abnormal" | "manual_task" | "credited"
    /** a link the buyer opens to claim it (BTCPay pull payment) */
    claim_url?: string | null
    attempt?: number
    created_at: string
  }>
  /** items come back through Medusa's return flow (its return, once received) */
  return_items?: boolean
  return_id?: string | null
  /** how many times the money was sent (retries) */
  attempt?: number
  history: Array<{
    id: string
    from_status: RefundStatus | null
    to_status: RefundStatus | null
    action: string
    actor: RefundActor
    message: string | null
    metadata: Record<string, unknown> | null
    created_at: string
  }>
  created_at: string
  updated_at: string
  /** list only */
  order_display_id?: number | string | null
  /** list only: the plugin's order number (MO…), null before the order has one */
  order_number?: string | null
  customer_email?: string | null
  /** list only: false for a guest order (no customer account to hold a balance) */
  can_refund_to_balance?: boolean
}

export type Refundable = {
  amount_minor: number
  currency_code: string
  deadline_at: string | null
  reasons: string[]
  open_request_id: string | null
  /** false for a guest order: no customer account to hold a balance */
  can_refund_to_balance?: boolean
}

export const refundApi = {
  list: (query: { status?: string; order_id?: string; q?: string; limit?: number; offset?: number }) =>
    sdk.client.fetch<{ refund_requests: RefundRequest[]; count: number; limit: number; offset: number }>("/admin/order-management/refund-requests", { query }),
  forOrder: (orderId: string) =>
    sdk.client.fetch<{ refund_requests: RefundRequest[]; refundable: Refundable }>(`/admin/order-management/orders/${orderId}/refund-requests`),
  create: (orderId: string, body: { amount?: number; reason_code: string; note?: string }) =>
    sdk.client.fetch<{ refund_request: RefundRequest }>(`/admin/order-management/orders/${orderId}/refund-requests`, { method: "POST", body }),
  approve: (id: string, body: { amount?: number; destination: RefundDestination; note?: string }) =>
    sdk.client.fetch<{ refund_request: RefundRequest }>(`/admin/order-management/refund-requests/${id}/approve`, { method: "POST", body }),
  reject: (id: string, body: { reason: string }) =>
    sdk.client.fetch<{ refund_request: RefundRequest }>(`/admin/order-management/refund-requests/${id}/reject`, { method: "POST", body }),
  retry: (id: string, body: { destination?: RefundDestination }) =>
    sdk.client.fetch<{ refund_request: RefundRequest }>(`/admin/order-management/refund-requests/${id}/retry`, { method: "POST", body }),
  /** log a customer-service contact about the request: a communication note on the order, linked in the request's timeline */
  communicate: (id: string, body: { channel: string; body: string }) =>
    sdk.client.fetch<{ note: NoteRow; refund_request: RefundRequest }>(`/admin/order-management/refund-requests/${id}/communications`, { method: "POST", body }),
  /** an evidence file's bytes (admins only; fetch with credentials, like the bank-transfer slip) */
  evidenceUrl: (id: string, fileId: string) => `/admin/order-management/refund-requests/${id}/evidence/${fileId}`,
}

export const refundKeys = {
  all: ["order-management", "refund-requests"] as const,
  list: (query: Record<string, unknown>) => ["order-management", "refund-requests", "list", query] as const,
  order: (orderId: string) => ["order-management", "refund-requests", "order", orderId] as const,
}
