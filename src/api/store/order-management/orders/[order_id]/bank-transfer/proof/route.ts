import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { generateEntityId, MedusaError, Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../../modules/order-management/service"
import { BANK_TRANSFER_PROOF_SUBMITTED, bankTransferSession } from "../../../../../../../workflows/bank-transfer"
import { customerOrder } from "../../../../../../utils/store-order"
import { sendLifecycleError } from "../../../../../../utils/errors"
import { decodeUpload } from "../../../../../../utils/upload"

type Body = { file: { name: string; mime_type: string; content_base64: string }; payer_name: string; account_last4?: string; transfer_date?: Date }

/**
 * POST /store/order-management/orders/:order_id/bank-transfer/proof — the
 * order's customer uploads a transfer slip (PNG, JPEG or PDF up to 5 MB; the
 * bytes must be what the type says) with the payer's name, the account's last
 * four digits and the transfer date. Stored privately in Medusa's file module.
 */
export async function POST(req: AuthenticatedMedusaRequest<Body>, res: MedusaResponse) {
  try {
    const order = await customerOrder(req)
    const { session } = await bankTransferSession(req.scope, order.id)
    const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
    const l = await service.retrieveLifecycleByOrder(order.id)
    if (l.payment_status !== "pending") throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `No proof is needed: the payment is ${l.payment_status}`)
    const b = req.validatedBody
    const bytes = decodeUpload(b.file, "file")
    const content = bytes.toString("base64")
    const safeName = b.file.name.replace(/[^\w.-]+/g, "_").slice(-80)
    const [file] = await req.scope.resolve(Modules.FILE).createFiles([{ filename: `proof-${order.id}-${safeName}`, mimeType: b.file.mime_type, content, access: "private" } as any])
    const now = new Date()
    const [proof] = await (service as any).createPaymentProofs([{
      id: generateEntityId(undefined, "oproof"),
      order_id: order.id,
      session_id: session.id,
      file_id: file.id,
      file_url: file.url,
      mime_type: b.file.mime_type,
      size_bytes: bytes.length,
      payer_name: b.payer_name,
      account_last4: b.account_last4 ?? null,
      transfer_date: b.transfer_date ?? null,
      status: "submitted",
      created_at: now,
    }])
    await service.recordEvent(order.id, { action: "bank_transfer_proof_submitted", actor: { type: "customer", id: order.customer_id }, reason: `proof from ${b.payer_name}${b.account_last4 ? ` (****${b.account_last4})` : ""}`, metadata: { proof_id: proof.id } })
    await req.scope.resolve(Modules.EVENT_BUS).emit({ name: BANK_TRANSFER_PROOF_SUBMITTED, data: { id: proof.id, order_id: order.id } })
    res.status(201).json({ proof: { id: proof.id, status: proof.status, mime_type: proof.mime_type, size_bytes: proof.size_bytes } })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
