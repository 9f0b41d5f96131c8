import { readdirSync, readFileSync, statSync } from "node:fs"
import path from "node:path"

/**
 * The scripts, browser tests and benchmarks talk HTTP to a store while they run commands. A blocking child process
 * (spawnSync / execSync / execFileSync) freezes the connection pool between two requests: the server closes the idle
 * keep-alive connection meanwhile and the next request fails with "other side closed" (issue 11: the packaging
 * check failed after `medusa user` took 8 s). They must use scripts/lib/run.mjs (awaited) instead.
 */
const root = path.resolve(__dirname, "../..")
const dirs = ["scripts", "e2e", "bench", "simulators"]

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f)
    return statSync(p).isDirectory() ? files(p) : /\.(m?js|ts)$/.test(f) ? [p] : []
  })
}

describe("scripts and browser tests never block on a child process", () => {
  it.each(dirs)("%s/ has no spawnSync, execSync or execFileSync", (dir) => {
    const offenders = files(path.join(root, dir)).filter((f) => /\b(spawnSync|execSync|execFileSync)\s*\(/.test(readFileSync(f, "utf8")))
    expect(offenders.map((f) => path.relative(root, f))).toEqual([])
  })
})
