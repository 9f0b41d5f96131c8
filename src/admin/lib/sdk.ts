import Medusa from "@medusajs/js-sdk"

/** The dashboard's own session: same origin, cookie auth. */
export const sdk = new Medusa({
  baseUrl: (typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__) || "/",
  auth: { type: "session" },
})
