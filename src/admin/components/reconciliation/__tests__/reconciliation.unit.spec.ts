import * as model from "../../../../modules/reconciliation/models/reconciliation-difference"
import { DIFFERENCE_STATES, DIFFERENCE_TYPES, RUN_STATUSES } from "../types"
import { diffFiltersToSearchParams, diffsApiQuery, parseDiffFilters, parseRunFilters, runFiltersToSearchParams, runsApiQuery, yesterdayIn } from "../filters"
import { reconciliationEn, reconciliationZhCN } from "../strings"

describe("reconciliation admin", () => {
  it("reads the server's own lists: the model's enums and the dashboard's are one pure module", () => {
    expect(DIFFERENCE_TYPES).toBe(model.DIFFERENCE_TYPES)
    expect(DIFFERENCE_STATES).toBe(model.DIFFERENCE_STATES)
  })
  it("words every type, state and run status in both languages", () => {
    for (const s of [reconciliationEn, reconciliationZhCN]) {
      expect(Object.keys(s.types).sort()).toEqual([...DIFFERENCE_TYPES].sort())
      expect(Object.keys(s.typeHints).sort()).toEqual([...DIFFERENCE_TYPES].sort())
      expect(Object.keys(s.explain).sort()).toEqual([...DIFFERENCE_TYPES].sort())
      expect(Object.keys(s.states).sort()).toEqual([...DIFFERENCE_STATES].sort())
      expect(Object.keys(s.status).sort()).toEqual([...RUN_STATUSES].sort())
    }
  })
  it("keeps the runs' filters in the URL and makes the API's query", () => {
    const empty = parseRunFilters(new URLSearchParams(""))
    expect(empty).toEqual({ provider: "", status: "", from: "", to: "", page: 1 })
    expect(runsApiQuery(empty)).toEqual({ limit: 20, offset: 0 })
    const sp = new URLSearchParams("provider=pp_alipay_alipay&status=not_ready&from=2026-11-01&to=2026-11-30&page=2")
    const f = parseRunFilters(sp)
    expect(runFiltersToSearchParams(f).toString()).toBe(sp.toString())
    expect(runsApiQuery(f)).toEqual({ limit: 20, offset: 20, provider_id: "pp_alipay_alipay", status: "not_ready", date_from: "2026-11-01", date_to: "2026-11-30" })
    // unknown values fall back to the defaults
    expect(parseRunFilters(new URLSearchParams("status=done&from=yesterday&page=-1"))).toEqual(empty)
  })
  it("keeps a run's difference filters and the open difference in the URL", () => {
    const sp = new URLSearchParams("state=explained&type=bank_unmatched&page=3&diff=recdiff_1")
    const f = parseDiffFilters(sp)
    expect(diffFiltersToSearchParams(f).toString()).toBe(sp.toString())
    expect(diffsApiQuery(f)).toEqual({ limit: 20, offset: 40, state: "explained", type: "bank_unmatched" })
    expect(diffsApiQuery(parseDiffFilters(new URLSearchParams("state=nope&type=nope")))).toEqual({ limit: 20, offset: 0 })
  })
  it("offers the day before today in the platform's time zone", () => {
    // 2026-03-01 20:00 UTC is already 2 March in Shanghai
    expect(yesterdayIn("Asia/Shanghai", new Date("2026-03-01T20:00:00Z"))).toBe("2026-03-01")
    expect(yesterdayIn("UTC", new Date("2026-03-01T20:00:00Z"))).toBe("2026-02-28")
  })
})
