import { Badge, Button, Input, Label, Select, Text } from "@medusajs/ui"
import { SearchPicker } from "../search-picker"
import { useOmT } from "../../lib/i18n"
import { moApi } from "./api"
import { linesOf, type Line } from "./body"

export type { Line }

/**
 * Step 2: products by title or SKU (Medusa's product search), each variant with its specs and available stock per
 * location; service items (no shipping profile) marked; a quantity per line; the region's shipping option.
 */
export const ProductsStep = (props: {
  lines: Line[]
  onLines: (l: Line[]) => void
  locations: Map<string, string>
  shippingOptions: Array<{ id: string; name: string }>
  shippingOptionId: string
  onShippingOption: (id: string) => void
}) => {
  const { t, locale } = useOmT()
  const add = (l: Line) => {
    const have = props.lines.find((x) => x.variant_id === l.variant_id)
    props.onLines(have ? props.lines.map((x) => (x === have ? { ...x, quantity: x.quantity + 1 } : x)) : [...props.lines, l])
  }
  const stockText = (l: Line) =>
    l.levels === null ? t("manualOrder.products.noStockTracking") : l.levels.map((s) => t("manualOrder.products.stock", { location: props.locations.get(s.location_id) ?? s.location_id, available: s.available.toLocaleString(locale) })).join(" · ")
  return (
    <div className="flex flex-col gap-y-4" data-testid="mo-products">
      <SearchPicker
        id="mo-product-search"
        testId="mo-product-search"
        label={t("manualOrder.products.search")}
        placeholder={t("manualOrder.products.searchPlaceholder")}
        noResults={t("manualOrder.products.noResults")}
        picked={[]}
        search={async (q) =>
          (await moApi.searchProducts(q)).products.flatMap(linesOf).map((l) => ({
            id: l.variant_id,
            label: `${l.product_title} · ${l.variant_title}${l.service ? ` (${t("manualOrder.products.service")})` : ""}`,
            detail: [l.sku, l.specs, stockText(l)].filter(Boolean).join(" · "),
            line: l,
          }) as any)
        }
        onChange={(picked) => picked[0] && add((picked[0] as any).line)}
      />
      {props.lines.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle">{t("manualOrder.products.empty")}</Text>
      ) : (
        <ul className="divide-y rounded-lg border" data-testid="mo-lines">
          {props.lines.map((l) => (
            <li key={l.variant_id} className="flex flex-wrap items-center gap-3 px-3 py-2" data-testid="mo-line" data-variant-id={l.variant_id}>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <Text size="small" weight="plus">{l.product_title}</Text>
                  {l.service && <Badge size="2xsmall" color="purple" data-testid="mo-line-service">{t("manualOrder.products.service")}</Badge>}
                </div>
                <Text size="xsmall" className="text-ui-fg-subtle">{[l.variant_title, l.sku, l.specs].filter(Boolean).join(" · ")}</Text>
                <Text size="xsmall" className="text-ui-fg-subtle" data-testid="mo-line-stock">{stockText(l)}</Text>
              </div>
              <div className="flex items-center gap-2">
                <Label size="xsmall" htmlFor={`mo-qty-${l.variant_id}`}>{t("manualOrder.products.quantity")}</Label>
                <Input
                  id={`mo-qty-${l.variant_id}`}
                  size="small"
                  type="number"
                  min={1}
                  className="w-20"
                  data-testid="mo-line-quantity"
                  value={String(l.quantity)}
                  onChange={(e) => {
                    const q = Math.max(1, Math.floor(Number(e.target.value) || 1))
                    props.onLines(props.lines.map((x) => (x.variant_id === l.variant_id ? { ...x, quantity: q } : x)))
                  }}
                />
                <Button size="small" variant="transparent" data-testid="mo-line-remove" onClick={() => props.onLines(props.lines.filter((x) => x.variant_id !== l.variant_id))}>
                  {t("manualOrder.products.remove")}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <div className="flex max-w-sm flex-col gap-y-1">
        <Label size="xsmall">{t("manualOrder.products.shipping")}</Label>
        <Select value={props.shippingOptionId || "__none"} onValueChange={(v) => props.onShippingOption(v === "__none" ? "" : v)}>
          <Select.Trigger data-testid="mo-shipping-option"><Select.Value /></Select.Trigger>
          <Select.Content>
            <Select.Item value="__none">{t("manualOrder.products.noShipping")}</Select.Item>
            {props.shippingOptions.map((o) => <Select.Item key={o.id} value={o.id}>{o.name}</Select.Item>)}
          </Select.Content>
        </Select>
      </div>
    </div>
  )
}
