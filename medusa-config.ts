/**
 * Runs this repo as a Medusa store for the demo and the tests; not shipped
 * (package.json `files` leaves it out). A store that installs the plugin
 * writes its own config: see README "Install into an existing store".
 */
import path from "node:path"
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const pluginOptions = {
  manualReviewProviders: (process.env.OM_MANUAL_REVIEW_PROVIDERS ?? "bank-transfer,system,deferred").split(",").filter(Boolean),
  autoActivate: process.env.OM_AUTO_ACTIVATE === "true",
  autoCompleteAfterDays: Number(process.env.OM_AUTO_COMPLETE_DAYS ?? 7),
  releaseUnpaidOrders: process.env.OM_RELEASE_UNPAID !== "false",
  unpaidOrderTimeoutMinutes: Number(process.env.OM_UNPAID_TIMEOUT_MINUTES ?? 600),
  unpaidOrderTimeoutByProvider: process.env.OM_UNPAID_TIMEOUT_BY_PROVIDER ? JSON.parse(process.env.OM_UNPAID_TIMEOUT_BY_PROVIDER) : undefined,
  unpaidOrderBatchSize: Number(process.env.OM_UNPAID_BATCH_SIZE ?? 30),
  // e.g. OM_PERMISSIONS='{"cancel":["boss@example.com"]}'
  permissions: process.env.OM_PERMISSIONS ? JSON.parse(process.env.OM_PERMISSIONS) : undefined,
}

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    workerMode: (process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server") || "shared",
    ...(process.env.COOKIE_SECURE === "false" ? { cookieOptions: { secure: false } } : {}),
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000,http://localhost:9000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:5173,http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:5173,http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.MEDUSA_ADMIN_DISABLE === "true",
  },
  modules: [
    { resolve: "./src/modules/order-management", options: pluginOptions },
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [
          // a pay-later test provider: authorizes as pending_authorization until told the money arrived
          // (an absolute path: Medusa rewrites "./x" to "./src/x")
          { resolve: path.join(__dirname, "integration-tests/fakes/deferred-payment"), id: "deferred" },
        ],
      },
    },
  ],
})
