/**
 * Helpers shared by the bill parsers: exact decimal → minor units, platform local time → ISO UTC, byte streams →
 * decoded text chunks (UTF-8 / GBK detection) → lines. Pure: no Medusa container, no database.
 */
import { Readable } from "node:stream"
import * as iconv from "iconv-lite"
import { decimalFraction, divideRounded } from "../../../gateways/decimal"
import { currencyDigits as medusaCurrencyDigits } from "../../../utils/money"
import type { BillRow, BillSummary, ParsedBill } from "./types"

/** Anything a parser accepts as its input bytes. */
export type ByteSource = Buffer | Uint8Array | Readable | AsyncIterable<Buffer | Uint8Array | string>

const DIGITS = new Map<string, number>()

/** The currency's minor-unit digits from Medusa's table (as `toMinorUnits`), memoised: bills ask 100,000s of times. */
export function currencyDigits(currency: string): number {
  let d = DIGITS.get(currency)
  if (d === undefined) {
    d = medusaCurrencyDigits(currency)
    DIGITS.set(currency, d)
  }
  return d
}

const SIMPLE_DECIMAL = /^(-)?(\d+)(?:\.(\d*))?$/

/**
 * A decimal text as the platforms print it ("12.50", "-0.01", "0.27000", "1e-7") → integer minor units of `currency`
 * (Medusa's currency table, as `toMinorUnits`), exact integer arithmetic, rounded once half-up (half away from zero)
 * when the text has more decimals than the currency (WeChat's 5-decimal fees). The sign is kept.
 * @returns null for an empty cell
 * @throws Error naming `what` when the text is not a decimal number or too large
 */
export function decimalTextToMinor(text: string | number | null | undefined, currency: string, what = "amount"): number | null {
  if (text === null || text === undefined) return null
  const s = String(text).trim().replace(/^\+/, "")
  if (s === "") return null
  const digits = currencyDigits(currency)
  // fast path (bills have 100,000s of these): no more decimals than the currency has, small enough for exact doubles
  const quick = SIMPLE_DECIMAL.exec(s)
  if (quick && (quick[3] ?? "").length <= digits && quick[2].length + digits <= 15) {
    const minor = Number(quick[2] + (quick[3] ?? "").padEnd(digits, "0"))
    return quick[1] && minor !== 0 ? -minor : minor
  }
  const f = decimalFraction(s)
  if (!f) throw new Error(`${what} "${s}" is not a decimal number`)
  const minor = divideRounded(f.numerator * 10n ** BigInt(digits), 10n ** BigInt(f.scale))
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${what} "${s}" is too large`)
  return Number(minor)
}

/** The exact sum of decimal texts in minor units, rounded once at the end (half-up); null when every value is empty. */
export function sumDecimalTextsToMinor(texts: Array<string | number | null | undefined>, currency: string, what = "amount"): number | null {
  let numerator = 0n
  let scale = 0
  let any = false
  for (const t of texts) {
    if (t === null || t === undefined || String(t).trim() === "") continue
    const s = String(t).trim().replace(/^\+/, "")
    const f = decimalFraction(s)
    if (!f) throw new Error(`${what} "${s}" is not a decimal number`)
    any = true
    if (f.scale > scale) {
      numerator *= 10n ** BigInt(f.scale - scale)
      scale = f.scale
    }
    numerator += f.numerator * 10n ** BigInt(scale - f.scale)
  }
  if (!any) return null
  const minor = divideRounded(numerator * 10n ** BigInt(currencyDigits(currency)), 10n ** BigInt(scale))
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${what} is too large`)
  return Number(minor)
}

const DAY_MS = new Map<string, number>()
const LOCAL_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/

/**
 * A wall-clock time printed in a fixed UTC offset ("2019-09-16 10:55:23" in Asia/Shanghai, UTC+8 with no daylight
 * saving since 1991) → ISO 8601 UTC ("2019-09-16T02:55:23.000Z").
 * @returns null for an empty or unreadable cell
 */
