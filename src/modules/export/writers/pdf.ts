import PDFDocument from "pdfkit"
import path from "node:path"
import type { Writable } from "node:stream"
import { minorToMajor, type Cell } from "../format"
import { currencySymbol } from "./xlsx"
import type { Column, ExportMeta, ExportWriter } from "./types"

/**
 * The CJK font every PDF is set in: Noto Sans CJK SC ("Noto Sans Hans", SIL Open Font License 1.1) from the npm
 * package @embedpdf/fonts-sc — a dependency, not a system font, so a server without Chinese fonts prints Chinese.
 * pdfkit embeds only the glyphs used (a subset). (The package exports only its entry: the path is found from it.)
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


/**
 * A printable report document (pdfkit, A4 landscape, the CJK font above): its title and the lines under it, then
 * headings and tables — a table's header repeated on every page it runs onto, one line per row (long text cut with
 * an ellipsis), numbers right-aligned — and, on `end`, "Page n / N" at the foot of every page (pages are buffered
 * for that: keep documents to report size, see PDF_MAX_ROWS).
 */
export function pdfReport(out: Writable, meta: ExportMeta) {
  const zh = meta.locale === "zh"
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

  const room = (lines: number) => {
    if (doc.y + lines * lineHeight > bottom()) {
      doc.addPage()
      doc.y = doc.page.margins.top
    }
  }
  /**
   * Column widths (and the font size) from the content: each column's natural width is its header's or the widest of
   * up to 2,000 sample rows (a tenth more for identifiers, times and amounts), plus padding. When they fit, the spare width is shared in proportion. When not, free-text
   * columns (a sample value with a space or non-ASCII text: names, places) give way first, to a third of their width
   * (at least 40 pt); when identifiers, times and amounts still do not fit, the table's type gets smaller (down to
   * 6 pt) so they are printed whole; only past that does every column shrink in proportion.
   */
  const columnWidths = (headers: string[], types: Column["type"][], sample: string[][], fontSize: number): { widths: number[]; fontSize: number } => {
    const pad = 10
    const flexible = types.map((t, i) => t === "text" && !/^[\x21-\x7e]+$/.test(sample[0]?.[i] ?? "x y"))
    // later pages may hold longer values than the sample: identifiers, times and amounts get a tenth more
    const measure = (size: number) =>
      headers.map((h, i) => {
        doc.font("cjk-bold").fontSize(size)
        let w = doc.widthOfString(h)
        doc.font("cjk").fontSize(size)
        let widest = 0
        for (const row of sample.slice(0, 2000)) if (row[i]) widest = Math.max(widest, doc.widthOfString(row[i]))
        w = Math.max(w, flexible[i] ? widest : widest * 1.1)
        return Math.max(w, size * 2) + pad
      })
    const spread = (ws: number[]) => {
      const sum = ws.reduce((a, b) => a + b, 0)
      return ws.map((n) => n + ((width - sum) * n) / sum)
    }
    const minimum = (natural: number[]) => natural.map((n, i) => (flexible[i] ? Math.min(n, Math.max(40, n / 3)) : n))
    let natural = measure(fontSize)
    const total = natural.reduce((a, b) => a + b, 0)
    if (total <= width) return { widths: spread(natural), fontSize }
    let size = fontSize
    while (minimum(natural).reduce((a, b) => a + b, 0) > width && size > 6) {
      size = Math.max(6, size - 0.25)
      natural = measure(size)
    }
    // the free-text columns share what the others leave, in proportion, none below its minimum
    const floor = minimum(natural)
    const widths = natural.slice()
    let room = width - natural.reduce((a, n, i) => a + (flexible[i] ? 0 : n), 0)
    let open = natural.map((_, i) => i).filter((i) => flexible[i])
    for (;;) {
      const want = open.reduce((a, i) => a + natural[i], 0)
      const under = open.filter((i) => (room * natural[i]) / want < floor[i])
      if (!under.length) {
        for (const i of open) widths[i] = (room * natural[i]) / want
        break
      }
      for (const i of under) {
        widths[i] = floor[i]
        room -= floor[i]
      }
      open = open.filter((i) => !under.includes(i))
      if (!open.length) break
    }
    if (widths.reduce((a, b) => a + b, 0) <= width + 0.01) return { widths: spread(widths), fontSize: size }
    const sum = natural.reduce((a, b) => a + b, 0)
    return { widths: natural.map((n) => (n * width) / sum), fontSize: size }
  }

  return {
    /** a heading (kept with at least three lines of what follows) */
    heading(text: string) {
      room(4)
      doc.font("cjk-bold").fontSize(10).text(text, left, doc.y)
      doc.moveDown(0.2)
    },
    /** a table from the current position: its header now and on every new page; returns the function that prints rows */
    table(headers: string[], types: Column["type"][], wantedSize = 8, sample: string[][] = []) {
      const { widths, fontSize } = columnWidths(headers, types, sample, wantedSize)
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
      }
      room(2)
      header()
      return (rows: string[][]) => {
        doc.font("cjk").fontSize(fontSize)
        for (const row of rows) {
          if (doc.y + lineHeight > bottom()) {
            doc.addPage()
            doc.y = doc.page.margins.top
            header()
            doc.font("cjk").fontSize(fontSize)
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
    },
    /** space after a table */
    gap() {
      doc.moveDown(0.8)
    },
    /** page numbers on every page, then the document closed; resolves when `out` has it all */
    async end() {
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
    abort(error?: Error) {
      doc.unpipe(out)
      out.destroy(error)
    },
  }
}

/** An export as a printable PDF: the report document with the summary blocks, then the rows as its table. */
export function pdfWriter(out: Writable, columns: Column[], meta: ExportMeta, blocks: PdfBlock[] = []): ExportWriter {
  const zh = meta.locale === "zh"
  const yes = zh ? "是" : "yes"
  const no = zh ? "否" : "no"
  const report = pdfReport(out, meta)
  for (const b of blocks) {
    report.heading(b.title)
    report.table(b.columns, b.types ?? b.columns.map((_, i) => (i === 0 ? "text" : "money")), 8.5, b.rows)(b.rows)
    report.gap()
  }
  let main: ((rows: string[][]) => void) | null = null
  // the first page of rows sets the column widths
  const table = (sample: string[][] = []) => (main ??= report.table(columns.map((c) => c.header), columns.map((c) => c.type), 8, sample))
  return {
    async addRows(rows) {
      const printed = rows.map((r) => r.map((c) => pdfText(c, yes, no)))
      table(printed)(printed)
    },
    async end() {
      table()
      await report.end()
    },
    abort(error) {
      report.abort(error)
    },
  }
}
