// Shared helpers for the local payment-platform simulators (CommonJS so the
// demo script, the tests and the benchmark can all load them). They are an
// independent implementation of each platform's side of the wire format:
// nothing here imports the plugin's gateway code.
"use strict"
const http = require("node:http")

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })
}

function listen(handler, port = 0) {
  const server = http.createServer((req, res) => {
    handler(req, res).catch((e) => {
      res.statusCode = 500
      res.end(String(e && e.stack || e))
    })
  })
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)))
}

function close(server) {
  return new Promise((resolve) => {
    server.closeAllConnections?.()
    server.close(() => resolve())
  })
}

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

function page(title, body) {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title>
<style>body{font-family:system-ui,"WenQuanYi Zen Hei",sans-serif;max-width:640px;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}
button{font-size:1rem;padding:.4rem 1rem;border-radius:6px;border:0;background:#1677ff;color:#fff;cursor:pointer}
.muted{color:#888}</style></head><body>${body}</body></html>`
}

async function postWithRetries(url, options, delaysMs, log) {
  const { isAck, ...init } = options
  let last = null
  for (let attempt = 0; attempt <= delaysMs.length; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, delaysMs[attempt - 1]))
    try {
      const res = await fetch(url, { method: "POST", ...init, signal: AbortSignal.timeout(10_000) })
      last = { status: res.status, body: await res.text(), attempt }
    } catch (e) {
      last = { status: 0, body: String(e && e.message || e), attempt }
    }
    log.push({ url, ...last, at: new Date().toISOString() })
    if (isAck(last)) return last
  }
  return last
}

module.exports = { readBody, listen, close, esc, page, postWithRetries }
