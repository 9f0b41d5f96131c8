import type { BtcpayInvoice } from "../../../gateways/btcpay"
import type { NowPayment } from "../../../gateways/nowpayments/client"
import { btcpayBillRows, parseBtcpayLegacyCsv } from "../bills/btcpay"
import { collect } from "../bills/common"
import { nowpaymentsBillRows, parseNowpaymentsCsv } from "../bills/nowpayments"

const np = (o: Partial<NowPayment>): NowPayment => ({
  payment_id: 5077125051,
  payment_status: "finished",
  price_amount: 49.99,
  price_currency: "usd",
  pay_amount: "0.00169",
  pay_currency: "btc",
  order_id: "OM0001",
  ...o,
})

describe("NOWPayments payments list", () => {
  it("maps every status; refunded → a paid payment row and a refund row", async () => {
    const statuses: NowPayment["payment_status"][] = ["finished", "partially_paid", "waiting", "confirming", "confirmed", "sending", "failed", "expired", "refunded"]
    const rows = await collect(nowpaymentsBillRows(statuses.map((s, i) => np({ payment_id: 100 + i, payment_status: s, order_id: `OM${i}` }))))
    expect(rows.map((r) => [r.line, r.kind, r.status])).toEqual([
      [1, "payment", "paid"],
      [2, "payment", "partially_paid"],
      [3, "payment", "pending"],
      [4, "payment", "pending"],
      [5, "payment", "pending"],
      [6, "payment", "pending"],
      [7, "payment", "failed"],
      [8, "payment", "closed"],
      [9, "payment", "paid"],
      [9, "refund", "refunded"],
    ])
    expect(rows[9]).toMatchObject({ platform_trade_no: "108", out_trade_no: "OM8", amount_minor: 4999, currency: "USD", fee_minor: null })
  })

  it("amounts in the price currency's minor units, exact; fee only when in the price currency; re-deposits are their own rows", async () => {
    async function* pages(): AsyncGenerator<NowPayment> {
      yield np({ price_amount: "19.999", actually_paid_at_fiat: "20.1", created_at: "2026-03-01T10:00:00.000Z", updated_at: "2026-03-01T10:20:00.000Z", fee: { currency: "usd", depositFee: "0.1", serviceFee: 0.2, withdrawalFee: "9" } })
      yield np({ payment_id: "6000000001", parent_payment_id: 5077125051, payment_status: "partially_paid", price_amount: "1000", price_currency: "JPY", fee: { currency: "btc", depositFee: "0.00001" } })
    }
    const [a, b] = await collect(nowpaymentsBillRows(pages()))
    expect(a).toMatchObject({ platform_trade_no: "5077125051", out_trade_no: "OM0001", amount_minor: 2000, received_minor: 2010, fee_minor: 30, occurred_at: "2026-03-01T10:20:00.000Z", parent_trade_no: null })
    expect(a.raw["fee.depositFee"]).toBe("0.1")
    expect(b).toMatchObject({ platform_trade_no: "6000000001", parent_trade_no: "5077125051", out_trade_no: "OM0001", status: "partially_paid", amount_minor: 1000, currency: "JPY", fee_minor: null, occurred_at: null })
    await expect(collect(nowpaymentsBillRows([np({ price_amount: "abc" })]))).rejects.toThrow(/payment 5077125051 \(row 1\): price_amount "abc"/)
  })

  it("a CSV upload with API-like column names in any case", async () => {
    const csv = [
      "Payment ID,Payment Status,Price Amount,Price Currency,Pay Amount,Pay Currency,Order ID,Created At,parentPaymentId,Fee Currency,Deposit Fee,Service Fee",
      "5077125051,finished,49.99,USD,0.00169,BTC,OM0001,2026-03-01 10:00:00,,USD,0.25,0.25",
      "5077125052,refunded,10,usd,0.0003,BTC,OM0002,2026-03-01T11:00:00Z,,,,",
      "6000000001,partially_paid,5,usd,0.0001,BTC,OM0001,2026-03-01T12:00:00Z,5077125051,,,",
    ].join("\n")
    const bill = parseNowpaymentsCsv(Buffer.from(csv))
    const rows = await collect(bill.rows)
    expect(rows.map((r) => [r.line, r.kind, r.status, r.platform_trade_no, r.amount_minor])).toEqual([
      [2, "payment", "paid", "5077125051", 4999],
      [3, "payment", "paid", "5077125052", 1000],
      [3, "refund", "refunded", "5077125052", 1000],
      [4, "payment", "partially_paid", "6000000001", 500],
    ])
    expect(rows[0]).toMatchObject({ fee_minor: 50, occurred_at: "2026-03-01T10:00:00.000Z" })
    expect(rows[0].raw["Payment ID"]).toBe("5077125051")
    expect(rows[3].parent_trade_no).toBe("5077125051")
    expect(bill.summary()).toBeNull()
    await expect(collect(parseNowpaymentsCsv(Buffer.from("id,amount\n1,2\n")).rows)).rejects.toThrow(/line 1: the header has no column payment_status, price_amount, price_currency/)
  })
})

