/**
 * The anomaly desk's process as data (Vendure's OrderProcess shape: `{ from: [to, …] }`), pure: no Medusa imports.
 *
 *   open ──▶ investigating ──▶ waiting_customer ──▶ resolved (refund | resend | revive | manual)
 *     │  ◀──┘  │  ▲                 │                 dismissed
 *     └────────┴──┴─────────────────┴──▶ resolved / dismissed (from any unfinished state)
 *
 * | from              | may become                                              |
 * |-------------------|---------------------------------------------------------|
 * | open              | investigating, waiting_customer, resolved, dismissed    |
 * | investigating     | open (back to the queue), waiting_customer, resolved, dismissed |
 * | waiting_customer  | investigating (the customer answered), resolved, dismissed |
 * | resolved          | — (final)                                               |
 * | dismissed         | — (final)                                               |
 *
 * Guards: `resolved` needs a resolution (and only `resolved` takes one); a note is required to dismiss and for the
 * resolutions `manual` and `resend` (what was done, by hand, is only known from the note).
 */

export const DESK_STATUSES = ["open", "investigating", "waiting_customer", "resolved", "dismissed"] as const
export type DeskStatus = (typeof DESK_STATUSES)[number]

export const DESK_RESOLUTIONS = ["refund", "resend", "revive", "manual"] as const
export type DeskResolution = (typeof DESK_RESOLUTIONS)[number]

/** What each resolution is stored as on the anomaly (`order_anomaly.resolution`; the older rows use these words). */
export const STORED_RESOLUTION: Record<DeskResolution, string> = { refund: "refunded", resend: "resent", revive: "revived", manual: "manual" }

export const FINAL_STATUSES: readonly DeskStatus[] = ["resolved", "dismissed"]
/** Statuses still on someone's desk. */
export const UNFINISHED_STATUSES: readonly DeskStatus[] = ["open", "investigating", "waiting_customer"]

export const ANOMALY_PROCESS: Readonly<Record<DeskStatus, readonly DeskStatus[]>> = {
  open: ["investigating", "waiting_customer", "resolved", "dismissed"],
  investigating: ["open", "waiting_customer", "resolved", "dismissed"],
  waiting_customer: ["investigating", "resolved", "dismissed"],
  resolved: [],
  dismissed: [],
}

/** Resolutions whose note is required (nothing else records what was done). */
export const NOTE_REQUIRED_RESOLUTIONS: readonly DeskResolution[] = ["manual", "resend"]

export type MoveCheck =
  | { ok: true }
  /** conflict: the move is not legal from this status (HTTP 409); invalid: the request lacks something (HTTP 400) */
  | { ok: false; code: "conflict" | "invalid"; message: string }

export function isDeskStatus(v: unknown): v is DeskStatus {
  return typeof v === "string" && (DESK_STATUSES as readonly string[]).includes(v)
}

/** The statuses an anomaly may move to from `from` (empty for a final or unknown status). */
export function nextStatuses(from: string): readonly DeskStatus[] {
  return isDeskStatus(from) ? ANOMALY_PROCESS[from] : []
}

/**
 * May an anomaly in `from` move to `to` with this resolution and note? Legality first (409 naming from and to), then
 * what the move needs (400 naming the field).
 */
export function checkMove(from: string, to: string, opts: { resolution?: string | null; note?: string | null } = {}): MoveCheck {
  if (!isDeskStatus(to)) return { ok: false, code: "invalid", message: `to must be one of: ${DESK_STATUSES.join(", ")}` }
  if (isDeskStatus(from) && FINAL_STATUSES.includes(from)) {
    return { ok: false, code: "conflict", message: `Cannot move this anomaly from ${from} to ${to}: ${from} is final` }
  }
  if (!nextStatuses(from).includes(to)) {
    return { ok: false, code: "conflict", message: `Cannot move this anomaly from ${from} to ${to}` }
  }
  const note = opts.note?.trim() ?? ""
  if (to === "resolved") {
    if (!opts.resolution) return { ok: false, code: "invalid", message: `resolution is required to resolve: one of ${DESK_RESOLUTIONS.join(", ")}` }
    if (!(DESK_RESOLUTIONS as readonly string[]).includes(opts.resolution)) {
      return { ok: false, code: "invalid", message: `resolution must be one of: ${DESK_RESOLUTIONS.join(", ")}` }
    }
    if ((NOTE_REQUIRED_RESOLUTIONS as readonly string[]).includes(opts.resolution) && !note) {
      return { ok: false, code: "invalid", message: `note is required to resolve with ${opts.resolution}` }
    }
  } else if (opts.resolution) {
    return { ok: false, code: "invalid", message: "resolution is only given when to is resolved" }
  }
  if (to === "dismissed" && !note) return { ok: false, code: "invalid", message: "note is required to dismiss an anomaly" }
  return { ok: true }
}
