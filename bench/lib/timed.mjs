import { spawn } from "node:child_process"

/**
 * Runs a command in its own process group and resolves with { ms, out } (stdout and stderr together; stdout dropped
 * with `discardStdout`); rejects with the tail on failure. With `timeoutMs`, a command still running then is killed
 * (its whole group) and resolves with `timedOut: true`.
 */
export function timed(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"], detached: true })
    const out = []
    let timedOut = false
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true
          try { process.kill(-child.pid, "SIGKILL") } catch {}
        }, opts.timeoutMs)
      : null
    child.stdout.on("data", (b) => (opts.discardStdout ? undefined : out.push(b)))
    child.stderr.on("data", (b) => out.push(b))
    child.on("error", reject)
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer)
      const ms = performance.now() - t0
      const text = Buffer.concat(out).toString("utf8")
      if (code === 0) resolve({ ms, out: text })
      else if (timedOut) resolve({ ms, out: text, timedOut: true })
      else reject(new Error(`${cmd} ${args.join(" ")} exited ${code ?? signal}\n${text.slice(-4000)}`))
    })
  })
}