const inv = (o: Partial<BtcpayInvoice>): BtcpayInvoice => ({
  id: "9SvwUn7VnY8TMRuD3qoDkk",
  storeId: "store1",
  amount: "25.50",
  currency: "EUR",
  status: "Settled",
  additionalStatus: "None",
  checkoutLink: "https://btcpay.example/i/x",
  createdTime: 1772359200,
  metadata: { orderId: "OM0001" },
  ...o,
})

describe("BTCPay Server invoices", () => {
  it("maps statuses and additional statuses", async () => {
    const cases: Array<[BtcpayInvoice["status"], BtcpayInvoice["additionalStatus"], string | undefined, string]> = [
      ["Settled", "None", undefined, "paid"],
      ["Settled", "PaidOver", undefined, "paid"],
      ["Settled", "Marked", undefined, "paid"],
      ["Processing", "None", undefined, "pending"],
      ["New", "None", undefined, "pending"],
      ["New", "PaidPartial", undefined, "partially_paid"],
      ["Expired", "None", undefined, "closed"],
      ["Expired", "PaidPartial", "10.00", "partially_paid"],
      ["Expired", "PaidLate", undefined, "paid"],
      ["Expired", "PaidLate", "20.00", "partially_paid"],
      ["Invalid", "Marked", undefined, "failed"],
    ]
    const rows = await collect(btcpayBillRows(cases.map(([status, additionalStatus, paidAmount], i) => inv({ id: `inv${i}`, status, additionalStatus, paidAmount }))))
    expect(rows.map((r) => r.status)).toEqual(cases.map((c) => c[3]))
    expect(rows[0]).toMatchObject({ line: 1, kind: "payment", platform_trade_no: "inv0", out_trade_no: "OM0001", amount_minor: 2550, currency: "EUR", received_minor: null, fee_minor: null, occurred_at: "2026-03-01T10:00:00.000Z" })
    expect(rows[7].received_minor).toBe(1000)
    expect(rows[0].raw["metadata.orderId"]).toBe("OM0001")
  })

  it("Legacy Invoice Export CSV: one row per payment folded into one row per invoice", async () => {
    const header = "ReceivedDate,StoreId,OrderId,InvoiceId,InvoiceCreatedDate,InvoiceExpirationDate,InvoiceMonitoringDate,PaymentId,Destination,PaymentType,CryptoCode,Paid,NetworkFee,ConversionRate,PaidCurrency,InvoiceCurrency,InvoiceDue,InvoicePrice,InvoiceItemCode,InvoiceItemDesc,InvoiceFullStatus,InvoiceStatus,InvoiceExceptionStatus,BuyerEmail,Accounted"
    const csv = [
      header,
      // two payments of one invoice, one of them not accounted (replaced by RBF)
      "2026-03-01T10:05:00Z,store1,OM0001,INV1,2026-03-01T10:00:00Z,2026-03-01T10:15:00Z,2026-03-02T10:00:00Z,tx1-0,bc1q…,On-Chain,BTC,0.0002,0.00001,50000,10.00,EUR,15.50,25.50,,Tea,Settled,complete,,a@b.c,true",
      "2026-03-01T10:06:00Z,store1,OM0001,INV1,2026-03-01T10:00:00Z,2026-03-01T10:15:00Z,2026-03-02T10:00:00Z,tx2-0,bc1q…,On-Chain,BTC,0.00031,0.00001,50000,15.50,EUR,0.00,25.50,,Tea,Settled,complete,,a@b.c,true",
      "2026-03-01T10:07:00Z,store1,OM0001,INV1,2026-03-01T10:00:00Z,2026-03-01T10:15:00Z,2026-03-02T10:00:00Z,tx3-0,bc1q…,On-Chain,BTC,0.00031,0.00001,50000,15.50,EUR,0.00,25.50,,Tea,Settled,complete,,a@b.c,false",
      // an invoice without payments
      ",store1,OM0002,INV2,1772362800,1772363700,1772449200,,,,,,,,,EUR,9.99,9.99,,Tea,Expired,expired,,,",
      "2026-03-01T12:05:00Z,store1,OM0003,INV3,2026-03-01T12:00:00Z,2026-03-01T12:15:00Z,2026-03-02T12:00:00Z,tx4-0,bc1q…,On-Chain,BTC,0.0001,0,50000,5.00,EUR,4.99,9.99,,Tea,Expired (paidPartial),expired,paidPartial,,true",
    ].join("\r\n")
    const bill = parseBtcpayLegacyCsv(Buffer.from(csv))
    const rows = await collect(bill.rows)
    expect(rows.map((r) => [r.line, r.platform_trade_no, r.out_trade_no, r.status, r.amount_minor, r.received_minor])).toEqual([
      [2, "INV1", "OM0001", "paid", 2550, 2550],
      [5, "INV2", "OM0002", "closed", 999, null],
      [6, "INV3", "OM0003", "partially_paid", 999, 500],
    ])
    expect(rows[1].occurred_at).toBe("2026-03-01T11:00:00.000Z")
    expect(rows[0].raw.InvoiceStatus).toBe("complete")
    expect(bill.summary()).toBeNull()
    await expect(collect(parseBtcpayLegacyCsv(Buffer.from("InvoiceId,Foo\nx,y\n")).rows)).rejects.toThrow(/line 1: the header has no column InvoicePrice, InvoiceCurrency, InvoiceStatus/)
  })
})
