import { gzipSync } from "node:zlib"
import * as iconv from "iconv-lite"
import { collect, decimalTextToMinor, decodeText, localTimeToIso, shanghaiToIso, sumDecimalTextsToMinor } from "../bills/common"
import { fastCsvRecords } from "../bills/csv-records"
import { detectBillFormat } from "../bills/index"
import { ALIPAY_HEADER, WECHAT_ALL_HEADER, alipayDetailText, alipayZip, bt } from "./fixtures"

describe("detectBillFormat", () => {
  const alipayText = alipayDetailText([], { trades: [0, "0.00"], refunds: [0, "0.00"] })
  it.each([
    ["20880211096256330156_20260301.csv.zip", "alipay_zip", alipayZip(alipayText)],
    ["bill.gz", "wechat_gzip", gzipSync(Buffer.from(WECHAT_ALL_HEADER))],
    ["a.csv", "alipay_csv", iconv.encode(alipayText, "gbk").subarray(0, 301)], // cut mid-character
    ["a.csv", "alipay_csv", Buffer.from(`${ALIPAY_HEADER}\n`)],
    ["b.csv", "wechat_csv", Buffer.from(`${WECHAT_ALL_HEADER}\n${bt(["2026-03-01 00:00:00"])}`)],
    ["c.csv", "nowpayments_csv", Buffer.from("\ufeffPayment ID,Payment Status,Price Amount,Price Currency\n1,finished,1,usd\n")],
    ["c.csv", "nowpayments_csv", Buffer.from("payment_id,payment_status,price_amount\n")],
    ["d.csv", "btcpay_csv", Buffer.from("ReceivedDate,StoreId,OrderId,InvoiceId,InvoiceCreatedDate,InvoicePrice,InvoiceStatus\n")],
    ["x.zip", "alipay_zip", Buffer.from("garbage")],
    ["x.csv.gz", "wechat_gzip", Buffer.from("garbage")],
    ["2088_20260301_业务明细.csv", "alipay_csv", Buffer.from("???")],
    ["notes.txt", "unknown", Buffer.from("hello,world\n")],
    ["empty.csv", "unknown", Buffer.alloc(0)],
  ])("%s → %s", (name, format, bytes) => {
    expect(detectBillFormat(name, bytes as Buffer)).toBe(format)
  })
})

describe("bill helpers", () => {
  it("decimal texts → minor units exactly, rounded once half-up (away from zero) beyond the currency's digits", () => {
    expect(decimalTextToMinor("155.94", "CNY")).toBe(15594)
    expect(decimalTextToMinor("-0.01", "CNY")).toBe(-1)
    expect(decimalTextToMinor("-0.00", "CNY")).toBe(0)
    expect(decimalTextToMinor("0.00500", "CNY")).toBe(1)
    expect(decimalTextToMinor("0.00499", "CNY")).toBe(0)
    expect(decimalTextToMinor("-0.27000", "CNY")).toBe(-27)
    expect(decimalTextToMinor("-0.00500", "CNY")).toBe(-1)
    expect(decimalTextToMinor("1000", "JPY")).toBe(1000)
    expect(decimalTextToMinor("999.5", "JPY")).toBe(1000)
    expect(decimalTextToMinor("1.2345", "KWD")).toBe(1235)
    expect(decimalTextToMinor("90071992547409.91", "CNY")).toBe(9007199254740991)
    expect(decimalTextToMinor("0.1", "usd")).toBe(10)
    expect(decimalTextToMinor(49.99, "USD")).toBe(4999)
    expect(decimalTextToMinor("1e-7", "USD")).toBe(0)
    expect(decimalTextToMinor("", "CNY")).toBeNull()
    expect(() => decimalTextToMinor("12,50", "CNY", "订单金额")).toThrow('订单金额 "12,50" is not a decimal number')
    expect(() => decimalTextToMinor("900719925474099.20", "CNY")).toThrow(/too large/)
    expect(sumDecimalTextsToMinor(["0.00400", "0.00400", ""], "CNY")).toBe(1)
    expect(sumDecimalTextsToMinor(["", null], "CNY")).toBeNull()
  })

  it("Asia/Shanghai wall-clock times → ISO UTC", () => {
    expect(shanghaiToIso("2026-03-01 07:59:59")).toBe("2026-02-28T23:59:59.000Z")
    expect(shanghaiToIso("2026-03-01 08:00:00")).toBe("2026-03-01T00:00:00.000Z")
    expect(shanghaiToIso("2026/3/1 8:05")).toBe("2026-03-01T00:05:00.000Z")
    expect(shanghaiToIso(" 2026-03-01 08:00:00 ")).toBe("2026-03-01T00:00:00.000Z")
    expect(shanghaiToIso("")).toBeNull()
    expect(shanghaiToIso("yesterday")).toBeNull()
    expect(localTimeToIso("2026-03-01 08:00:00", 0)).toBe("2026-03-01T08:00:00.000Z")
  })

  it("text decoding: UTF-8 (with or without BOM) or GBK, characters split across chunks kept whole", async () => {
    const text = "商户订单号,金额\n订单一,1.00\n"
    const split = (b: Buffer) => (async function* () {
      for (let i = 0; i < b.length; i++) yield b.subarray(i, i + 1)
    })()
    for (const bytes of [Buffer.from(text), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), iconv.encode(text, "gbk")]) {
      expect((await collect(decodeText(split(bytes)))).join("")).toBe(text)
    }
    expect((await collect(decodeText(iconv.encode(text, "gbk"), "gbk"))).join("")).toBe(text)
  })

  it("the streaming CSV reader: quoted cells (also across lines), stray quotes kept, empty lines skipped", async () => {
    const csv = 'a,b,c\r\n\r\n1,"x, ""y""",3\r\n2,"multi\nline",4\n5,say "hi",6\n7,,'
    const records = await collect(fastCsvRecords((async function* () {
      yield csv.slice(0, 17)
      yield csv.slice(17)
    })()))
    expect(records).toEqual([
      { line: 1, cells: ["a", "b", "c"] },
      { line: 3, cells: ["1", 'x, "y"', "3"] },
      { line: 4, cells: ["2", "multi\nline", "4"] },
      { line: 6, cells: ["5", 'say "hi"', "6"] },
      { line: 7, cells: ["7", "", ""] },
    ])
    await expect(collect(fastCsvRecords((async function* () {
      yield 'a,b\n1,"never closed\n2,3\n'
    })()))).rejects.toThrow("line 2: a quoted cell is not closed")
  })
})
