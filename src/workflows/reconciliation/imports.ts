import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { RECONCILIATION_MODULE } from "../../modules/reconciliation"
import type ReconciliationModuleService from "../../modules/reconciliation/service"
import type { RunView } from "../../modules/reconciliation/service"
import type { Actor } from "../../modules/order-management/lifecycle/statuses"
import {
  detectBillFormat,
  parseAlipayTradeBill,
  parseAlipayTradeBillCsv,
  parseBankStatement,
  parseBtcpayLegacyCsv,
  parseNowpaymentsCsv,
  parseWechatTradeBill,
  parseWechatTradeBillGzip,
  type BillFormat,
} from "../../modules/reconciliation/bills"
import type { BankProfileMapping, BankStatementRow, ParsedBill } from "../../modules/reconciliation/bills/types"
import { bankTransferProviderId } from "../manual-orders/complete"
import { assertBillDay, reconcilableProvider } from "./sources"
import { reconcileBill } from "./run"
import { reconcileBankStatement } from "./bank"
import { openDifferenceAnomalies } from "./anomalies"

/** Which platform a bill format belongs to. */
const FORMAT_PLATFORM: Record<Exclude<BillFormat, "unknown">, string> = {
  alipay_zip: "alipay",
  alipay_csv: "alipay",
  wechat_gzip: "wechatpay",
  wechat_csv: "wechatpay",
  nowpayments_csv: "nowpayments",
  btcpay_csv: "btcpay",
}

function open(format: BillFormat, file: Buffer): ParsedBill {
  switch (format) {
    case "alipay_zip":
      return parseAlipayTradeBill(file)
    case "alipay_csv":
      return parseAlipayTradeBillCsv(file)
    case "wechat_gzip":
      return parseWechatTradeBillGzip(file)
    case "wechat_csv":
      return parseWechatTradeBill(file)
    case "nowpayments_csv":
      return parseNowpaymentsCsv(file)
    case "btcpay_csv":
      return parseBtcpayLegacyCsv(file)
    default:
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "file: not a bill this plugin reads (Alipay csv.zip or 业务明细 CSV, WeChat Pay trade bill .csv/.gz, NOWPayments or BTCPay CSV export)")
  }
}

/** A parser's complaint about the file (a line it cannot read) as a 400 naming it. */
function asInvalid(e: unknown): never {
  if (e instanceof MedusaError) throw e
  throw new MedusaError(MedusaError.Types.INVALID_DATA, `file: ${(e as Error)?.message ?? e}`)
}

/**
 * A platform bill uploaded by hand (docs: reconciliation.md): its format detected from the name and first bytes and
 * checked against the provider's platform, then reconciled like a fetched bill (reconcileBill) for `date`. The run's
 * source becomes `upload`. 400 for a wrong platform, an unreadable file or row, a malformed or unfinished day.
 */
export async function importBill(container: MedusaContainer, input: { provider_id: string; date: string; file: Buffer; file_name: string; file_sha256: string; actor: Actor }): Promise<RunView> {
  const p = reconcilableProvider(container, input.provider_id)
  assertBillDay(p, input.date)
  const format = detectBillFormat(input.file_name, input.file.subarray(0, 4096))
  if (format === "unknown") open(format, input.file)
  const platform = FORMAT_PLATFORM[format as Exclude<BillFormat, "unknown">]
  if (platform !== p.identifier) throw new MedusaError(MedusaError.Types.INVALID_DATA, `file: this is a ${platform} bill, not one of ${p.provider_id}`)
  const recon: ReconciliationModuleService = container.resolve(RECONCILIATION_MODULE)
  const run = await recon.queueRun({ provider_id: p.provider_id, date: input.date, source: "upload", requested_by: input.actor.id ?? null, file_name: input.file_name, file_sha256: input.file_sha256 })
  if (!(await recon.startRun(run.id))) throw new MedusaError(MedusaError.Types.CONFLICT, `The reconciliation of ${p.provider_id} for ${input.date} is running; try again when it has finished`)
  try {
    const done = await reconcileBill(container, await recon.retrieveRun(run.id), open(format, input.file))
    await openDifferenceAnomalies(container, done)
    return recon.retrieveRun(run.id)
  } catch (e) {
    await recon.failRun(run.id, { status: "failed", error: (e as Error)?.message ?? String(e), retry_at: null })
    return asInvalid(e)
  }
}

/**
 * A bank statement (CSV or XLSX) read with a saved profile's column mapping and matched to bank-transfer orders
 * (reconcileBankStatement). The whole file is read (and every row checked) before anything is recorded. The run is
 * keyed by the profile and the file's SHA-256; its day is the statement's first booking day. 400 for an unknown
 * profile, a file that is not CSV/XLSX, an unreadable row (line and column named), a store without the bank-transfer
 * provider.
 */
export async function importBankStatement(container: MedusaContainer, input: { bank_profile_id: string; file: Buffer; file_name: string; file_sha256: string; actor: Actor }): Promise<RunView> {
  const recon: ReconciliationModuleService = container.resolve(RECONCILIATION_MODULE)
  const [profile] = await recon.listBankProfiles({ id: input.bank_profile_id })
  if (!profile) throw new MedusaError(MedusaError.Types.INVALID_DATA, `bank_profile: no bank profile ${input.bank_profile_id}`)
  const providerId = await bankTransferProviderId(container)
  if (!providerId) throw new MedusaError(MedusaError.Types.INVALID_DATA, "bank_profile: this store has no bank-transfer payment provider to match transfers to")
  const kind = input.file.subarray(0, 2).toString("latin1") === "PK" ? "xlsx" : "csv"
  const rows: BankStatementRow[] = []
  try {
    for await (const r of parseBankStatement(input.file, kind, profile.mapping as BankProfileMapping)) rows.push(r)
  } catch (e) {
    asInvalid(e)
  }
  const date = rows.map((r) => r.date).sort()[0] ?? new Date().toISOString().slice(0, 10)
  const run = await recon.queueRun({ provider_id: providerId, date, source: "bank_statement", bank_profile_id: profile.id, requested_by: input.actor.id ?? null, file_name: input.file_name, file_sha256: input.file_sha256 })
  if (!(await recon.startRun(run.id))) throw new MedusaError(MedusaError.Types.CONFLICT, "This statement is being reconciled; try again when it has finished")
  async function* each() {
    for (const r of rows) yield r
  }
  try {
    return await reconcileBankStatement(container, await recon.retrieveRun(run.id), each(), input.actor)
  } catch (e) {
    await recon.failRun(run.id, { status: "failed", error: (e as Error)?.message ?? String(e), retry_at: null })
    throw e
  }
}
