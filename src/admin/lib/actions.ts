import type { AdminAction } from "./api"

/** Actions that need a reason from the admin (the API answers 400 without one). */
export const NEEDS_REASON: AdminAction[] = ["reject", "hold", "cancel"]
/** Actions that run with one click. */
export const ONE_CLICK: AdminAction[] = ["approve", "release", "complete"]
export const BATCH_ACTIONS: AdminAction[] = ["approve", "hold", "release", "dispatch", "complete", "cancel"]

export function actionVariant(a: AdminAction): "danger" | "primary" | "secondary" {
  return a === "cancel" || a === "reject" ? "danger" : a === "approve" || a === "dispatch" ? "primary" : "secondary"
}
