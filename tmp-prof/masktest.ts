import { maskSql } from "../src/modules/export/sql-format"
export default async function ({ container }: any) {
  console.log("PHONE " + JSON.stringify(maskSql("phone", "sa.phone")))
  console.log("NAME " + JSON.stringify(maskSql("name", "sa.first_name")))
  console.log("EMAIL " + JSON.stringify(maskSql("email", "o.email")))
}
