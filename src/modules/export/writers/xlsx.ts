import ExcelJS from "exceljs"
import type { Writable } from "node:stream"
import type { Cell } from "../format"
import type { Column, ExportWriter } from "./types"

/** Excel's number format for an amount of a currency with `digits` decimals, its symbol first ("¥"#,##0.00). */
export function moneyFormat(digits: number, symbol: string | null): string {
  const number = digits > 0 ? `#,##0.${"0".repeat(digits)}` : "#,##0"
  return symbol ? `"${symbol.replace(/"/g, "")}"${number};-"${symbol.replace(/"/g, "")}"${number}` : number
}

/** The currency's narrow symbol (CNY ¥, USD $, EUR €) as Intl knows it; null for a code it does not (the number alone then). */
export function currencySymbol(currency: string): string | null {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase(), currencyDisplay: "narrowSymbol" }).formatToParts(1).find((p) => p.type === "currency")?.value ?? null
  } catch {
    return null
  }
}

/** "YYYY-MM-DD HH:mm:ss" (a wall-clock time) as the Date Excel shows as that same wall-clock time (Excel has no time zones). */
export function wallClockDate(v: string): Date {
  return new Date(Date.UTC(+v.slice(0, 4), +v.slice(5, 7) - 1, +v.slice(8, 10), +v.slice(11, 13) || 0, +v.slice(14, 16) || 0, +v.slice(17, 19) || 0))
}

const WIDTH: Record<Column["type"], number> = { text: 22, int: 10, money: 14, datetime: 20, bool: 8 }

/**
 * XLSX (exceljs's streaming writer: rows are zipped as they come, memory stays flat) with typed cells: amounts as
 * numbers in major units with their currency's format (symbol and decimals, per row: an export may mix currencies),
 * times as Excel dates (the store's wall-clock time, `yyyy-mm-dd hh:mm:ss`), counts as numbers; a bold header row
 * frozen at the top, an auto-filter on it, column widths from the header and the type. Excel stores numbers as
 * doubles: an amount is the nearest double to its exact decimal (exact to 15 significant digits); the CSV keeps the
 * exact text.
 */
export function xlsxWriter(out: Writable, columns: Column[], locale: "en" | "zh", sheetName: string): ExportWriter {
  const yes = locale === "zh" ? "是" : "yes"
  const no = locale === "zh" ? "否" : "no"
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  const ws = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] })
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: Math.max(WIDTH[c.type], Math.min(40, [...c.header].length * 2 + 2)) }))
  ws.getRow(1).font = { bold: true }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, columns.length) } }
  ws.getRow(1).commit()
  // one style object per look, shared by every cell that has it: exceljs caches a style's id by the object, so a
  // shared one is looked up once instead of being serialized and indexed for each cell (a fresh {} per cell was
  // about a third of the writer's time)
  const PLAIN = Object.freeze({}) as Partial<ExcelJS.Style>
  const DATE = Object.freeze({ numFmt: "yyyy-mm-dd hh:mm:ss" }) as Partial<ExcelJS.Style>
  const moneyStyles = new Map<string, Partial<ExcelJS.Style>>()
  const moneyStyle = (currency: string, digits: number) => {
    const key = `${currency}:${digits}`
    let st = moneyStyles.get(key)
    if (!st) moneyStyles.set(key, (st = Object.freeze({ numFmt: moneyFormat(digits, currencySymbol(currency)) })))
    return st
  }
  const drained = () => ((out as any).writableNeedDrain ? new Promise<void>((r) => out.once("drain", r)) : Promise.resolve())
  let currentRow = 1
  return {
    async addRows(rows) {
      for (const cells of rows) {
        const row = ws.getRow(++currentRow)
        cells.forEach((c: Cell, i) => {
          if (c === null) return
          const cell = row.getCell(i + 1)
          switch (c.t) {
            case "money":
              cell.value = c.minor / 10 ** c.digits
              cell.style = moneyStyle(c.currency, c.digits)
              return
            case "int":
              cell.value = c.v
              break
            case "bool":
              cell.value = c.v ? yes : no
              break
            case "datetime":
              cell.value = wallClockDate(c.v)
              cell.style = DATE
              return
            default:
              cell.value = c.v
          }
          cell.style = PLAIN
        })
        row.commit()
      }
      await drained()
    },
    async end() {
      ws.commit()
      await wb.commit()
    },
    abort(error) {
      out.destroy(error)
    },
  }
}
