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
  // after-sales: e.g. OM_REFUND_APPROVAL_ABOVE_MINOR=50000 (with OM_PERMISSIONS='{"approveRefund":["boss@example.com"]}'),
  // OM_REFUND_DEADLINE_DAYS='{"wechatpay":30}'
  refundApprovalAboveMinor: process.env.OM_REFUND_APPROVAL_ABOVE_MINOR ? Number(process.env.OM_REFUND_APPROVAL_ABOVE_MINOR) : undefined,
  refundDeadlineDays: process.env.OM_REFUND_DEADLINE_DAYS ? JSON.parse(process.env.OM_REFUND_DEADLINE_DAYS) : undefined,
  statisticsRefreshJob: process.env.OM_STATISTICS_REFRESH_JOB !== "false",
  // e.g. OM_PAYMENT_CHANNELS='{"alipay":{"limits":{"cny":{"min":100,"max":5000000}},"fee":{"rateBps":60}}}'
  paymentChannels: process.env.OM_PAYMENT_CHANNELS ? JSON.parse(process.env.OM_PAYMENT_CHANNELS) : undefined,
  // customer messages and admin-feed notices (docs/notifications.md), e.g.
  // OM_NOTIFICATIONS='{"defaultLocale":"zh-CN","disabled":["order_management.order.approved"]}'
  notifications: process.env.OM_NOTIFICATIONS ? JSON.parse(process.env.OM_NOTIFICATIONS) : undefined,
  // risk: e.g. OM_RISK='{"trustedProxies":["10.0.0.0/8"]}'
  risk: process.env.OM_RISK ? JSON.parse(process.env.OM_RISK) : undefined,
  // points (docs/points.md), e.g. OM_POINTS='{"earnPerMajorUnit":{"cny":1},"valueMinor":{"cny":1},"maxSharePercent":50}'
  points: process.env.OM_POINTS ? JSON.parse(process.env.OM_POINTS) : undefined,
  // reconciliation against the platforms' bills (docs/reconciliation.md), e.g. OM_RECONCILIATION='{"cron":"30 10 * * *"}'
  reconciliation: process.env.OM_RECONCILIATION ? JSON.parse(process.env.OM_RECONCILIATION) : undefined,
  // e.g. OM_REQUIRED_ADDRESS_FIELDS=phone,province,postal_code
  requiredAddressFields: process.env.OM_REQUIRED_ADDRESS_FIELDS ? process.env.OM_REQUIRED_ADDRESS_FIELDS.split(",").map((s) => s.trim()).filter(Boolean) : undefined,
  // manual orders (docs/manual-orders.md): OM_MANUAL_DISCOUNT_MAX_PERCENT=10, OM_STOREFRONT_PAY_URL=https://shop.example.com/pay/{order_id}
  manualDiscountMaxPercent: process.env.OM_MANUAL_DISCOUNT_MAX_PERCENT ? Number(process.env.OM_MANUAL_DISCOUNT_MAX_PERCENT) : undefined,
  storefrontPayUrl: process.env.OM_STOREFRONT_PAY_URL || undefined,
}

const json = (v: string | undefined) => (v ? JSON.parse(v) : undefined)
const redisTopology = process.env.OM_REDIS === "true" || process.env.OM_REDIS_EVENT_BUS === "true"
// BullMQ queue names may not contain ":"
const redisNamespace = process.env.OM_REDIS_NAMESPACE ? `${process.env.OM_REDIS_NAMESPACE}-` : ""

