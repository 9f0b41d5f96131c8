import PDFDocument from "pdfkit"
import path from "node:path"
import type { Writable } from "node:stream"
import { minorToMajor, type Cell } from "../format"
import { currencySymbol } from "./xlsx"
import type { Column, ExportMeta, ExportWriter } from "./types"

/**
 * The CJK font every PDF is set in: Noto Sans CJK SC ("Noto Sans Hans", SIL Open Font License 1.1) from the npm
 * package @embedpdf/fonts-sc — a dependency, not a system font, so a server without Chinese fonts prints Chinese.
 * pdfkit embeds only the glyphs used (a subset).
 */
export function cjkFont(weight: "Regular" | "Bold" = "Regular"): string {
  return path.join(path.dirname(require.resolve("@embedpdf/fonts-sc")), "..", "fonts", `NotoSansHans-${weight}.otf`)
}

/** A small table printed before the main one (totals per currency, per payment channel). */
export type PdfBlock = { title: string; columns: string[]; rows: string[][]; types?: Column["type"][] }

/** The most rows a PDF export takes (a printable report, not a data dump: CSV and XLSX have no limit). */
export const PDF_MAX_ROWS = 20_000

/** A cell as printed: money with its currency's symbol and thousands separators ("¥1,234.56"), booleans in the export's language. */
export function pdfText(c: Cell, yes: string, no: string): string {
  if (c === null) return ""
  switch (c.t) {
    case "money": {
      const [int, frac] = minorToMajor(Math.abs(c.minor), c.digits).split(".")
      const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",")
      return `${c.minor < 0 ? "-" : ""}${currencySymbol(c.currency) ?? ""}${grouped}${frac ? `.${frac}` : ""}`
    }
    case "int":
      return String(c.v)
    case "bool":
      return c.v ? yes : no
    default:
      return c.v
  }
}

const WEIGHT: Record<Column["type"], number> = { text: 3, int: 1, money: 1.7, datetime: 2.3, bool: 0.9 }

/**
 * A printable PDF (pdfkit, A4 landscape): the title, what was exported (filters, period, time zone, masked or
 * not), the summary blocks, then the table — its header repeated on every page, one line per row (long text cut
 * with an ellipsis), amounts right-aligned — and "Page n / N" at the foot of every page. Set in the CJK font above.
 */
export function pdfWriter(out: Writable, columns: Column[], meta: ExportMeta, blocks: PdfBlock[] = []): ExportWriter {
  const zh = meta.locale === "zh"
  const yes = zh ? "是" : "yes"
  const no = zh ? "否" : "no"
  const doc = new PDFDocument({ size: "A4", layout: "landscape", margin: 36, bufferPages: true, info: { Title: meta.title, Producer: "medusa-order-management" } })
  doc.registerFont("cjk", cjkFont("Regular"))
  doc.registerFont("cjk-bold", cjkFont("Bold"))
  doc.pipe(out)
  const left = doc.page.margins.left
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right
  const bottom = () => doc.page.height - doc.page.margins.bottom - 18
  const lineHeight = 14

  doc.font("cjk-bold").fontSize(16).text(meta.title, left, doc.page.margins.top)
  doc.moveDown(0.3)
  doc.font("cjk").fontSize(8.5).fillColor("#444")
  for (const line of meta.lines) doc.text(line, { width })
  doc.fillColor("black").moveDown(0.6)

  /** a table from the current y: its header now and on every new page; returns the function that prints rows */
  const makeTable = (headers: string[], types: Column["type"][], fontSize: number) => {
    const weights = types.map((t) => WEIGHT[t])
    const sum = weights.reduce((a, b) => a + b, 0)
    const widths = weights.map((w) => (w / sum) * width)
    const alignOf = (i: number) => (types[i] === "money" || types[i] === "int" ? "right" : "left")
    const header = () => {
      const y = doc.y
      doc.rect(left, y - 2, width, lineHeight + 2).fill("#eeeeee").fillColor("black")
      doc.font("cjk-bold").fontSize(fontSize)
      let x = left
      headers.forEach((h, i) => {
        doc.text(h, x + 2, y, { width: widths[i] - 4, height: lineHeight, ellipsis: true, lineBreak: false, align: alignOf(i) })
        x += widths[i]
      })
      doc.y = y + lineHeight + 2
      doc.font("cjk").fontSize(fontSize)
    }
    header()
    return (rows: string[][]) => {
      doc.font("cjk").fontSize(fontSize)
      for (const row of rows) {
        if (doc.y + lineHeight > bottom()) {
          doc.addPage()
          doc.y = doc.page.margins.top
          header()
        }
        const y = doc.y
        let x = left
        row.forEach((text, i) => {
          if (text) doc.text(text, x + 2, y, { width: widths[i] - 4, height: lineHeight, ellipsis: true, lineBreak: false, align: alignOf(i) })
          x += widths[i]
        })
        doc.moveTo(left, y + lineHeight - 1).lineTo(left + width, y + lineHeight - 1).lineWidth(0.25).strokeColor("#dddddd").stroke()
        doc.y = y + lineHeight
      }
      doc.x = left
    }
  }

  for (const b of blocks) {
    if (doc.y + 3 * lineHeight > bottom()) {
      doc.addPage()
      doc.y = doc.page.margins.top
    }
    doc.font("cjk-bold").fontSize(10).text(b.title, left, doc.y)
    doc.moveDown(0.2)
    makeTable(b.columns, b.types ?? b.columns.map((_, i) => (i === 0 ? "text" : "money")), 8.5)(b.rows)
    doc.moveDown(0.8)
  }
  let main: ((rows: string[][]) => void) | null = null
  const mainTable = () => (main ??= makeTable(columns.map((c) => c.header), columns.map((c) => c.type), 8))
  return {
    async addRows(rows) {
      mainTable()(rows.map((r) => r.map((c) => pdfText(c, yes, no))))
    },
    async end() {
      mainTable()
      const range = doc.bufferedPageRange()
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i)
        doc.font("cjk").fontSize(8).fillColor("#666")
        const label = zh ? `第 ${i + 1} 页 / 共 ${range.count} 页` : `Page ${i + 1} / ${range.count}`
        // in the bottom margin: lift the margin while writing, or pdfkit would start a new page
        const margin = doc.page.margins.bottom
        doc.page.margins.bottom = 0
        const y = doc.page.height - margin + 8
        doc.text(label, left, y, { width, align: "right", lineBreak: false })
        doc.text(meta.title, left, y, { width: width / 2, align: "left", lineBreak: false })
        doc.page.margins.bottom = margin
      }
      await new Promise<void>((resolve, reject) => {
        out.once("finish", resolve)
        out.once("error", reject)
        doc.end()
      })
    },
    abort(error) {
      doc.unpipe(out)
      out.destroy(error)
    },
  }
}
