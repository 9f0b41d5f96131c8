import ExcelJS from "exceljs"
import * as iconv from "iconv-lite"
import { parseBankStatement, validateBankProfileMapping } from "../bills/bank-statement"
import { collect } from "../bills/common"
import type { BankProfileMapping } from "../bills/types"

// a Chinese bank's export: GBK, account and period lines first, credit (贷方) / debit (借方) columns
const icbc = [
  "账号：6222020200112233445",
  "户名：杭州某某茶叶有限公司",
  "起止日期：2026-03-01 至 2026-03-01",
  "交易日期,交易流水号,摘要,对方户名,借方发生额,贷方发生额,币种,余额",
  "2026-03-01 09:12:00,TX0001,货款 BT-7K4Q-9X2D-29,张三,,\"1,299.00\",人民币,10000.00",
  "2026-03-01 10:00:00,TX0002,手续费,,12.00,,人民币,9988.00",
  "2026-03-01 11:30:00,TX0003,bt 7k4q 9x2e 29,李四,,88.50,人民币,10076.50",
  "",
].join("\r\n")

const icbcMapping: BankProfileMapping = {
  date: "交易日期",
  credit: "贷方发生额",
  debit: "借方发生额",
  reference: "摘要",
  payer_name: "对方户名",
  bank_transaction_id: "交易流水号",
  default_currency: "CNY",
  encoding: "gbk",
  skip_lines: 3,
}

