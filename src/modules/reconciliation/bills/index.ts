/**
 * Bill parsers for reconciliation (issue #20): every platform's bill read streaming into BillRows (types.ts).
 */
import * as iconv from "iconv-lite"
import { isValidUtf8, splitCsvLine } from "./common"
import { nowpaymentsField } from "./nowpayments"

export * from "./types"
export { parseAlipayTradeBill, parseAlipayTradeBillCsv } from "./alipay"
export { parseWechatTradeBill, parseWechatTradeBillGzip } from "./wechatpay"
export { nowpaymentsBillRows, parseNowpaymentsCsv } from "./nowpayments"
export { btcpayBillRows, btcpayStatus, parseBtcpayLegacyCsv } from "./btcpay"
export { BANK_DATE_FORMATS, parseBankStatement, validateBankProfileMapping } from "./bank-statement"
export { findBankTransferReferences } from "./reference-match"
export { collect } from "./common"

export type BillFormat = "alipay_zip" | "alipay_csv" | "wechat_gzip" | "wechat_csv" | "nowpayments_csv" | "btcpay_csv" | "unknown"

/**
 * Which parser an uploaded bill file needs, from its first bytes (a few KiB are plenty; a cut-off multi-byte
 * character at the end is fine) and, when the bytes do not tell, its file name:
 * - ZIP magic `PK\x03\x04` → "alipay_zip"; gzip magic `1f 8b` → "wechat_gzip";
 * - text (UTF-8, else GBK): `#支付宝` / a header with 支付宝交易号 or 业务类型 → "alipay_csv"; a header starting 交易时间
 *   with 商户订单号, or backtick-prefixed values → "wechat_csv"; a header with payment_id and payment_status (any case
 *   or spelling nowpaymentsField folds) → "nowpayments_csv"; with InvoiceId and InvoiceStatus/InvoicePrice →
 *   "btcpay_csv";
 * - otherwise by name: `.zip` → alipay_zip, `.gz` → wechat_gzip, names with 业务明细 → alipay_csv; else "unknown".
 */
export function detectBillFormat(filename: string, firstBytes: Buffer | Uint8Array): BillFormat {
  const bytes = Buffer.isBuffer(firstBytes) ? firstBytes : Buffer.from(firstBytes.buffer, firstBytes.byteOffset, firstBytes.byteLength)
  const name = String(filename ?? "").toLowerCase()
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return "alipay_zip"
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return "wechat_gzip"
  const text = (isValidUtf8(bytes) ? bytes.toString("utf8") : iconv.decode(bytes, "gb18030")).replace(/^\ufeff/, "")
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "")
  if (lines.length) {
    if (lines[0].startsWith("#支付宝") || lines.some((l) => !l.startsWith("#") && l.includes("支付宝交易号") && l.includes("业务类型"))) return "alipay_csv"
    const first = lines[0]
    if ((first.startsWith("交易时间") && first.includes("商户订单号")) || (lines[1]?.startsWith("`") && first.includes("交易状态"))) return "wechat_csv"
    const fields = splitCsvLine(first).map(nowpaymentsField)
    if (fields.includes("payment_id") && fields.includes("payment_status")) return "nowpayments_csv"
    const cols = splitCsvLine(first).map((c) => c.trim().toLowerCase())
    if (cols.includes("invoiceid") && (cols.includes("invoicestatus") || cols.includes("invoiceprice"))) return "btcpay_csv"
  }
  if (name.endsWith(".zip")) return "alipay_zip"
  if (name.endsWith(".gz") || name.endsWith(".gzip")) return "wechat_gzip"
  if (name.includes("业务明细")) return "alipay_csv"
  return "unknown"
}
