import ExcelJS from "exceljs"
import type { Writable } from "node:stream"
import { Worker } from "node:worker_threads"
import type { Cell } from "../format"
import type { Column, ExportWriter } from "./types"

/** Excel's number format for an amount of a currency with `digits` decimals, its symbol first ("¥"#,##0.00). */
export function moneyFormat(digits: number, symbol: string | null): string {
  const number = digits > 0 ? "#,##0." + "0".repeat(digits) : "#,##0"
  if (!symbol) return number
  const s = symbol.replace(/"/g, "")
  return '"' + s + '"' + number + ';-"' + s + '"' + number
}

/** The currency's narrow symbol (CNY ¥, USD $, EUR €) as Intl knows it; null for a code it does not (the number alone then). */
export function currencySymbol(currency: string): string | null {
  try {
    const part = new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase(), currencyDisplay: "narrowSymbol" }).formatToParts(1).find(function (p) {
      return p.type === "currency"
    })
    return part ? part.value : null
  } catch (e) {
    return null
  }
}

/** "YYYY-MM-DD HH:mm:ss" (a wall-clock time) as the Date Excel shows as that same wall-clock time (Excel has no time zones). */
export function wallClockDate(v: string): Date {
  return new Date(Date.UTC(+v.slice(0, 4), +v.slice(5, 7) - 1, +v.slice(8, 10), +v.slice(11, 13) || 0, +v.slice(14, 16) || 0, +v.slice(17, 19) || 0))
}

/**
 * A page of rows as the worker takes it: every cell's value in one flat array (row after row; money as a number in
 * major units, a datetime as its wall-clock text, a boolean, text, an integer or null) and, per row, the currency and
 * its decimals its money cells are in. Flat primitives cross to the worker thread several times cheaper than
 * one object per cell.
 */
export type PackedPage = { values: Array<string | number | boolean | null>; money: Array<{ currency: string; digits: number } | null> }

/** Packs rows of cells (format.ts) for the worker: amounts converted from minor units once, here. */
export function packPage(rows: Cell[][]): PackedPage {
  const values: PackedPage["values"] = []
  const money: PackedPage["money"] = []
  for (const cells of rows) {
    let m: { currency: string; digits: number } | null = null
    for (const c of cells) {
      if (c === null) values.push(null)
      else if (c.t === "money") {
        values.push(c.minor / 10 ** c.digits)
        m ??= { currency: c.currency, digits: c.digits }
      } else values.push(c.v)
    }
    money.push(m)
  }
  return { values, money }
}

/**
 * The sheet itself, on exceljs's streaming writer (rows are zipped as they come): typed cells, the frozen bold header
 * with an auto-filter, column widths. Self-contained — it uses only its arguments, the three helpers above and
 * built-ins, in plain syntax — because the worker thread runs its source text (xlsxWriter). `add` writes and commits
 * a packed page of rows synchronously; `settled` resolves when the zip has taken them; `finish` closes the workbook.
 */
