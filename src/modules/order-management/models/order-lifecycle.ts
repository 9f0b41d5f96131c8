import { model } from "@medusajs/framework/utils"
import { FULFILLMENT_STATUSES, PAYMENT_STATUSES } from "../lifecycle/statuses"
import OrderLifecycleEvent from "./order-lifecycle-event"
import OrderNote from "./order-note"

/**
 * One row per Medusa order: the FecShop/Magento-style lifecycle kept beside
 * Medusa's own order (linked with defineLink), plus denormalised columns that
 * filters, statistics and jobs read without touching Medusa's tables.
 * Amounts are minor units (fen, cents) in exact numeric columns.
 */
const OrderLifecycle = model
  .define("order_lifecycle", {
    id: model.id({ prefix: "olc" }).primaryKey(),
    order_id: model.text().unique(),
    order_number: model.text().unique().searchable(),
    display_id: model.number().nullable(),
    payment_status: model.enum([...PAYMENT_STATUSES]).default("pending"),
    fulfillment_status: model.enum([...FULFILLMENT_STATUSES]).nullable(),
    on_hold: model.boolean().default(false),
    hold_reason: model.text().nullable(),
    activate_at: model.dateTime().nullable(),
    review_mode: model.enum(["auto", "manual"]).nullable(),
    payment_provider: model.text().nullable(),
    currency_code: model.text(),
    total_minor: model.bigNumber(),
    paid_minor: model.bigNumber().default(0),
    /**
     * what the order still owes, from Medusa's own order summary (pending_difference): positive = the customer owes
     * (an order edited up after its trade was made), negative = a refund is due (edited down), 0 = settled
     */
    outstanding_minor: model.bigNumber().default(0),
    /** the payment channel's fee for this order (merchant-borne), minor units; set when the payment is confirmed */
    payment_fee_minor: model.number().nullable(),
    customer_id: model.text().nullable(),
    email: model.text().searchable().nullable(),
    marks: model.array().default([]),
    /**
     * the products of the order's current line items (Medusa's order_item at the order's version): the list's product
     * filter reads this one GIN-indexed column instead of joining three of Medusa's tables per order, which cannot be
     * counted fast at a million orders. Kept by every lifecycle sync (order placed, edited, exchange or claim created).
     */
    product_ids: model.array().default([]),
    placed_at: model.dateTime(),
    /** the checkout's risk level (low, medium, high) from the risk module's assessment; null: not assessed */
    risk_level: model.enum(["low", "medium", "high"]).nullable(),
    /**
     * until when the customer may still pay the open payment session(s) (the latest `expires_at` a provider stated:
     * a bank transfer's reference validity, a QR's expiry); the unpaid-order job never releases an order before it
     */
    payment_due_at: model.dateTime().nullable(),
    paid_at: model.dateTime().nullable(),
    approved_at: model.dateTime().nullable(),
    dispatched_at: model.dateTime().nullable(),
    completed_at: model.dateTime().nullable(),
    canceled_at: model.dateTime().nullable(),
    history: model.hasMany(() => OrderLifecycleEvent, { mappedBy: "lifecycle" }),
    notes: model.hasMany(() => OrderNote, { mappedBy: "lifecycle" }),
  })
  .indexes([
    { on: ["payment_status", "placed_at"], where: "deleted_at IS NULL" },
    { on: ["fulfillment_status", "placed_at"], where: "deleted_at IS NULL" },
    { on: ["placed_at"], where: "deleted_at IS NULL" },
    { on: ["payment_provider", "payment_status"], where: "deleted_at IS NULL" },
    { on: ["customer_id"], where: "deleted_at IS NULL" },
    { on: ["email"], where: "deleted_at IS NULL" },
    { on: ["currency_code", "paid_at"], where: "deleted_at IS NULL" },
    // the order list's sorts and amount ranges (keyset paging reads these in order)
    { on: ["paid_at"], where: "deleted_at IS NULL AND paid_at IS NOT NULL" },
    { on: ["total_minor"], where: "deleted_at IS NULL" },
    { on: ["currency_code", "total_minor"], where: "deleted_at IS NULL" },
    { on: ["currency_code", "paid_minor"], where: "deleted_at IS NULL" },
    { on: ["activate_at"], where: "deleted_at IS NULL AND activate_at IS NOT NULL" },
    { on: ["dispatched_at"], where: "deleted_at IS NULL AND fulfillment_status = 'dispatched'" },
    { on: ["marks"], type: "GIN", where: "deleted_at IS NULL" },
    { on: ["product_ids"], type: "GIN", where: "deleted_at IS NULL" },
    { on: ["risk_level", "placed_at"], where: "deleted_at IS NULL AND risk_level IS NOT NULL" },
  ])
  .cascades({ delete: ["history", "notes"] })

export default OrderLifecycle
