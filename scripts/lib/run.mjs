// Child processes for the scripts and browser tests, run without blocking the event loop.
//
// A blocking spawnSync/execFileSync between two HTTP requests freezes the client's connection pool: the server
// closes the idle keep-alive connection after 5 s (Node's default keepAliveTimeout), the client never sees the
// close, and the next request goes out on a dead socket ("fetch failed"). Awaiting the child instead lets the
// pool notice the close, whatever the command's duration.
import { spawn } from "node:child_process"

/**
 * Runs `cmd args` and resolves with its stdout (utf8) when it exits 0.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, input?: string, inherit?: boolean }} [opts] inherit: the child
 *   writes to this process's stdout/stderr (then the resolved stdout is "")
 * @returns {Promise<string>}
 * @throws Error naming the command, its exit code and the tail of stdout and stderr
 */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: opts.inherit ? ["pipe", "inherit", "inherit"] : ["pipe", "pipe", "pipe"] })
    const out = []
    const err = []
    child.stdout?.on("data", (b) => out.push(b))
    child.stderr?.on("data", (b) => err.push(b))
    child.on("error", reject)
    child.on("close", (code, signal) => {
      const stdout = Buffer.concat(out).toString("utf8")
      if (code === 0) return resolve(stdout)
      const stderr = Buffer.concat(err).toString("utf8")
      reject(new Error(`${cmd} ${args.join(" ")} exited ${code ?? signal}\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`))
    })
    child.stdin.end(opts.input ?? "")
  })
}
