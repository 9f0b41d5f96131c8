import Medusa from "@medusajs/js-sdk"

/** The dashboard's own session: same origin, cookie auth. */
export const sdk = new Medusa({
  baseUrl: (typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__) || "/",
  auth: { type: "session" },
})

/** An absolute link to a backend path (the dashboard may be served from another origin in development). */
export const backendUrl = (path: string) => `${((typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__) || "").replace(/\/$/, "")}${path}`
