import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

export type SeededStore = {
  publishableKey: string
  salesChannelId: string
  regions: { cny: string; usd: string }
  locationId: string
  shippingOptionIds: { cny: string; usd: string }
  variants: { tea: string; teapot: string; membership: string }
  inventoryItems: { tea: string; teapot: string }
}

export const PAYMENT_PROVIDERS = ["pp_system_default", "pp_deferred_deferred"]

/**
 * A minimal real store: CNY (China) and USD regions, a stock location with
 * managed inventory, a manual shipping option per region, two physical
 * products and one service, a publishable key. Used by the tests and the demo.
 */
export async function seedStore(container: MedusaContainer, opts: { stock?: number; cnyProviders?: string[] } = {}): Promise<SeededStore> {
  const stock = opts.stock ?? 100
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const storeModule = container.resolve(Modules.STORE)

  const { result: [salesChannel] } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Web store" }] },
  })
  const [store] = await storeModule.listStores()
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        supported_currencies: [
          { currency_code: "cny", is_default: true },
          { currency_code: "usd" },
        ],
        default_sales_channel_id: salesChannel.id,
      },
    },
  })

  const { result: regions } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        { name: "China", currency_code: "cny", countries: ["cn"], payment_providers: [...PAYMENT_PROVIDERS, ...(opts.cnyProviders ?? [])] },
        { name: "United States", currency_code: "usd", countries: ["us"], payment_providers: PAYMENT_PROVIDERS },
      ],
    },
  })
  const cny = regions.find((r) => r.currency_code === "cny")!
  const usd = regions.find((r) => r.currency_code === "usd")!

  const { result: [location] } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "Shanghai warehouse", address: { city: "Shanghai", country_code: "CN", address_1: "1 Century Ave" } }] },
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: location.id, add: [salesChannel.id] },
  })

  const { result: [profile] } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Default", type: "default" }] },
  })
  const fulfillmentSet = await fulfillment.createFulfillmentSets({
    name: "Shanghai delivery",
    type: "shipping",
    service_zones: [{ name: "China and US", geo_zones: [{ country_code: "cn", type: "country" }, { country_code: "us", type: "country" }] }],
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  })
  const zoneId = fulfillmentSet.service_zones[0].id
  const { result: options } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: "Standard (CNY)",
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: zoneId,
        shipping_profile_id: profile.id,
        type: { label: "Standard", description: "3-5 days", code: "standard" },
        prices: [{ region_id: cny.id, amount: 10 }],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
      {
        name: "Standard (USD)",
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: zoneId,
        shipping_profile_id: profile.id,
        type: { label: "Standard", description: "3-5 days", code: "standard" },
        prices: [{ region_id: usd.id, amount: 5 }],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
      {
        // what Medusa's return flow ships returned goods back with (after-sales refunds with returned items)
        name: "Return to the warehouse",
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: zoneId,
        shipping_profile_id: profile.id,
        type: { label: "Return", description: "back to the warehouse", code: "return" },
        prices: [{ region_id: cny.id, amount: 0 }, { region_id: usd.id, amount: 0 }],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "true", operator: "eq" },
        ],
      },
    ],
  })

  const { result: [apiKey] } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Web store", type: "publishable", created_by: "seed" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: apiKey.id, add: [salesChannel.id] } })

  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Longjing green tea",
          handle: "longjing-tea",
          status: ProductStatus.PUBLISHED,
          shipping_profile_id: profile.id,
          options: [{ title: "Size", values: ["250g"] }],
          variants: [
            {
              title: "250g", sku: "TEA-LJ-250", manage_inventory: true, options: { Size: "250g" },
              prices: [{ currency_code: "cny", amount: 128 }, { currency_code: "usd", amount: 18.5 }],
            },
          ],
          sales_channels: [{ id: salesChannel.id }],
        },
        {
          title: "Yixing clay teapot",
          handle: "yixing-teapot",
          status: ProductStatus.PUBLISHED,
          shipping_profile_id: profile.id,
          options: [{ title: "Color", values: ["Red clay"] }],
          variants: [
            {
              title: "Red clay", sku: "POT-YX-RED", manage_inventory: true, options: { Color: "Red clay" },
              prices: [{ currency_code: "cny", amount: 399 }, { currency_code: "usd", amount: 59 }],
            },
          ],
          sales_channels: [{ id: salesChannel.id }],
        },
        {
          title: "Tea club membership (1 year)",
          handle: "tea-club",
          status: ProductStatus.PUBLISHED,
          options: [{ title: "Plan", values: ["Yearly"] }],
          variants: [
            {
              title: "Yearly", sku: "CLUB-1Y", manage_inventory: false, options: { Plan: "Yearly" },
              prices: [{ currency_code: "cny", amount: 199 }, { currency_code: "usd", amount: 29 }],
            },
          ],
          sales_channels: [{ id: salesChannel.id }],
        },
      ],
    },
  })
  const variantOf = (handle: string) => products.find((p) => p.handle === handle)!.variants[0].id

  const { data: items } = await query.graph({
    entity: "inventory_item",
    fields: ["id", "sku"],
    filters: { sku: ["TEA-LJ-250", "POT-YX-RED"] },
  })
  await createInventoryLevelsWorkflow(container).run({
    input: { inventory_levels: items.map((i) => ({ inventory_item_id: i.id, location_id: location.id, stocked_quantity: stock })) },
  })

  return {
    publishableKey: apiKey.token,
    salesChannelId: salesChannel.id,
    regions: { cny: cny.id, usd: usd.id },
    locationId: location.id,
    shippingOptionIds: {
      cny: options.find((o) => o.name === "Standard (CNY)")!.id,
      usd: options.find((o) => o.name === "Standard (USD)")!.id,
    },
    variants: { tea: variantOf("longjing-tea"), teapot: variantOf("yixing-teapot"), membership: variantOf("tea-club") },
    inventoryItems: {
      tea: items.find((i) => i.sku === "TEA-LJ-250")!.id,
      teapot: items.find((i) => i.sku === "POT-YX-RED")!.id,
    },
  }
}
