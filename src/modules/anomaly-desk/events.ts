/**
 * Events of the anomaly desk. Data carries what a subscriber needs without reading the anomaly again.
 */

/**
 * An anomaly moved (any status change, the old /investigate and /resolve included). Data:
 * `{ id, order_id, type, from, to, resolution, actor_type, actor_id, step_id }`.
 */
export const ANOMALY_TRANSITIONED = "order_management.anomaly.transitioned"
/** An anomaly was assigned or unassigned. Data: `{ id, order_id, type, assignee_id, previous_assignee_id, actor_type, actor_id, step_id }`. */
export const ANOMALY_ASSIGNED = "order_management.anomaly.assigned"
