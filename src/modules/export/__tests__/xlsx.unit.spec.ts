import ExcelJS from "exceljs"
import { PassThrough } from "node:stream"
import { xlsxWriter } from "../writers/xlsx"
import type { Cell } from "../format"

const collect = (s: PassThrough) => {
  const chunks: Buffer[] = []
  s.on("data", (c) => chunks.push(c))
  return () => Buffer.concat(chunks)
}

// The XLSX writer builds the workbook in a worker thread: what comes back must be the same typed sheet, in order.
describe("xlsx writer (worker thread)", () => {
  it("typed cells, shared styles per currency, dates, booleans; rows in order across pages", async () => {
    const out = new PassThrough()
    const bytes = collect(out)
    const w = xlsxWriter(out, [
      { key: "n", header: "订单号", type: "text" },
      { key: "t", header: "Total", type: "money" },
      { key: "d", header: "Placed", type: "datetime" },
      { key: "h", header: "On hold", type: "bool" },
      { key: "q", header: "Qty", type: "int" },
    ], "zh", "Orders")
    const page = (from: number, n: number): Cell[][] =>
      Array.from({ length: n }, (_, k) => {
        const i = from + k
        return [{ t: "text", v: `MO${i}` }, { t: "money", minor: 12345 + i, digits: i % 2 ? 0 : 2, currency: i % 2 ? "JPY" : "CNY" }, { t: "datetime", v: "2026-11-30 23:59:58" }, { t: "bool", v: i % 3 === 0 }, i % 4 ? { t: "int", v: i } : null]
      })
    await w.addRows(page(0, 700))
    await w.addRows(page(700, 700))
    await w.addRows(page(1400, 1))
    await w.end()
    expect(out.writableEnded).toBe(true)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(bytes() as any)
    const ws = wb.worksheets[0]
    expect(ws.name).toBe("Orders")
    expect(ws.rowCount).toBe(1402)
    expect(ws.getRow(1).values).toEqual([undefined, "订单号", "Total", "Placed", "On hold", "Qty"])
    expect(ws.getRow(1).font?.bold).toBe(true)
    for (const i of [0, 1, 3, 700, 1400]) {
      const row = ws.getRow(i + 2)
      expect(row.getCell(1).value).toBe(`MO${i}`)
      expect(row.getCell(2).value).toBe(i % 2 ? 12345 + i : (12345 + i) / 100)
      expect(row.getCell(2).numFmt).toBe(i % 2 ? '"¥"#,##0;-"¥"#,##0' : '"¥"#,##0.00;-"¥"#,##0.00')
      expect((row.getCell(3).value as Date).toISOString()).toBe("2026-11-30T23:59:58.000Z")
      expect(row.getCell(3).numFmt).toBe("yyyy-mm-dd hh:mm:ss")
      expect(row.getCell(4).value).toBe(i % 3 === 0 ? "是" : "否")
      expect(row.getCell(5).value).toBe(i % 4 ? i : null)
    }
  })

  it("abort stops the worker and destroys the destination", async () => {
    const out = new PassThrough()
    out.on("error", () => undefined)
    const w = xlsxWriter(out, [{ key: "n", header: "n", type: "text" }], "en", "x")
    await w.addRows([[{ t: "text", v: "a" }]])
    w.abort(new Error("canceled"))
    expect(out.destroyed).toBe(true)
  })
})

// The XLSX fast path's worker reads PostgreSQL's COPY text: escapes, NULLs, types, and lines cut between chunks.
describe("copyTextParser", () => {
  const { copyTextParser } = require("../writers/xlsx")
  const columns = [
    { key: "n", header: "n", type: "text" },
    { key: "t", header: "t", type: "money" },
    { key: "h", header: "h", type: "bool" },
    { key: "q", header: "q", type: "int" },
    { key: "d", header: "d", type: "datetime" },
  ]
  const text = "cny\t2\tMO1\t138.00\t是\t3\t2026-11-30 23:59:58\njpy\t0\ta\\tb\\\\c\\nd\t100\t否\t\\N\t\\N\nusd\t2\t\\N\t-0.05\t是\t0\t2026-01-01 00:00:00\n"
  const rows = [
    ["MO1", 138, true, 3, "2026-11-30 23:59:58"],
    ["a\tb\\c\nd", 100, false, null, null],
    [null, -0.05, true, 0, "2026-01-01 00:00:00"],
  ]

  it("types, escapes and NULLs; each row's currency and decimals", () => {
    const page = copyTextParser(columns, "是").feed(text)
    expect(page.values).toEqual(rows.flat())
    expect(page.money).toEqual([{ currency: "cny", digits: 2 }, { currency: "jpy", digits: 0 }, { currency: "usd", digits: 2 }])
  })

  it("a line cut anywhere waits for the rest", () => {
    for (let cut = 1; cut < text.length; cut++) {
      const p = copyTextParser(columns, "是")
      const a = p.feed(text.slice(0, cut))
      const b = p.feed(text.slice(cut))
      expect([cut, [...a.values, ...b.values]]).toEqual([cut, rows.flat()])
    }
  })
})
