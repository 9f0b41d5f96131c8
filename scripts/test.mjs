// npm test: runs the unit, module and HTTP suites against PostgreSQL.
// Uses DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD (defaults: localhost:5432, postgres, no password);
// when nothing answers there, starts an embedded PostgreSQL for the run.
// Prints one closing line "N passed, N failed" summing every suite and appends
// the totals to .test-output/results.jsonl for .ci/run.
import { spawn } from "node:child_process"
import { appendFileSync, mkdirSync, readFileSync, rmSync, existsSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { ensurePostgres } from "./lib/postgres.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const out = path.join(root, ".test-output")
mkdirSync(out, { recursive: true })

const all = ["unit", "modules", "http"]
const asked = process.argv.slice(2).filter((a) => !a.startsWith("-"))
const extra = process.argv.slice(2).filter((a) => a.startsWith("-"))
const suites = asked.length ? asked : all

const pg = await ensurePostgres(root)
const env = {
  ...process.env,
  DB_HOST: pg.host,
  DB_PORT: String(pg.port),
  DB_USERNAME: pg.user,
  DB_PASSWORD: pg.password,
  NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" "),
}

let passed = 0
let failed = 0
// the names of failed tests, printed again at the very end (jest's own report of them scrolls far up in a CI log)
const failures = []
for (const suite of suites) {
  const report = path.join(out, `jest-${suite}.json`)
  rmSync(report, { force: true })
  // the HTTP files each boot their own store on their own database (medusa-integration-<jest worker id>) and their
  // own simulators on free ports, so two run side by side: one file's database restores and boots overlap the
  // other's requests (OM_TEST_WORKERS, default 2; 1 runs them one after another)
  const workers = suite === "http" ? Math.max(1, Number(process.env.OM_TEST_WORKERS ?? 2)) : 1
  const parallel = workers > 1 && !extra.some((a) => a.startsWith("--runInBand") || a.startsWith("-i"))
  const args = ["jest", ...(parallel ? [`--maxWorkers=${workers}`] : ["--runInBand"]), "--forceExit", "--json", `--outputFile=${report}`, ...extra]
  if (suite === "unit") args.push("--silent")
  console.log(`\n=== ${suite} tests ===`)
  // awaited, not spawnSync: an embedded PostgreSQL logs through pipes this process must keep draining
  const r = await new Promise((resolve) => {
    const child = spawn("npx", args, { cwd: root, env: { ...env, TEST_TYPE: suite }, stdio: "inherit" })
    child.on("close", (status) => resolve({ status }))
  })
  if (existsSync(report)) {
    const j = JSON.parse(readFileSync(report, "utf8"))
    passed += j.numPassedTests
    failed += j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0)
    for (const file of j.testResults ?? []) {
      const rel = path.relative(root, file.name)
      if (file.status === "failed" && !(file.assertionResults ?? []).some((a) => a.status === "failed")) {
        failures.push(`${suite}: ${rel}: ${(file.message ?? "").split("\n").find((l) => l.trim()) ?? "failed to run"}`)
      }
      for (const a of file.assertionResults ?? []) {
        if (a.status === "failed") failures.push(`${suite}: ${rel} › ${a.fullName}: ${(a.failureMessages?.[0] ?? "").split("\n").find((l) => l.trim()) ?? ""}`)
      }
    }
    if (j.numTotalTests === 0) {
      console.error(`${suite}: no test ran`)
      failed += 1
    }
  } else {
    console.error(`${suite}: jest exited ${r.status} without a report`)
    failed += 1
  }
}
await pg.stop()
appendFileSync(path.join(out, "results.jsonl"), JSON.stringify({ runner: "npm test", suites, passed, failed }) + "\n")
if (failures.length) console.log(`\nFailed:\n${failures.map((f) => `  ✕ ${f.slice(0, 400)}`).join("\n")}\n`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
