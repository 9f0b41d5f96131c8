import en from "../en"
import zhCN from "../zh-cn"
import resources from "../index"
import { PAYMENT_STATUSES } from "../../../modules/order-management/lifecycle/statuses"
import { ANOMALY_TYPES } from "../../../modules/order-management/models/order-anomaly"
import { ADMIN_ACTIONS, SYSTEM_ACTIONS } from "../../../modules/order-management/lifecycle/transitions"

function keys(o: Record<string, any>, prefix = ""): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === "object" ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}
const placeholders = (s: string) => (s.match(/{{\s*\w+\s*}}/g) ?? []).sort()

describe("admin translations", () => {
  it("zh-CN has exactly the English keys", () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort())
  })
  it("every string is translated (non-empty) and keeps its placeholders", () => {
    const get = (o: any, k: string) => k.split(".").reduce((a, p) => a[p], o)
    for (const k of keys(en)) {
      const e = get(en, k) as string
      const z = get(zhCN, k) as string
      expect([k, z.length > 0]).toEqual([k, true])
      expect([k, placeholders(z)]).toEqual([k, placeholders(e)])
    }
  })
  it("is registered under the dashboard's language codes and the plugin's namespace", () => {
    expect(Object.keys(resources).sort()).toEqual(["en", "zhCN"])
    expect(resources.zhCN.orderManagement.payment.confirmed).toBe("收款成功")
  })
  it("names every canonical status", () => {
    expect(Object.keys(en.payment).sort()).toEqual([...PAYMENT_STATUSES].sort())
    expect(Object.keys(en.fulfillment).sort()).toEqual(["completed", "dispatched", "holded", "none", "processing", "refunded"])
  })
  it("names every anomaly type and every lifecycle action the history can show", () => {
    expect(Object.keys(en.anomalies.types).sort()).toEqual([...ANOMALY_TYPES].sort())
    for (const a of [...ADMIN_ACTIONS, ...SYSTEM_ACTIONS]) expect(Object.keys(en.history.actions)).toContain(a)
  })
})
