/** An admin credited or debited points by hand (data: entry id, customer_id, signed points, balance, reason). */
export const POINTS_ADJUSTED_EVENT = "order_management.points.adjusted"