// China payments, configured from the environment (npm run demo and the tests point them at the local simulators)
const cnProviders = [
  process.env.OM_ALIPAY_APP_ID && {
    resolve: path.join(__dirname, "src/providers/alipay"),
    id: "alipay",
    options: {
      appId: process.env.OM_ALIPAY_APP_ID,
      privateKey: process.env.OM_ALIPAY_PRIVATE_KEY,
      alipayPublicKey: process.env.OM_ALIPAY_PUBLIC_KEY,
      sellerId: process.env.OM_ALIPAY_SELLER_ID,
      gatewayUrl: process.env.OM_ALIPAY_GATEWAY_URL,
      notifyUrl: process.env.OM_ALIPAY_NOTIFY_URL,
      returnUrl: process.env.OM_ALIPAY_RETURN_URL,
      expiresInMinutes: process.env.OM_PAYMENT_EXPIRES_MINUTES ? Number(process.env.OM_PAYMENT_EXPIRES_MINUTES) : undefined,
    },
  },
  process.env.OM_WECHAT_MCHID && {
    resolve: path.join(__dirname, "src/providers/wechatpay"),
    id: "wechatpay",
    options: {
      mchid: process.env.OM_WECHAT_MCHID,
      appid: process.env.OM_WECHAT_APPID,
      merchantSerialNo: process.env.OM_WECHAT_SERIAL,
      privateKey: process.env.OM_WECHAT_PRIVATE_KEY,
      platformKeys: json(process.env.OM_WECHAT_PLATFORM_KEYS),
      requestSerial: process.env.OM_WECHAT_REQUEST_SERIAL,
      apiV3Key: process.env.OM_WECHAT_APIV3_KEY,
      baseUrl: process.env.OM_WECHAT_BASE_URL,
      notifyUrl: process.env.OM_WECHAT_NOTIFY_URL,
      h5RedirectUrl: process.env.OM_WECHAT_H5_REDIRECT_URL,
      expiresInMinutes: process.env.OM_PAYMENT_EXPIRES_MINUTES ? Number(process.env.OM_PAYMENT_EXPIRES_MINUTES) : undefined,
    },
  },
  process.env.OM_NOWPAYMENTS_API_KEY && {
    resolve: path.join(__dirname, "src/providers/nowpayments"),
    id: "nowpayments",
    options: {
      apiKey: process.env.OM_NOWPAYMENTS_API_KEY,
      ipnSecret: process.env.OM_NOWPAYMENTS_IPN_SECRET,
      ipnCallbackUrl: process.env.OM_NOWPAYMENTS_IPN_URL,
      baseUrl: process.env.OM_NOWPAYMENTS_BASE_URL,
      payCurrency: process.env.OM_NOWPAYMENTS_PAY_CURRENCY ?? "usdttrc20",
      // hosted invoices (data.mode: "invoice" per session, or this default) and the account login for the list API
      mode: (process.env.OM_NOWPAYMENTS_MODE as "payment" | "invoice" | undefined) || undefined,
      email: process.env.OM_NOWPAYMENTS_EMAIL || undefined,
      password: process.env.OM_NOWPAYMENTS_PASSWORD || undefined,
      successUrl: process.env.OM_NOWPAYMENTS_SUCCESS_URL || undefined,
      allowedPayCurrencies: ["usdttrc20", "btc"],
      underpaidToleranceMinor: Number(process.env.OM_CRYPTO_UNDERPAID_TOLERANCE_MINOR ?? 0),
      overpaidToleranceMinor: Number(process.env.OM_CRYPTO_OVERPAID_TOLERANCE_MINOR ?? 0),
    },
  },
  // offline bank transfer: always on in this store (account details are demo data)
  {
    resolve: path.join(__dirname, "src/providers/bank-transfer"),
    id: "bank-transfer",
    options: {
      accounts: [
        { bank_name: "China Merchants Bank, Shanghai Branch", account_name: "Demo Tea Trading Co., Ltd.", account_number: "6214 8312 3456 7890", currency: "cny" },
        { bank_name: "HSBC Hong Kong", account_name: "Demo Tea Trading Ltd", account_number: "400-123456-838", swift: "HSBCHKHHHKH", currency: "usd" },
      ],
      instructions: "Transfer the exact amount and put the reference in the remark (附言). Upload your transfer slip after paying.",
      expiresInMinutes: 3 * 24 * 60,
    },
  },
  // customer balance (the balance module's ledger): always on in this store
  { resolve: path.join(__dirname, "src/providers/balance"), id: "balance", options: {} },
  process.env.OM_BTCPAY_URL && {
    resolve: path.join(__dirname, "src/providers/btcpay"),
    id: "btcpay",
    options: {
      baseUrl: process.env.OM_BTCPAY_URL,
      apiKey: process.env.OM_BTCPAY_API_KEY,
      storeId: process.env.OM_BTCPAY_STORE_ID,
      webhookSecret: process.env.OM_BTCPAY_WEBHOOK_SECRET,
      underpaidToleranceMinor: Number(process.env.OM_CRYPTO_UNDERPAID_TOLERANCE_MINOR ?? 0),
      overpaidToleranceMinor: Number(process.env.OM_CRYPTO_OVERPAID_TOLERANCE_MINOR ?? 0),
    },
  },
].filter(Boolean)

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
    // production topology (several processes on one Redis): Medusa's Redis event bus, workflow engine and locking, so
    // a server instance answers HTTP while one or more worker instances run subscribers and jobs, each job once per
    // tick cluster-wide and every lock shared; the callback benchmark runs this way (OM_REDIS=true; OM_REDIS_NAMESPACE
    // keeps one run's queues apart from another's on a shared Redis)
    ...(redisTopology
      ? [
          { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl: process.env.REDIS_URL, queueName: `${redisNamespace}events` } },
          { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl: process.env.REDIS_URL, queueName: `${redisNamespace}workflows`, jobQueueName: `${redisNamespace}workflow-jobs` } } },
          {
            resolve: "@medusajs/medusa/locking",
            options: { providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl: process.env.REDIS_URL, namespace: `${redisNamespace}locks:` } }] },
          },
        ]
      : []),
    // uploads (bank-transfer proofs are private files) in a dot folder, out of git and of `medusa develop`'s watch
    {
      resolve: "@medusajs/medusa/file",
      options: {
        providers: [{ resolve: "@medusajs/medusa/file-local", id: "local", options: { upload_dir: ".uploads/static", private_upload_dir: ".uploads/private" } }],
      },
    },
    { resolve: "./src/modules/order-management", options: pluginOptions },
    { resolve: "./src/modules/balance", options: pluginOptions },
    { resolve: "./src/modules/points", options: pluginOptions },
    { resolve: "./src/modules/payment-trades" },
    { resolve: "./src/modules/order-views" },
    { resolve: "./src/modules/statistics" },
    { resolve: "./src/modules/export" },
    { resolve: "./src/modules/notifications", options: pluginOptions },
    // Medusa's Notification module: the local provider writes each message to the log (and Medusa's notification
    // table) for customer email and the admin feed (Medusa's default registers it for "feed" only). A real store puts
    // its email provider (e.g. @medusajs/medusa/notification-sendgrid, channels ["email"]) here and keeps local for
    // "feed": one provider per channel (docs/notifications.md)
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [{ resolve: "@medusajs/medusa/notification-local", id: "local", options: { name: "Local Notification Provider", channels: ["email", "feed"] } }],
      },
    },
    { resolve: "./src/modules/after-sales", options: pluginOptions },
    { resolve: "./src/modules/risk", options: pluginOptions },
    { resolve: "./src/modules/anomaly-desk" },
    { resolve: "./src/modules/manual-orders", options: pluginOptions },
    { resolve: "./src/modules/reconciliation", options: pluginOptions },
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [
          // a pay-later test provider: authorizes as pending_authorization until told the money arrived
          // (an absolute path: Medusa rewrites "./x" to "./src/x")
          { resolve: path.join(__dirname, "integration-tests/fakes/deferred-payment"), id: "deferred" },
          ...(cnProviders as any[]),
        ],
      },
    },
  ],
})
