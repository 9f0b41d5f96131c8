import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DEFAULT_FIELDS, FIELD_BY_KEY } from "../src/modules/export/fields"
import { readSelection } from "../src/modules/export/read-orders"
import { rowFormatter } from "../src/modules/export/format"
import { csvText } from "../src/modules/export/writers/csv"
import { stringify } from "csv-stringify"
export default async function ({ container }: any) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const fields = DEFAULT_FIELDS.map((k) => FIELD_BY_KEY.get(k)!) as any
  const sel = { fields, row_mode: "order" as const, time_zone: "Asia/Shanghai" }
  for (const ps of [2000, 10000]) {
    let t = performance.now(); let n = 0; const all: any[] = []
    for await (const rows of readSelection(knex, sel, ps)) { n += rows.length; if (ps === 10000) all.push(...rows) }
    console.log(`PROF read page ${ps}: ${(performance.now() - t).toFixed(0)} ms for ${n}`)
    if (ps !== 10000) continue
    const f = rowFormatter(fields, true)
    t = performance.now(); const cells = all.map((r) => f(r)); console.log(`PROF format+mask: ${(performance.now() - t).toFixed(0)} ms`)
    t = performance.now(); const texts = cells.map((r) => r.map((c) => csvText(c, "yes", "no"))); console.log(`PROF csvText: ${(performance.now() - t).toFixed(0)} ms`)
    t = performance.now()
    await new Promise<void>((res) => { const s = stringify({ bom: true, record_delimiter: "windows" }); let b = 0; s.on("data", (d) => (b += d.length)); s.on("end", () => res()); for (const r of texts) s.write(r); s.end() })
    console.log(`PROF csv-stringify: ${(performance.now() - t).toFixed(0)} ms`)
  }
}
