import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createPromotionsWorkflow } from "@medusajs/medusa/core-flows"

/** The demo's promotion codes (Medusa promotions, not automatic): the storefront and the Create order page apply them. */
export const DEMO_PROMOTIONS = { welcome: "WELCOME10" } as const

/**
 * Seeds the demo's promotion codes through Medusa's createPromotionsWorkflow, once (kept if the code exists):
 * WELCOME10 — 10 % off the order's items, any currency.
 */
export async function seedDemoPromotions(container: MedusaContainer) {
  const existing = await container.resolve(Modules.PROMOTION).listPromotions({ code: [DEMO_PROMOTIONS.welcome] })
  if (existing.length) return
  await createPromotionsWorkflow(container).run({
    input: {
      promotionsData: [
        {
          code: DEMO_PROMOTIONS.welcome,
          type: "standard",
          status: "active",
          is_automatic: false,
          application_method: { type: "percentage", target_type: "order", allocation: "across", value: 10 },
        } as any,
      ],
    },
  })
}
