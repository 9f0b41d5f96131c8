import { type ManualOrderOptions, type ResolvedManualOrderOptions, resolveManualOrderOptions } from "./options"

/**
 * The manual-orders module holds no tables: a manual order is a Medusa draft order (its own facts in the draft's
 * `metadata.manual_order`). The module carries the checked options for the workflows and routes.
 */
export default class ManualOrdersModuleService {
  protected readonly options_: ResolvedManualOrderOptions

  constructor(_container: Record<string, unknown>, options?: ManualOrderOptions) {
    this.options_ = resolveManualOrderOptions(options)
  }

  /** The resolved options (manualDiscountMaxPercent, storefrontPayUrl, permissions.manualDiscount). */
  getManualOrderOptions(): ResolvedManualOrderOptions {
    return this.options_
  }
}