export function localTimeToIso(text: string | null | undefined, offsetMinutes = 480): string | null {
  if (text === null || text === undefined) return null
  const t = text.length === 19 ? text : String(text).trim()
  if (t.length === 19 && t[4] === "-" && t[7] === "-" && t[10] === " " && t[13] === ":" && t[16] === ":") {
    // the bills' own "YYYY-MM-DD HH:mm:ss": fixed positions, the day's epoch memoised (a bill has one or two days)
    const day = t.slice(0, 10)
    let dayMs = DAY_MS.get(day)
    if (dayMs === undefined) {
      const mo = Number(t.slice(5, 7))
      dayMs = mo >= 1 && mo <= 12 ? Date.UTC(Number(t.slice(0, 4)), mo - 1, Number(t.slice(8, 10))) : NaN
      if (DAY_MS.size > 1000) DAY_MS.clear()
      DAY_MS.set(day, dayMs)
    }
    const ms = dayMs + ((Number(t.slice(11, 13)) * 60 + Number(t.slice(14, 16))) * 60 + Number(t.slice(17, 19))) * 1000 - offsetMinutes * 60_000
    if (Number.isFinite(ms)) return new Date(ms).toISOString()
  }
  const m = LOCAL_TIME.exec(t)
  if (!m) return null
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? "0", m[5] ?? "0", m[6] ?? "0"].map(Number)
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMinutes * 60_000
  const date = new Date(ms)
  if (Number.isNaN(ms) || date.getUTCFullYear() < 1970) return null
  return date.toISOString()
}

/** Asia/Shanghai wall-clock time (Alipay, WeChat Pay bills) → ISO UTC. */
export function shanghaiToIso(text: string | null | undefined): string | null {
  return localTimeToIso(text, 480)
}

/**
 * A timestamp as JSON APIs and CSV exports print it → ISO UTC: ISO 8601 (a time without zone is read as UTC),
 * "YYYY-MM-DD HH:mm:ss" (UTC), or unix seconds / milliseconds.
 */
export function anyTimeToIso(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === "number" || (typeof value === "string" && /^\d{9,13}(\.\d+)?$/.test(value.trim()))) {
    const n = Number(value)
    if (!Number.isFinite(n) || n <= 0) return null
    return new Date(n < 1e11 ? n * 1000 : n).toISOString()
  }
  const s = String(value).trim()
  if (s === "") return null
  const local = localTimeToIso(s, 0)
  if (local) return local
  const ms = Date.parse(s)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

const CHUNK = 64 * 1024

/** Bytes of any accepted source as an async iterable of Buffers (no copying of a Buffer input). */
export async function* byteChunks(source: ByteSource): AsyncGenerator<Buffer> {
  if (source instanceof Uint8Array) {
    // a Buffer is handed on in 64 KiB views, so decoding and line splitting never build one string of the whole file
    const buf = Buffer.isBuffer(source) ? source : Buffer.from(source.buffer, source.byteOffset, source.byteLength)
    for (let i = 0; i < buf.length; i += CHUNK) yield buf.subarray(i, Math.min(i + CHUNK, buf.length))
    return
  }
  for await (const chunk of source as AsyncIterable<Buffer | Uint8Array | string>) {
    yield typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)
  }
}

/** Reads a whole source into one Buffer (only for inputs that need random access: a ZIP's central directory). */
export async function readAll(source: ByteSource): Promise<Buffer> {
  if (Buffer.isBuffer(source)) return source
  const parts: Buffer[] = []
  for await (const c of byteChunks(source)) parts.push(c)
  return Buffer.concat(parts)
}

/**
 * The first `n` bytes of a source (fewer when it is shorter) and the whole source again as chunks, so a parser can
 * sniff magic bytes or the text encoding without buffering the rest.
 */
export async function peek(source: ByteSource, n: number): Promise<{ head: Buffer; all: AsyncGenerator<Buffer> }> {
  const it = byteChunks(source)
  const first: Buffer[] = []
  let size = 0
  let done = false
  while (size < n) {
    const r = await it.next()
    if (r.done) {
      done = true
      break
    }
    first.push(r.value)
    size += r.value.length
  }
  const head = first.length === 1 ? first[0] : Buffer.concat(first)
  async function* all(): AsyncGenerator<Buffer> {
    try {
      if (head.length) yield head
      if (!done) {
        for (;;) {
          const r = await it.next()
          if (r.done) break
          yield r.value
        }
      }
    } finally {
      await it.return?.(undefined)
    }
  }
  return { head: head.subarray(0, n), all: all() }
}

