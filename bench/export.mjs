// Export benchmark (npm run bench; BENCH=export): the order export (issue 16) on the million-order generator's
// databases (BENCH_EXPORT_SIZES, default 100000,1000000; kept between runs, see bench/lib/orders-database.mjs). For
// each size, in one run, every order with the 12 default fields, personal data masked:
//   1. PostgreSQL's own COPY (<the export's select, unmasked, unpaged>) TO STDOUT (FORMAT csv) from psql into
//      /dev/null: the baseline throughput of the same columns through the same joins (the faster of two runs); and
//      the CSV path's own statement (masked and formatted in SQL, unpaged) the same way, to read the CSV figure by;
//   2. the plugin's CSV and XLSX exports through writeExport (the export workflow's step code) into the File module,
//      in `medusa exec ./bench/export-run.ts` (the faster of BENCH_EXPORT_RUNS, default 2): rows/s, and the peak RSS
//      the export adds to the process that runs it (sampled every 20 ms; the Medusa process itself, booted, is about
//      350 MB before the export starts — both figures are recorded);
//   3. at BENCH_EXPORT_MEDUSA_SIZES (default 100000): Medusa 2.21's own order export step (query.graph pages of 50,
//      json-2-csv) over every order, once (BENCH_EXPORT_MEDUSA_TIMEOUT_S, default 3600: one not finished by then
//      fails the bench);
//   4. at the largest size: a PDF of the newest 10,000 orders, timed.
// Targets (the issue's): at 1,000,000 CSV ≥ 0.5× COPY's rows/s, XLSX ≥ 0.25×, the export's peak RSS ≤ 300 MB for
// both; at 100,000 ≥ 10× faster than Medusa's export. Writes .bench-output/export.json ({ name, n, metrics, ratios,
// targets, sizes }) and fails (exit 1 through run.mjs) when a target is missed or a run fails.
import { mkdirSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import { ordersDatabase } from "./lib/orders-database.mjs"
import { timed } from "./lib/timed.mjs"

const round = (x, d = 1) => (x == null ? x : Number(x.toFixed(d)))
const load = () => os.loadavg().map((x) => round(x, 2))


const resultOf = (out, prefix) => {
  const line = out.split("\n").find((l) => l.startsWith(prefix))
  if (!line) throw new Error(`no ${prefix} in:\n${out.slice(-3000)}`)
  return JSON.parse(line.slice(prefix.length))
}

export async function benchExport({ root, medusa, pg, baseEnv }) {
  const sizes = (process.env.BENCH_EXPORT_SIZES ?? "100000,1000000").split(",").map(Number)
  const medusaSizes = (process.env.BENCH_EXPORT_MEDUSA_SIZES ?? "100000").split(",").filter(Boolean).map(Number)
  const runs = Number(process.env.BENCH_EXPORT_RUNS ?? 2)
  const medusaTimeoutS = Number(process.env.BENCH_EXPORT_MEDUSA_TIMEOUT_S ?? 3600)
  console.log(`BENCH export: load average ${load().join(" ")} at start (${os.cpus().length} cores)`)
  const results = {}
  const failures = []
  for (const n of sizes) {
    const db = await ordersDatabase({ root, medusa, pg, baseEnv, n })
    const env = { ...baseEnv, DATABASE_URL: db.url }
    const r = { n, load: { start: load() } }
    results[n] = r
    const exec = async (mode, extra = [], timeoutMs) => {
      const x = await timed(medusa, ["exec", "./bench/export-run.ts", mode, ...extra], { cwd: root, env, timeoutMs })
      if (x.timedOut) return { timedOut: true, ms: x.ms }
      return resultOf(x.out, mode === "statement" ? "BENCH_EXPORT_STATEMENT " : "BENCH_EXPORT_RESULT ")
    }
    // 1. COPY of the same columns
    const { sql, masked_sql } = await exec("statement")
    const psqlCopy = async (statement) => {
      const runs = []
      for (let i = 0; i < 2; i++) {
        const auth = pg.password ? { PGPASSWORD: pg.password } : {}
        const c = await timed("psql", ["-h", pg.host, "-p", String(pg.port), "-U", pg.user, "-d", db.name, "-v", "ON_ERROR_STOP=1", "-c", `COPY (${statement}) TO STDOUT WITH (FORMAT csv)`], { cwd: root, env: { ...process.env, ...auth }, discardStdout: true })
        runs.push(c.ms)
      }
      return { runs_ms: runs.map((x) => Math.round(x)), rows_per_s: Math.round((n / Math.min(...runs)) * 1000) }
    }
    r.copy = await psqlCopy(sql)
    console.log(`BENCH export ${n}: COPY of the same columns ${r.copy.runs_ms.map((x) => (x / 1000).toFixed(2)).join(" / ")} s → ${r.copy.rows_per_s} rows/s (load ${load().join(" ")})`)
    // for reading the CSV figure: the CSV path's own statement (masked and formatted in SQL) through the same psql
    r.copy_masked = await psqlCopy(masked_sql)
    r.copy_masked.vs_copy = round(r.copy_masked.rows_per_s / r.copy.rows_per_s, 2)
    console.log(`BENCH export ${n}: the CSV path's masked statement alone ${r.copy_masked.runs_ms.map((x) => (x / 1000).toFixed(2)).join(" / ")} s → ${r.copy_masked.rows_per_s} rows/s = ${r.copy_masked.vs_copy}× COPY (load ${load().join(" ")})`)
    // 2. ours
    for (const format of ["csv", "xlsx"]) {
      const list = []
      for (let i = 0; i < runs; i++) list.push(await exec(format))
      const best = list.reduce((a, b) => (b.ms < a.ms ? b : a))
      r[format] = {
        runs_ms: list.map((x) => x.ms),
        rows: best.rows,
        bytes: best.bytes,
        rows_per_s: Math.round((best.rows / best.ms) * 1000),
        peak_rss_mb: Math.max(...list.map((x) => x.rss_peak_mb - x.rss_before_mb)),
        process_rss_before_mb: best.rss_before_mb,
        process_peak_rss_mb: Math.max(...list.map((x) => x.rss_peak_mb)),
      }
      r[format].vs_copy = round(r[format].rows_per_s / r.copy.rows_per_s, 2)
      if (best.rows < n) failures.push(`${n}: the ${format} export wrote ${best.rows} rows of ${n}`)
      console.log(`BENCH export ${n}: ${format.toUpperCase()} ${list.map((x) => (x.ms / 1000).toFixed(2)).join(" / ")} s → ${r[format].rows_per_s} rows/s = ${r[format].vs_copy}× COPY; peak RSS +${r[format].peak_rss_mb} MB over the booted process (${r[format].process_rss_before_mb} → ${r[format].process_peak_rss_mb} MB); ${(best.bytes / 1024 ** 2).toFixed(1)} MB (load ${load().join(" ")})`)
    }
    // 3. Medusa's own export
    if (medusaSizes.includes(n)) {
      const m = await exec("medusa", [], medusaTimeoutS * 1000)
      if (m.timedOut) {
        failures.push(`${n}: Medusa's own export did not finish in ${medusaTimeoutS} s`)
        r.medusa = { timed_out: true, ms: Math.round(m.ms) }
      } else {
        r.medusa = { ms: m.ms, rows: m.rows, rows_per_s: Math.round((m.rows / m.ms) * 1000), process_peak_rss_mb: m.rss_peak_mb }
        r.speedup_vs_medusa_export = round(r.medusa.ms / r.csv.runs_ms.reduce((a, b) => Math.min(a, b)), 1)
        console.log(`BENCH export ${n}: Medusa's own export ${(m.ms / 1000).toFixed(1)} s (${m.rows} lines) → ours (CSV) ${r.speedup_vs_medusa_export}× faster (load ${load().join(" ")})`)
      }
    }
    // 4. a PDF of 10,000 rows
    if (n === Math.max(...sizes)) {
      const p = await exec("pdf", ["10000"])
      r.pdf_10k = { s: round(p.ms / 1000, 2), bytes: p.bytes, peak_rss_mb: p.rss_peak_mb - p.rss_before_mb }
      console.log(`BENCH export ${n}: PDF of 10,000 rows ${r.pdf_10k.s} s, ${(p.bytes / 1024 ** 2).toFixed(1)} MB`)
    }
    r.load.end = load()
  }
  const largest = results[Math.max(...sizes)]
  const at100k = results[100000]
  const metrics = {
    csv_rows_per_s: largest.csv?.rows_per_s,
    xlsx_rows_per_s: largest.xlsx?.rows_per_s,
    copy_rows_per_s: largest.copy?.rows_per_s,
    copy_masked_rows_per_s: largest.copy_masked?.rows_per_s,
    csv_peak_rss_mb: largest.csv?.peak_rss_mb,
    xlsx_peak_rss_mb: largest.xlsx?.peak_rss_mb,
    pdf_10k_rows_s: largest.pdf_10k?.s,
  }
  const ratios = { csv_vs_copy: largest.csv?.vs_copy, xlsx_vs_copy: largest.xlsx?.vs_copy, ...(at100k?.speedup_vs_medusa_export && { speedup_vs_medusa_export_at_100k: at100k.speedup_vs_medusa_export }) }
  const targets = [
    { name: `csv_vs_copy (${largest.n}) ≥ 0.5`, value: ratios.csv_vs_copy, pass: ratios.csv_vs_copy >= 0.5 },
    { name: `xlsx_vs_copy (${largest.n}) ≥ 0.25`, value: ratios.xlsx_vs_copy, pass: ratios.xlsx_vs_copy >= 0.25 },
    { name: "csv_peak_rss_mb ≤ 300", value: metrics.csv_peak_rss_mb, pass: metrics.csv_peak_rss_mb <= 300 },
    { name: "xlsx_peak_rss_mb ≤ 300", value: metrics.xlsx_peak_rss_mb, pass: metrics.xlsx_peak_rss_mb <= 300 },
    ...(at100k ? [{ name: "speedup_vs_medusa_export_at_100k ≥ 10", value: ratios.speedup_vs_medusa_export_at_100k ?? null, pass: (ratios.speedup_vs_medusa_export_at_100k ?? 0) >= 10 }] : []),
  ]
  for (const t of targets) {
    console.log(`  ${t.pass ? "PASS" : "FAIL"}  ${t.name}: ${t.value}`)
    if (!t.pass) failures.push(`${t.name}: ${t.value}`)
  }
  mkdirSync(path.join(root, ".bench-output"), { recursive: true })
  writeFileSync(path.join(root, ".bench-output/export.json"), JSON.stringify({ name: "export", n: largest.n, metrics, ratios, targets, failures, sizes: results }, null, 2))
  if (failures.length) throw new Error(failures.join("; "))
}
