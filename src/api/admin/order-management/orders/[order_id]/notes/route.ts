import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../modules/order-management/service"
import { NOTE_ADDED_EVENT } from "../../../../../../modules/order-management/lifecycle/events"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import type { AddNoteBodyType } from "../../../validators"

/** POST /admin/order-management/orders/:order_id/notes { kind, body, channel?, label? } */
export async function POST(req: AuthenticatedMedusaRequest<AddNoteBodyType>, res: MedusaResponse) {
  const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
  const b = req.validatedBody
  try {
    const actor = await adminActor(req)
    const note = await service.addNote(req.params.order_id, {
      kind: b.kind,
      body: b.body,
      channel: b.channel,
      label: b.label,
      author: { type: "user", id: actor.id },
    })
    await req.scope.resolve(Modules.EVENT_BUS).emit({
      name: NOTE_ADDED_EVENT,
      data: { id: req.params.order_id, order_id: req.params.order_id, note_id: note.id, kind: note.kind },
    })
    res.status(201).json({ note })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
