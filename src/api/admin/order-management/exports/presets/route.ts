import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { ORDER_EXPORT_MODULE } from "../../../../../modules/export"
import type OrderExportModuleService from "../../../../../modules/export/service"
import type { ExportPresetBodyType } from "../validators"

export const serializePreset = (p: any, userId: string | null) => ({
  id: p.id,
  name: p.name,
  fields: p.fields,
  format: p.format,
  row: p.row_mode,
  locale: p.locale,
  shared: p.shared,
  own: p.owner_id === userId,
  created_at: p.created_at,
})

/** GET /admin/order-management/exports/presets — the admin's own presets and those others shared, by name: `{ presets: [{ id, name, fields, format, row, locale, shared, own, created_at }] }`. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service: OrderExportModuleService = req.scope.resolve(ORDER_EXPORT_MODULE)
  const me = req.auth_context?.actor_id ?? ""
  const [own, shared] = await Promise.all([service.listOrderExportPresets({ owner_id: me }), service.listOrderExportPresets({ shared: true })])
  const seen = new Set(own.map((p) => p.id))
  const all = [...own, ...shared.filter((p) => !seen.has(p.id))].sort((a, b) => a.name.localeCompare(b.name))
  res.json({ presets: all.map((p) => serializePreset(p, me)) })
}

/**
 * POST /admin/order-management/exports/presets — save a choice of fields under a name: body `{ name, fields, format?,
 * row?, locale?, shared? }`; 201 `{ preset }`. Errors: 400 unknown field; 422 the admin already has a preset of
 * that name.
 */
export async function POST(req: AuthenticatedMedusaRequest<ExportPresetBodyType>, res: MedusaResponse) {
  const b = req.validatedBody as ExportPresetBodyType
  const service: OrderExportModuleService = req.scope.resolve(ORDER_EXPORT_MODULE)
  const me = req.auth_context?.actor_id ?? ""
  const same = (await service.listOrderExportPresets({ owner_id: me })).filter((p) => p.name.trim().toLocaleLowerCase() === b.name.toLocaleLowerCase())
  if (same.length) throw new MedusaError(MedusaError.Types.DUPLICATE_ERROR, `You already have an export preset named "${b.name}"`)
  const p = await service.createOrderExportPresets({ name: b.name, fields: b.fields, format: b.format, row_mode: b.row, locale: b.locale, shared: b.shared, owner_id: me } as any)
  res.status(201).json({ preset: serializePreset(p, me) })
}