/** Whether the bytes are valid UTF-8 (a multi-byte sequence cut off at the end is allowed: the sample may end mid-character). */
export function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true })
    return true
  } catch {
    return false
  }
}

/** "auto" or an encoding label. */
export type TextEncodingChoice = "auto" | "utf-8" | "utf8" | "gbk" | "gb18030" | string

/**
 * "auto": a UTF-8 BOM or a valid UTF-8 sample (the first 64 KiB) → UTF-8, else GBK (read as GB18030, its superset,
 * so no byte the Chinese platforms print is lost).
 */
export function detectEncoding(sample: Buffer): "utf-8" | "gb18030" {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return "utf-8"
  return isValidUtf8(sample) ? "utf-8" : "gb18030"
}

function normaliseEncoding(e: string): string {
  const l = e.toLowerCase().replace(/[^a-z0-9]/g, "")
  if (l === "utf8") return "utf-8"
  if (l === "gbk" || l === "gb2312" || l === "cp936" || l === "gb18030") return "gb18030"
  if (!iconv.encodingExists(e)) throw new Error(`unknown text encoding "${e}"`)
  return e
}

/**
 * Decodes a byte source chunk by chunk (a character split across chunks is kept whole) into text chunks, dropping a
 * leading BOM. `encoding` "auto" (see detectEncoding), "utf-8", "gbk" / "gb2312" / "gb18030" (all read as GB18030) or
 * any encoding iconv-lite knows. Never holds more than one chunk plus the 64 KiB sniffing sample.
 * @throws Error for an encoding iconv-lite does not know
 */
export async function* decodeText(source: ByteSource, encoding: TextEncodingChoice = "auto"): AsyncGenerator<string> {
  const { head, all } = await peek(source, 64 * 1024)
  const enc = encoding === "auto" ? detectEncoding(head) : normaliseEncoding(encoding)
  const decoder = streamingDecoder(enc)
  let first = true
  for await (const chunk of all) {
    let s = decoder.write(chunk)
    if (first && s) {
      s = s.replace(/^\ufeff/, "")
      first = false
    }
    if (s) yield s
  }
  const rest = decoder.end()
  if (rest) yield first ? rest.replace(/^\ufeff/, "") : rest
}

/**
 * A streaming decoder: the platform's native WHATWG TextDecoder for UTF-8 and GBK/GB18030 when this Node has them
 * (full ICU: 20× faster than JavaScript decoding on a 100,000-row bill), else iconv-lite's streaming decoder. Both keep
 * a character split across chunks whole.
 */
function streamingDecoder(enc: string): { write(b: Buffer): string; end(): string | undefined } {
  const label = enc === "utf-8" ? "utf-8" : enc === "gb18030" ? "gb18030" : null
  if (label) {
    try {
      const td = new TextDecoder(label, { ignoreBOM: true })
      return { write: (b) => td.decode(b, { stream: true }), end: () => td.decode() }
    } catch {
      /* a Node without this ICU encoding: fall through to iconv-lite */
    }
  }
  const d = iconv.getDecoder(enc as "gb18030", { stripBOM: false })
  return { write: (b) => d.write(b), end: () => d.end() }
}

/** Text chunks → lines (LF or CRLF; the CR is dropped), with their 1-based line numbers. */
export async function* textLines(chunks: AsyncIterable<string>): AsyncGenerator<{ line: number; text: string }> {
  let carry = ""
  let line = 0
  for await (const chunk of chunks) {
    const text = carry + chunk
    let start = 0
    for (;;) {
      const nl = text.indexOf("\n", start)
      if (nl < 0) break
      line++
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl
      yield { line, text: text.slice(start, end) }
      start = nl + 1
    }
    carry = text.slice(start)
  }
  if (carry !== "") {
    line++
    yield { line, text: carry.endsWith("\r") ? carry.slice(0, -1) : carry }
  }
}

/**
 * Splits one CSV record (RFC 4180 quoting: a quote opens a quoted cell only at the start of the cell, `""` inside is
 * one quote, a stray quote inside an unquoted cell is kept — as csv-parse's relax_quotes). `open`: the text ended
 * inside a quoted cell (the record continues on the next line).
 */