export function sheetWriter(Excel: any, stream: Writable, columns: Column[], locale: "en" | "zh", sheetName: string): { add(page: PackedPage): void; settled(): Promise<void>; finish(): Promise<void> } {
  const WIDTH: Record<string, number> = { text: 22, int: 10, money: 14, datetime: 20, bool: 8 }
  const yes = locale === "zh" ? "是" : "yes"
  const no = locale === "zh" ? "否" : "no"
  const wb = new Excel.stream.xlsx.WorkbookWriter({ stream: stream, useStyles: true, useSharedStrings: false })
  const ws = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] })
  ws.columns = columns.map(function (c) {
    return { header: c.header, key: c.key, width: Math.max(WIDTH[c.type], Math.min(40, Array.from(c.header).length * 2 + 2)) }
  })
  ws.getRow(1).font = { bold: true }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, columns.length) } }
  ws.getRow(1).commit()
  // one style object per look, shared by every cell that has it: exceljs caches a style's id by the object, so a
  // shared one is looked up once instead of being serialized and indexed for each cell (a fresh {} per cell was
  // about a third of the writer's time)
  const PLAIN = Object.freeze({})
  const DATE = Object.freeze({ numFmt: "yyyy-mm-dd hh:mm:ss" })
  const moneyStyles = new Map<string, object>()
  const moneyStyle = function (currency: string, digits: number) {
    const key = currency + ":" + digits
    let st = moneyStyles.get(key)
    if (!st) {
      st = Object.freeze({ numFmt: moneyFormat(digits, currencySymbol(currency)) })
      moneyStyles.set(key, st)
    }
    return st
  }
  let currentRow = 1
  return {
    add: function (page) {
      const width = columns.length
      const values = page.values
      for (let r = 0; r * width < values.length; r++) {
        const row = ws.getRow(++currentRow)
        const money = page.money[r]
        for (let i = 0; i < width; i++) {
          const v = values[r * width + i]
          if (v === null) continue
          const cell = row.getCell(i + 1)
          const type = columns[i].type
          if (type === "money") {
            cell.value = v
            cell.style = moneyStyle(money!.currency, money!.digits)
          } else if (type === "datetime") {
            cell.value = wallClockDate(v as string)
            cell.style = DATE
          } else {
            cell.value = type === "bool" ? (v ? yes : no) : v
            cell.style = PLAIN
          }
        }
        row.commit()
      }
    },
    // resolves once the zip has taken what add wrote: exceljs writes the sheet's XML into the zip entry without
    // waiting for the compressor (StreamBuf ignores back-pressure), so a writer faster than zlib would queue the
    // uncompressed XML in memory (720–780 MB more at a million rows); waiting for the entry's input to drain keeps it flat
    settled: function () {
      const sheetStream = ws.stream
      const pipe = sheetStream && sheetStream.pipes && sheetStream.pipes[0]
      // the zip entry's input is a readable-stream 2 PassThrough (no writableNeedDrain): its state says whether it is full
      const full = pipe && (pipe.writableNeedDrain || (pipe._writableState && pipe._writableState.needDrain))
      if (!full) return Promise.resolve()
      return new Promise<void>(function (resolve) {
        pipe.once("drain", resolve)
      })
    },
    finish: function () {
      ws.commit()
      return wb.commit()
    },
  }
}

/**
 * Reads PostgreSQL's COPY text format (tab-separated, `\N` for NULL, backslash escapes) as the sheet's packed pages:
 * each line is the row's currency and its decimals, then one value per column (csvStatement with `sheet`: masked and
 * formatted in SQL). Money and counts become numbers, booleans true when they are the language's "yes"; a line cut
 * by a chunk's end waits for the next chunk. Self-contained: the worker thread runs its source text.
 */
export function copyTextParser(columns: Column[], yesWord: string): { feed(text: string): PackedPage } {
  const width = columns.length
  const types = columns.map(function (c) {
    return c.type
  })
  const ESCAPES: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" }
  const unescape = function (v: string) {
    return v.replace(/\\(.)/g, function (_m: string, ch: string) {
      return ESCAPES[ch] !== undefined ? ESCAPES[ch] : ch
    })
  }
  let rest = ""
  return {
    feed: function (text) {
      const lines = (rest + text).split("\n")
      rest = lines.pop() as string
      const values: PackedPage["values"] = []
      const money: PackedPage["money"] = []
      for (let r = 0; r < lines.length; r++) {
        const f = lines[r].split("\t")
        money.push({ currency: f[0], digits: Number(f[1]) })
        for (let i = 0; i < width; i++) {
          let v: string | null = f[i + 2]
          if (v === "\\N" || v === undefined) {
            values.push(null)
            continue
          }
          if (v.indexOf("\\") >= 0) v = unescape(v)
          const type = types[i]
          values.push(type === "money" || type === "int" ? Number(v) : type === "bool" ? v === yesWord : v)
        }
      }
      return { values: values, money: money }
    },
  }
}

/** The worker thread's program: the sheet writer's source; packed pages or COPY text in by message, the file's bytes out by message. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads")
const { Writable } = require("node:stream")
const ExcelJS = require(workerData.exceljs)
${moneyFormat.toString()}
${currencySymbol.toString()}
${wallClockDate.toString()}
const sheetWriter = ${sheetWriter.toString()}
const copyTextParser = ${copyTextParser.toString()}
// the file's bytes go to the parent as they are zipped (transferred, not copied)
const out = new Writable({
  write(chunk, _encoding, done) {
    const copy = new Uint8Array(chunk.byteLength)
    copy.set(chunk)
    parentPort.postMessage({ type: "chunk", bytes: copy }, [copy.buffer])
    done()
  },
})
const sheet = sheetWriter(ExcelJS, out, workerData.columns, workerData.locale, workerData.sheetName)
const parser = copyTextParser(workerData.columns, workerData.locale === "zh" ? "是" : "yes")
const decoder = new TextDecoder()
const fail = (e) => parentPort.postMessage({ type: "error", message: String((e && e.stack) || e) })
parentPort.on("message", (m) => {
  try {
    if (m.type === "rows" || m.type === "copy") {
      const page = m.type === "rows" ? m.page : parser.feed(decoder.decode(m.bytes, { stream: true }))
      sheet.add(page)
      sheet.settled().then(() => parentPort.postMessage({ type: "ack", rows: page.money.length }), fail)
    } else if (m.type === "end") {
      sheet.finish().then(() => out.end(() => parentPort.postMessage({ type: "done" })), fail)
    }
  } catch (e) {
    fail(e)
  }
})
`

/**
 * The worker thread that builds one XLSX (exceljs's per-cell work is most of an XLSX export's CPU, so it runs beside
 * the thread that reads): `send` a packed page (`rows`) or a piece of COPY text (`copy`, transferred) and wait for it
 * to be taken (resolves the rows it held); `finish` closes the workbook and ends `out`; `abort` terminates it. The
 * worker's bytes are written to `out` in order. A failure in the worker rejects the pending or next call.
 */
