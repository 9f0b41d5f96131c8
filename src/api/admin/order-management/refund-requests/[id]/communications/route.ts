import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { AFTER_SALES_MODULE } from "../../../../../../modules/after-sales"
import type AfterSalesModuleService from "../../../../../../modules/after-sales/service"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../modules/order-management/service"
import { NOTE_ADDED_EVENT } from "../../../../../../modules/order-management/lifecycle/events"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import type { RefundCommunicationBodyType } from "../../validators"

/**
 * POST /admin/order-management/refund-requests/:id/communications { channel (phone, email, chat, …), body } — record
 * a customer-service contact about the request: an ordinary communication note on the order (the Notes card lists
 * it) linked to the request by a `communication` row in its timeline (metadata.note_id). 201 `{ note, refund_request }`.
 */
export async function POST(req: AuthenticatedMedusaRequest<RefundCommunicationBodyType>, res: MedusaResponse) {
  try {
    const afterSales: AfterSalesModuleService = req.scope.resolve(AFTER_SALES_MODULE)
    const r = await afterSales.viewRefundRequest(req.params.id)
    const actor = await adminActor(req)
    const b = req.validatedBody
    const om: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
    const note = await om.addNote(r.order_id, { kind: "communication", body: b.body, channel: b.channel, author: { type: "user", id: actor.id } })
    await afterSales.patchRefundRequest(r.id, {}, { action: "communication", actor: { type: "user", id: actor.id ?? null }, message: `${b.channel}: ${b.body}`, metadata: { note_id: note.id, channel: b.channel } })
    await req.scope.resolve(Modules.EVENT_BUS).emit({ name: NOTE_ADDED_EVENT, data: { id: r.order_id, order_id: r.order_id, note_id: note.id, kind: note.kind } })
    res.status(201).json({ note, refund_request: await afterSales.viewRefundRequest(r.id) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
