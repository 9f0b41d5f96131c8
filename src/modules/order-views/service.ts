import { MedusaError, MedusaService } from "@medusajs/framework/utils"
import OrderListView from "./models/order-list-view"

export type OrderListViewRecord = { id: string; name: string; filters: Record<string, string>; owner_id: string; shared: boolean; created_at: Date; updated_at: Date }

/** Saved views of the order list (see the model). Ownership is checked here so every route gets it right. */
class OrderViewsModuleService extends MedusaService({ OrderListView }) {
  /** The views an admin may pick: their own and those shared by others, by name. */
  async listVisibleViews(userId: string): Promise<OrderListViewRecord[]> {
    const [own, shared] = await Promise.all([
      this.listOrderListViews({ owner_id: userId }, { order: { name: "ASC" } }),
      this.listOrderListViews({ shared: true }, { order: { name: "ASC" } }),
    ])
    const seen = new Set(own.map((v) => v.id))
    return [...own, ...shared.filter((v) => !seen.has(v.id))].sort((a, b) => a.name.localeCompare(b.name)) as OrderListViewRecord[]
  }

  /**
   * A view the admin owns. Throws NOT_FOUND when it does not exist or is another admin's private view, FORBIDDEN (403)
   * when it is another admin's shared view (visible, but only its owner changes it).
   */
  async retrieveOwnView(id: string, userId: string): Promise<OrderListViewRecord> {
    const [view] = await this.listOrderListViews({ id })
    if (!view || (view.owner_id !== userId && !view.shared)) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Saved view ${id} not found`)
    if (view.owner_id !== userId) throw new MedusaError(MedusaError.Types.FORBIDDEN, "Only the admin who saved this view can change or delete it")
    return view as OrderListViewRecord
  }

  /** Throws DUPLICATE_ERROR when the admin already has a view of that name, ignoring case and spaces around (other than `exceptId`). */
  async assertNameFree(userId: string, name: string, exceptId?: string) {
    const key = name.trim().toLocaleLowerCase()
    const same = (await this.listOrderListViews({ owner_id: userId })).filter((v) => v.name.trim().toLocaleLowerCase() === key)
    if (same.some((v) => v.id !== exceptId)) throw new MedusaError(MedusaError.Types.DUPLICATE_ERROR, `You already have a saved view named "${name}"`)
  }
}

export default OrderViewsModuleService