export function startSheetWorker(out: Writable, columns: Column[], locale: "en" | "zh", sheetName: string) {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { exceljs: require.resolve("exceljs"), columns, locale, sheetName } })
  let failure: Error | null = null
  let waiting: { resolve: (v: any) => void; reject: (e: Error) => void } | null = null
  let finishing = false
  const fail = (e: Error) => {
    failure ??= e
    waiting?.reject(failure)
    waiting = null
  }
  worker.on("message", (m: any) => {
    if (m.type === "chunk") out.write(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength))
    else if (m.type === "ack" || m.type === "done") {
      if (m.type === "done") void worker.terminate()
      const w = waiting
      waiting = null
      w?.resolve(m.rows ?? 0)
    } else if (m.type === "error") fail(new Error(`the XLSX writer failed: ${m.message}`))
  })
  worker.on("error", (e) => fail(e))
  worker.on("exit", (code) => {
    if (code !== 0 && !finishing) fail(new Error(`the XLSX writer stopped (exit code ${code})`))
  })
  const drained = () => ((out as any).writableNeedDrain ? new Promise<void>((r) => out.once("drain", r)) : Promise.resolve())
  const call = async (message: any, transfer: any[] = []): Promise<number> => {
    await drained()
    if (failure) throw failure
    return new Promise<number>((resolve, reject) => {
      waiting = { resolve, reject }
      worker.postMessage(message, transfer)
    })
  }
  return {
    /** a packed page of rows */
    rows: (page: PackedPage) => call({ type: "rows", page }),
    /** a piece of PostgreSQL's COPY text output (copied once, then transferred) */
    copy: (bytes: Buffer) => {
      const own = new Uint8Array(bytes.byteLength)
      own.set(bytes)
      return call({ type: "copy", bytes: own }, [own.buffer])
    },
    async finish() {
      finishing = true
      await call({ type: "end" })
      // the workbook is complete: end the destination, as exceljs ends the stream it writes to
      await new Promise<void>((resolve) => out.end(resolve))
    },
    abort(error?: Error) {
      finishing = true
      void worker.terminate()
      out.destroy(error)
    },
  }
}

/**
 * XLSX (exceljs's streaming writer: rows are zipped as they come, memory stays flat) with typed cells: amounts as
 * numbers in major units with their currency's format (symbol and decimals, per row: an export may mix currencies),
 * times as Excel dates (the store's wall-clock time, `yyyy-mm-dd hh:mm:ss`), counts as numbers; a bold header row
 * frozen at the top, an auto-filter on it, column widths from the header and the type. Excel stores numbers as
 * doubles: an amount is the nearest double to its exact decimal (exact to 15 significant digits); the CSV keeps the
 * exact text. Built in a worker thread (startSheetWorker): the export's thread reads and formats the next page while
 * the worker writes this one — one page in flight, none while `out` is full; `end` ends `out`.
 */
export function xlsxWriter(out: Writable, columns: Column[], locale: "en" | "zh", sheetName: string): ExportWriter {
  const sheet = startSheetWorker(out, columns, locale, sheetName)
  let pending: Promise<number> = Promise.resolve(0)
  return {
    async addRows(rows) {
      await pending // the worker has taken the previous page
      pending = sheet.rows(packPage(rows))
      pending.catch(() => undefined) // seen by the next addRows or end
    },
    async end() {
      await pending
      await sheet.finish()
    },
    abort(error) {
      sheet.abort(error)
    },
  }
}
