import { PassThrough } from "node:stream"
import { PDFParse } from "pdf-parse"
import { pdfText, pdfWriter } from "../writers/pdf"
import type { Cell } from "../format"

async function render(rows: Cell[][], locale: "en" | "zh") {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on("data", (c) => chunks.push(c))
  const w = pdfWriter(out, [{ key: "n", header: locale === "zh" ? "订单号" : "Order number", type: "text" }, { key: "t", header: locale === "zh" ? "金额" : "Total", type: "money" }], { title: locale === "zh" ? "订单导出" : "Orders", lines: ["line one"], locale }, [])
  for (let i = 0; i < rows.length; i += 50) await w.addRows(rows.slice(i, i + 50))
  await w.end()
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) })
  return parser.getText().finally(() => parser.destroy())
}

describe("the PDF writer", () => {
  it("prints money with the currency's symbol and thousands separators", () => {
    expect(pdfText({ t: "money", minor: 123456789, digits: 2, currency: "cny" }, "", "")).toBe("¥1,234,567.89")
    expect(pdfText({ t: "money", minor: -5, digits: 2, currency: "usd" }, "", "")).toBe("-$0.05")
    expect(pdfText({ t: "money", minor: 1500, digits: 0, currency: "jpy" }, "", "")).toBe("¥1,500")
    expect(pdfText({ t: "bool", v: true }, "是", "否")).toBe("是")
  })

  it("a long table: the header on every page, every row once, 'Page n / N' on each page, Chinese set in the bundled font", async () => {
    const rows: Cell[][] = Array.from({ length: 150 }, (_, i) => [{ t: "text", v: `张${i + 1}号` }, { t: "money", minor: (i + 1) * 100, digits: 2, currency: "cny" }])
    const text = await render(rows, "zh")
    expect(text.total).toBeGreaterThanOrEqual(4)
    text.pages.forEach((p: any, i: number) => {
      expect(p.text).toContain("订单号")
      expect(p.text).toContain(`第 ${i + 1} 页 / 共 ${text.total} 页`)
    })
    const all = text.pages.map((p: any) => p.text).join("\n")
    for (let i = 1; i <= 150; i++) expect(all.split(`张${i}号 `).length - 1).toBe(1)
    expect(all).toContain("¥150.00")
  })
})
