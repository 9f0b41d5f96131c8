// Shared helpers for the browser tests: a logged-in page and the admin API.
import { chromium } from "playwright-core"
import { mkdirSync } from "node:fs"
import path from "node:path"

export const BASE = process.env.E2E_BASE_URL || "http://localhost:9100"
export const ADMIN = { email: process.env.DEMO_ADMIN_EMAIL || "admin@medusa-demo.test", password: process.env.DEMO_ADMIN_PASSWORD || "demo-password" }
export const SHOTS = path.resolve(".test-output", "screenshots")
mkdirSync(SHOTS, { recursive: true })

export async function adminToken() {
  const r = await fetch(`${BASE}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  })
  return (await r.json()).token
}

export async function api(pathname, token, init = {}) {
  const r = await fetch(`${BASE}${pathname}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(init.headers ?? {}) },
  })
  return { status: r.status, body: await r.json().catch(() => null) }
}

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  })
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  page.setDefaultTimeout(120_000)
  return { browser, page }
}

export async function login(page) {
  await page.goto(`${BASE}/app/login`)
  await page.getByPlaceholder("Email").fill(ADMIN.email)
  await page.getByPlaceholder("Password").fill(ADMIN.password)
  await page.getByRole("button", { name: "Continue with Email" }).click()
  await page.waitForURL((u) => !u.pathname.endsWith("/login"))
}

/** An order (from the plugin's list API) matching a query string, the first one. */
export async function findOrder(token, query) {
  const { body } = await api(`/admin/order-management/orders?${query}`, token)
  if (!body?.order_lifecycles?.length) throw new Error(`no order for ${query}`)
  return body.order_lifecycles[0]
}

/** Open Medusa's order page and wait for the lifecycle card. */
export async function openOrder(page, orderId) {
  await page.goto(`${BASE}/app/orders/${orderId}`)
  const card = page.getByTestId("om-lifecycle-widget")
  await card.waitFor()
  return card
}

/** Switch the admin's language (Settings → Profile), e.g. "简体中文" or "English". */
export async function setLanguage(page, name) {
  await page.goto(`${BASE}/app/settings/profile/edit`)
  const drawer = page.getByRole("dialog")
  await drawer.getByRole("combobox").last().click()
  await page.getByRole("option", { name, exact: true }).click()
  await drawer.getByRole("button", { name: /Save|保存/ }).click()
  await page.getByRole("dialog").waitFor({ state: "detached" })
}
