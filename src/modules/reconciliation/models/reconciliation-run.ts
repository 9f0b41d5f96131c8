import { model } from "@medusajs/framework/utils"
import { RUN_STATUSES } from "../difference-types"

/**
 * One reconciliation of one source for one day: a payment platform's bill for a day (in the platform's time zone,
 * Asia/Shanghai for Alipay and WeChat Pay, UTC for the crypto platforms), fetched from its API or uploaded by hand, or
 * one uploaded bank statement. Running a day again reuses its run (one per provider and day): the differences are
 * replaced, the decisions already taken on them are kept. Amounts (in `totals`) are minor units of `currency_code`.
 */
const ReconciliationRun = model
  .define("reconciliation_run", {
    id: model.id({ prefix: "recrun" }).primaryKey(),
    /** the payment provider (pp_alipay_alipay, …); for a bank statement the bank-transfer provider */
    provider_id: model.text(),
    /** api (fetched from the platform), upload (a platform file uploaded by hand), bank_statement */
    source: model.enum(["api", "upload", "bank_statement"]),
    /** the bill's day, YYYY-MM-DD in the platform's time zone; for a bank statement its first booking day */
    date: model.text(),
    /** a bank statement run: the bank profile (column mapping) it was read with */
    bank_profile_id: model.text().nullable(),
    /** queued → running → completed | failed; not_ready: the platform has not published the bill yet (retried) */
    status: model.enum([...RUN_STATUSES]).default("queued"),
    attempts: model.number().default(0),
    next_attempt_at: model.dateTime().nullable(),
    error: model.text().nullable(),
    currency_code: model.text().nullable(),
    /** bill rows read (payments and refunds) */
    rows: model.number().default(0),
    matched: model.number().default(0),
    /** { [difference type]: count } */
    differences_by_type: model.json().nullable(),
    /** platform_total_minor, store_total_minor, fee_total_minor, expected_fee_total_minor, refund totals, the bill's own summary */
    totals: model.json().nullable(),
    /** an uploaded file: its name and SHA-256 (a bank statement is keyed by it: the same file again replaces its run) */
    file_name: model.text().nullable(),
    file_sha256: model.text().nullable(),
    requested_by: model.text().nullable(),
    started_at: model.dateTime().nullable(),
    finished_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["provider_id", "date"], unique: true, where: "deleted_at IS NULL AND source <> 'bank_statement'", name: "IDX_reconciliation_run_provider_date" },
    { on: ["bank_profile_id", "file_sha256"], unique: true, where: "deleted_at IS NULL AND source = 'bank_statement'", name: "IDX_reconciliation_run_bank_file" },
    { on: ["status", "next_attempt_at"], where: "deleted_at IS NULL" },
    { on: ["date"], where: "deleted_at IS NULL" },
  ])

export default ReconciliationRun
