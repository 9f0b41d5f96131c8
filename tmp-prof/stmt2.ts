import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DEFAULT_FIELDS, FIELD_BY_KEY } from "../src/modules/export/fields"
import { csvSql } from "../src/modules/export/sql-format"
import { JOINS_FOR } from "../src/modules/export/read-orders"
export default async function ({ container }: any) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const fields = DEFAULT_FIELDS.map((k) => FIELD_BY_KEY.get(k)!) as any
  const sel = { fields, row_mode: "order" as const, time_zone: "Asia/Shanghai" }
  const cols = fields.map((f: any) => `${csvSql(f, "order", process.env.MASKED !== "false", "en")!.replace(/:tz\b/g, "'Asia/Shanghai'")} as "${f.key}"`)
  console.log("STMT " + JSON.stringify(`select ${cols.join(", ")} from (select * from order_lifecycle where deleted_at is null) l ${JOINS_FOR(sel).join(" ")} order by l.placed_at desc, l.id desc`))
}