describe("bank statements", () => {
  it("GBK CSV with skip_lines and credit/debit columns: incoming rows only", async () => {
    const rows = await collect(parseBankStatement(iconv.encode(icbc, "gbk"), "csv", icbcMapping))
    expect(rows).toEqual([
      {
        line: 5,
        date: "2026-03-01",
        amount_minor: 129900,
        currency: "CNY",
        reference_text: "货款 BT-7K4Q-9X2D-29",
        payer_name: "张三",
        bank_transaction_id: "TX0001",
        raw: expect.objectContaining({ 交易流水号: "TX0001", 贷方发生额: "1,299.00", 币种: "人民币" }),
      },
      expect.objectContaining({ line: 7, amount_minor: 8850, reference_text: "bt 7k4q 9x2e 29", payer_name: "李四", bank_transaction_id: "TX0003" }),
    ])
  })

  it("a currency column with the bank's currency names", async () => {
    const rows = await collect(parseBankStatement(iconv.encode(icbc, "gbk"), "csv", { ...icbcMapping, currency: "币种", default_currency: undefined }))
    expect(rows.map((r) => r.currency)).toEqual(["CNY", "CNY"])
    const odd = icbc.replace("10000.00", "x").replace(/人民币/g, "金币")
    await expect(collect(parseBankStatement(iconv.encode(odd, "gbk"), "csv", { ...icbcMapping, currency: "币种" }))).rejects.toThrow(/line 5, column "币种" \(currency\): "金币" is not a currency code/)
  })

  it("semicolon CSV with decimal comma, a signed amount column, a currency column and DD.MM.YYYY", async () => {
    const csv = [
      "Buchungstag;Betrag;Währung;Verwendungszweck;Auftraggeber;Referenz",
      "01.03.2026;1.234,56;EUR;Bestellung BT 7K4Q 9X2D 29;Max Mustermann;R-1",
      "02.03.2026;-20,00;EUR;Gebühr;;R-2",
      "03.03.2026;+0,5;eur;;;R-3",
    ].join("\n")
    const m: BankProfileMapping = { date: "Buchungstag", amount: "Betrag", currency: "Währung", reference: "Verwendungszweck", payer_name: "Auftraggeber", bank_transaction_id: "Referenz", delimiter: ";", decimal: ",", date_format: "DD.MM.YYYY" }
    const rows = await collect(parseBankStatement(Buffer.from(csv), "csv", m))
    expect(rows.map((r) => [r.line, r.date, r.amount_minor, r.currency, r.reference_text, r.payer_name])).toEqual([
      [2, "2026-03-01", 123456, "EUR", "Bestellung BT 7K4Q 9X2D 29", "Max Mustermann"],
      [4, "2026-03-03", 50, "EUR", "", null],
    ])
  })

  it("XLSX (first worksheet, streaming): real date cells, numeric amounts, an outgoing row skipped", async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet("Statement")
    ws.addRow(["Account 6222 0202 0011 2233 445"])
    ws.addRow(["Date", "Amount", "Reference", "Payer", "Transaction ID"])
    ws.addRow([new Date(Date.UTC(2026, 2, 1)), 1299, "order BT-7K4Q-9X2D-29", "Zhang San", "X1"])
    ws.addRow([new Date(Date.UTC(2026, 2, 1)), -15.5, "fee", null, "X2"])
    ws.addRow(["2026-03-02", 0.1 + 0.2, { richText: [{ text: "bt7k4q" }, { text: "9x2d29" }] }, "Li Si", 12345])
    ws.getColumn(1).numFmt = "yyyy-mm-dd"
    wb.addWorksheet("Other").addRow(["ignored"])
    const file = Buffer.from(await wb.xlsx.writeBuffer())
    const m: BankProfileMapping = { date: "Date", amount: "Amount", reference: "Reference", payer_name: "Payer", bank_transaction_id: "Transaction ID", default_currency: "usd", skip_lines: 1 }
    const rows = await collect(parseBankStatement(file, "xlsx", m))
    expect(rows.map((r) => [r.line, r.date, r.amount_minor, r.currency, r.reference_text, r.payer_name, r.bank_transaction_id])).toEqual([
      [3, "2026-03-01", 129900, "USD", "order BT-7K4Q-9X2D-29", "Zhang San", "X1"],
      [5, "2026-03-02", 30, "USD", "bt7k4q9x2d29", "Li Si", "12345"],
    ])
  })

  it("a row missing a mapped required cell: the error names the line and the column", async () => {
    const csv = ["交易日期,交易流水号,摘要,对方户名,借方发生额,贷方发生额", "2026-03-01,TX1,a,,,5.00", "2026-03-01,,b,,,6.00"].join("\n")
    const m = { ...icbcMapping, encoding: "utf-8", skip_lines: 0 }
    await expect(collect(parseBankStatement(Buffer.from(csv), "csv", m))).rejects.toThrow('bank statement line 3, column "交易流水号" (bank_transaction_id): the cell is empty')
    const noDate = ["交易日期,交易流水号,摘要,对方户名,借方发生额,贷方发生额", ",TX1,a,,,5.00"].join("\n")
    await expect(collect(parseBankStatement(Buffer.from(noDate), "csv", m))).rejects.toThrow('bank statement line 2, column "交易日期" (date): the cell is empty')
    const badDate = ["交易日期,交易流水号,摘要,对方户名,借方发生额,贷方发生额", "2026-02-30,TX1,a,,,5.00"].join("\n")
    await expect(collect(parseBankStatement(Buffer.from(badDate), "csv", m))).rejects.toThrow(/line 2, column "交易日期" \(date\): "2026-02-30" is not a date in the format YYYY-MM-DD/)
    const badAmount = ["交易日期,交易流水号,摘要,对方户名,借方发生额,贷方发生额", "2026-03-01,TX1,a,,,5.0.0"].join("\n")
    await expect(collect(parseBankStatement(Buffer.from(badAmount), "csv", m))).rejects.toThrow(/line 2, column "贷方发生额" \(credit\): "5.0.0" is not an amount/)
    const bothEmpty = ["交易日期,交易流水号,摘要,对方户名,借方发生额,贷方发生额", "2026-03-01,TX1,a,,,"].join("\n")
    await expect(collect(parseBankStatement(Buffer.from(bothEmpty), "csv", m))).rejects.toThrow(/line 2, column "贷方发生额" \(credit\): the credit and debit cells are both empty/)
    await expect(collect(parseBankStatement(Buffer.from("日期,金额\n"), "csv", m))).rejects.toThrow(/line 1: column "交易日期" \(date\) is not in the header/)
  })

  it("validateBankProfileMapping lists the problems", () => {
    expect(validateBankProfileMapping(icbcMapping)).toEqual([])
    expect(validateBankProfileMapping({ date: "", reference: "r", bank_transaction_id: "id" } as BankProfileMapping)).toEqual([
      "date: the column name is required",
      "amount: map a signed amount column, or a credit column (with an optional debit column)",
      "currency: map a currency column or set default_currency",
    ])
    const problems = validateBankProfileMapping({
      date: "d",
      amount: "a",
      debit: "a",
      reference: "r",
      bank_transaction_id: "d",
      default_currency: "yuan",
      date_format: "DD/MM/YY",
      encoding: "klingon",
      delimiter: ";;",
      skip_lines: -1,
      decimal: "·" as ",",
    })
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^amount: map either/),
        expect.stringMatching(/^debit: a debit column needs a credit column/),
        expect.stringMatching(/^default_currency/),
        expect.stringMatching(/^date_format/),
        expect.stringMatching(/^encoding/),
        expect.stringMatching(/^delimiter/),
        expect.stringMatching(/^skip_lines/),
        expect.stringMatching(/^decimal/),
        'bank_transaction_id: column "d" is already mapped to date',
      ]),
    )
    expect(validateBankProfileMapping({ ...icbcMapping, decimal: "," })).toEqual(['decimal: with a decimal comma the delimiter cannot be "," too (banks use ";")'])
  })

  it("an invalid mapping is refused before reading", async () => {
    await expect(collect(parseBankStatement(Buffer.from(""), "csv", { date: "d" } as BankProfileMapping))).rejects.toThrow(/bank profile mapping is invalid: reference: the column name is required/)
  })
})