export function splitCsvRecord(text: string, delimiter = ","): { cells: string[]; open: boolean } {
  const out: string[] = []
  let cur = ""
  let quoted = false
  let atStart = true
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cur += '"'
          i++
        } else quoted = false
      } else cur += ch
    } else if (ch === delimiter) {
      out.push(cur)
      cur = ""
      atStart = true
    } else if (ch === '"' && atStart) {
      quoted = true
      atStart = false
    } else {
      cur += ch
      if (ch !== " " && ch !== "\t") atStart = false
    }
  }
  out.push(cur)
  return { cells: out, open: quoted }
}

/** The cells of one CSV line (see splitCsvRecord). */
export function splitCsvLine(line: string, delimiter = ","): string[] {
  return splitCsvRecord(line, delimiter).cells
}

/** A header label normalised for lookups: NFKC (full-width （元） → (元)), no spaces, lower case. */
export function headerKey(label: string): string {
  return label.normalize("NFKC").replace(/[\s\u00a0\ufeff]/g, "").toLowerCase()
}

/** Maps normalised header labels to column indexes; the first occurrence of a duplicate label wins. */
export function headerIndex(header: string[]): Map<string, number> {
  const map = new Map<string, number>()
  header.forEach((h, i) => {
    const k = headerKey(h)
    if (k && !map.has(k)) map.set(k, i)
  })
  return map
}

/**
 * Resolves column labels to indexes once per header (bills have 100,000s of rows: no per-cell label normalising):
 * `col("订单金额（元）", "总金额")` is the index of the first label present, or -1.
 */
export function columnFinder(header: string[]): (...labels: string[]) => number {
  const index = headerIndex(header)
  return (...labels) => {
    for (const l of labels) {
      const i = index.get(headerKey(l))
      if (i !== undefined) return i
    }
    return -1
  }
}

/** Cell of `row` under the first of `labels` present in the header (undefined when no such column). */
export function cellOf(row: string[], index: Map<string, number>, ...labels: string[]): string | undefined {
  for (const l of labels) {
    const i = index.get(headerKey(l))
    if (i !== undefined) return row[i] ?? ""
  }
  return undefined
}

/** The first non-empty cell among `labels` (in order), or undefined. */
export function firstFilled(row: string[], index: Map<string, number>, ...labels: string[]): string | undefined {
  for (const l of labels) {
    const v = cellOf(row, index, l)
    if (v !== undefined && v.trim() !== "") return v
  }
  return undefined
}

const RAW_COLUMNS = new WeakMap<string[], Array<[string, number]>>()

/** The row's cells by header label (first of duplicate labels, empty labels left out), for display. */
export function rawOf(header: string[], row: string[]): Record<string, string> {
  let cols = RAW_COLUMNS.get(header)
  if (!cols) {
    const seen = new Set<string>()
    cols = []
    header.forEach((h, i) => {
      if (h !== "" && !seen.has(h)) seen.add(h), cols!.push([h, i])
    })
    RAW_COLUMNS.set(header, cols)
  }
  const raw: Record<string, string> = {}
  for (const [h, i] of cols) raw[h] = row[i] ?? ""
  return raw
}

/** An absolute value (the bill's fee sign conventions differ; BillRow fees are absolute). */
export function abs(n: number | null): number | null {
  return n === null ? null : Math.abs(n)
}

/**
 * Wraps a row generator into a ParsedBill: `rows` can be iterated once (the source is a stream), `summary()` answers
 * after the rows were read to the end.
 */
export function parsedBill(rows: () => AsyncGenerator<BillRow>, summary: () => BillSummary | null): ParsedBill {
  let started = false
  let finished = false
  return {
    rows: {
      [Symbol.asyncIterator]() {
        if (started) throw new Error("a bill's rows can be read only once")
        started = true
        const gen = rows()
        async function* run(): AsyncGenerator<BillRow> {
          yield* gen
          finished = true
        }
        return run()
      },
    },
    summary: () => {
      if (!finished) throw new Error("the bill's summary is known only after all its rows were read")
      return summary()
    },
  }
}

/** Collects an async iterable into an array (tests, small inputs). */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}
