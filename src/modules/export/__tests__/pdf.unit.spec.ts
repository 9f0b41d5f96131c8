import { PassThrough } from "node:stream"
import { PDFParse } from "pdf-parse"
import { pdfText, pdfWriter } from "../writers/pdf"
import type { Cell } from "../format"
import type { Column } from "../writers/types"

async function render(rows: Cell[][], locale: "en" | "zh", columns: Column[] = [{ key: "n", header: locale === "zh" ? "订单号" : "Order number", type: "text" }, { key: "t", header: locale === "zh" ? "金额" : "Total", type: "money" }]) {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on("data", (c) => chunks.push(c))
  const w = pdfWriter(out, columns, { title: locale === "zh" ? "订单导出" : "Orders", lines: ["line one"], locale }, [])
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

  it("twelve columns as the default export: order numbers, times and amounts are printed whole; long free text gives way", async () => {
    const columns: Column[] = [
      ["order_number", "Order number", "text"], ["placed_at", "Placed at", "datetime"], ["payment_status", "Payment status", "text"], ["fulfillment_status", "Fulfillment status", "text"],
      ["customer_name", "Customer name", "text"], ["customer_email", "Email", "text"], ["customer_phone", "Phone", "text"], ["shipping_province", "Province", "text"],
      ["shipping_city", "City", "text"], ["payment_method", "Payment method", "text"], ["total", "Total", "money"], ["paid", "Paid", "money"],
    ].map(([key, header, type]) => ({ key, header, type }) as Column)
    const row = (i: number): Cell[] => [
      { t: "text", v: `MO2026120100${2000 + i}` }, { t: "datetime", v: "2026-12-01 17:20:57" }, { t: "text", v: "confirmed" }, { t: "text", v: "processing" },
      { t: "text", v: "张**" }, { t: "text", v: "z***@example.com" }, { t: "text", v: "138****1234" }, { t: "text", v: "北京市朝阳区很长很长的一段地名用来测试" },
      { t: "text", v: "北京市" }, { t: "text", v: "pp_wechatpay_wechatpay" }, { t: "money", minor: 229250 + i, digits: 2, currency: "cny" }, { t: "money", minor: 229250 + i, digits: 2, currency: "cny" },
    ]
    const text = await render(Array.from({ length: 5 }, (_, i) => row(i)), "en", columns)
    const all = text.pages.map((p: any) => p.text).join("\n")
    for (let i = 0; i < 5; i++) {
      expect(all).toContain(`MO2026120100${2000 + i}`)
      expect(all).toContain(`¥2,292.${String(50 + i).padStart(2, "0")}`)
    }
    expect(all.split("2026-12-01 17:20:57").length - 1).toBe(5)
    expect(all.split("138****1234").length - 1).toBe(5)
    expect(all.split("z***@example.com").length - 1).toBe(5)
    expect(all).toContain("pp_wechatpay_wechatpay")
    expect(all).toContain("Order number")
  })
})
