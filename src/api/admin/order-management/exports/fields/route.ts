import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DEFAULT_FIELDS, EXPORT_FIELDS } from "../../../../../modules/export/fields"

/**
 * GET /admin/order-management/exports/fields — the field catalogue: `{ fields: [{ key, label, label_zh, group,
 * personal, type, item_only }], default_fields: [key] }`. `personal` fields are masked unless an export is unmasked;
 * `item_only` ones need `row: item`; `type` money is exported in major units of the order's currency.
 */
export async function GET(_req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({
    fields: EXPORT_FIELDS.map((f) => ({ key: f.key, label: f.label.en, label_zh: f.label.zh, group: f.group, personal: !!f.personal, type: f.type, item_only: !!f.itemOnly })),
    default_fields: DEFAULT_FIELDS,
  })
}
