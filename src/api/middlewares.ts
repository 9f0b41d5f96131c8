import { defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { preparePaymentSession } from "./utils/channel-limits"
import { registerTradesAfterSessionCreation } from "../workflows/utils/payment-trades"
import { refuseCompletingPaidCartWithoutOrder } from "./utils/paid-cart-guard"
import { serializePaymentRefunds } from "./utils/refund-lock"
import { refuseNulCharacters } from "./utils/refuse-nul"
import { assessCheckoutRisk, rateLimitCheckout, refuseBlacklistedCheckout, serializePaymentSessions } from "./utils/risk-guard"
import { applyRiskBeforeAnswer } from "./utils/place-order-risk"
import { assessPaymentAttemptRisk } from "./utils/payment-session-risk"
import { BlacklistEntryBody, BlacklistFromOrderBody, BlacklistImportBody, RiskRuleBody, RiskRulePatch, RuleOrderBody } from "./admin/order-management/risk/validators"
import { StoreVerificationConfirmBody, StoreVerificationQuery, StoreVerificationSendBody } from "./store/order-management/verification/helpers"
import multer from "multer"
import { BankProfileBody, CreateRunBody, ListDifferencesQuery, ListRunsQuery, MAX_IMPORT_BYTES, ResolveDifferenceBody } from "./admin/order-management/reconciliation/validators"
import { CompleteManualOrderBody, CreateManualOrderBody, UpdateManualOrderBody } from "./admin/order-management/manual-orders/validators"
import { PointsAdjustmentBody, PointsLedgerQuery, StoreCartPointsBody } from "./store/order-management/points/helpers"
import { AdminRefundRequestBody, ApproveRefundBody, RefundCommunicationBody, RejectRefundBody, RetryRefundBody, StoreRefundRequestBody } from "./admin/order-management/refund-requests/validators"
import {
  AddNoteBody,
  BackfillBody,
  BatchActionBody,
  ListOrdersQuery,
  StatisticsQuery,
  RefreshStatisticsBody,
  CreateOrderViewBody,
  UpdateOrderViewBody,
  OrderActionBody,
  StoreCancelBody,
  StorePaymentSessionBody,
  StoreReorderBody,
  ProofUploadBody,
  ConfirmReceiptBody,
  RejectProofBody,
  BalanceLedgerQuery,
  BalanceAdjustmentBody,
  RefundToBalanceBody,
} from "./admin/order-management/validators"
import { CreateExportBody, DownloadQuery, ExportPresetBody, ListExportsQuery } from "./admin/order-management/exports/validators"
import {
  AnomalyNoteBody,
  AssignAnomalyBody,
  CreateAnomalyBody,
  InvestigateAnomalyBody,
  ListAnomaliesQuery,
  ReplayPaymentEventBody,
  ResolveAnomalyBody,
  TransitionAnomalyBody,
} from "./admin/order-management/anomalies/validators"

export default defineMiddlewares({
  routes: [
    { matcher: "/admin/order-management/reconciliation/runs", method: "POST", middlewares: [validateAndTransformBody(CreateRunBody)] },
    { matcher: "/admin/order-management/reconciliation/runs", method: "GET", middlewares: [validateAndTransformQuery(ListRunsQuery, {})] },
    { matcher: "/admin/order-management/reconciliation/runs/:id/differences", method: "GET", middlewares: [validateAndTransformQuery(ListDifferencesQuery, {})] },
    { matcher: "/admin/order-management/reconciliation/differences/:id/resolve", method: "POST", middlewares: [validateAndTransformBody(ResolveDifferenceBody)] },
    { matcher: "/admin/order-management/reconciliation/bank-profiles", method: "POST", middlewares: [validateAndTransformBody(BankProfileBody)] },
    {
      matcher: "/admin/order-management/reconciliation/imports",
      method: "POST",
      bodyParser: false,
      middlewares: [
        (req: any, res: any, next: any) =>
          multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10 } }).single("file")(req, res, (err?: any) => {
            if (!err) return next()
            res.status(400).json({ type: "invalid_data", message: err?.code === "LIMIT_FILE_SIZE" ? `file: larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB` : `file: ${err?.message ?? err}` })
          }),
      ],
    },
    {
      // platform callbacks are verified on the exact bytes received, in whatever charset they declare (Medusa's
      // parser refuses a GBK form with 415): the route reads the body itself
      matcher: "/hooks/order-management/*",
      method: ["POST"],
      bodyParser: false,
    },
    {
      // a NUL character would reach PostgreSQL (which refuses it in text) and fail as a 500: a 400 here instead
      matcher: "/admin/order-management*",
      middlewares: [refuseNulCharacters],
    },
    {
      matcher: "/store/order-management*",
      middlewares: [refuseNulCharacters],
    },
    {
      matcher: "/admin/order-management/orders",
      method: "GET",
      middlewares: [validateAndTransformQuery(ListOrdersQuery, { isList: true, defaults: ["id"], defaultLimit: 20 })],
    },
    {
      matcher: "/admin/order-management/exports",
      method: "POST",
      middlewares: [validateAndTransformBody(CreateExportBody)],
    },
    {
      matcher: "/admin/order-management/exports",
      method: "GET",
      middlewares: [validateAndTransformQuery(ListExportsQuery, { isList: true, defaults: ["id"], defaultLimit: 20 })],
    },
    {
      matcher: "/admin/order-management/exports/presets",
      method: "POST",
      middlewares: [validateAndTransformBody(ExportPresetBody)],
    },
    {
      matcher: "/admin/order-management/exports/:id/download",
      method: "GET",
      middlewares: [validateAndTransformQuery(DownloadQuery, {})],
    },
    {
      matcher: "/admin/order-management/statistics",
      method: "GET",
      middlewares: [validateAndTransformQuery(StatisticsQuery, {})],
    },
    {
      matcher: "/admin/order-management/statistics/refresh",
      method: "POST",
      middlewares: [validateAndTransformBody(RefreshStatisticsBody)],
    },
    {
      matcher: "/admin/order-management/views",
      method: "POST",
      middlewares: [validateAndTransformBody(CreateOrderViewBody)],
    },
    {
      matcher: "/admin/order-management/views/:id",
      method: "POST",
      middlewares: [validateAndTransformBody(UpdateOrderViewBody)],
    },
    {
      matcher: "/admin/order-management/orders/batch",
      method: "POST",
      middlewares: [validateAndTransformBody(BatchActionBody)],
    },
    {
      matcher: "/admin/order-management/orders/:order_id/actions",
      method: "POST",
      middlewares: [validateAndTransformBody(OrderActionBody)],
    },
    {
      matcher: "/admin/order-management/orders/:order_id/notes",
      method: "POST",
      middlewares: [validateAndTransformBody(AddNoteBody)],
    },
    {
      matcher: "/admin/order-management/anomalies",
      method: "GET",
      middlewares: [validateAndTransformQuery(ListAnomaliesQuery, { isList: true, defaults: ["id"], defaultLimit: 20 })],
    },
    {
      matcher: "/admin/order-management/anomalies/:id/investigate",
      method: "POST",
      middlewares: [validateAndTransformBody(InvestigateAnomalyBody)],
    },
    {
      matcher: "/admin/order-management/anomalies/:id/resolve",
      method: "POST",
      middlewares: [validateAndTransformBody(ResolveAnomalyBody)],
    },
    {
      matcher: "/admin/order-management/anomalies",
      method: "POST",
      middlewares: [validateAndTransformBody(CreateAnomalyBody)],
    },
    {
      matcher: "/admin/order-management/anomalies/:id/transition",
      method: "POST",
      middlewares: [validateAndTransformBody(TransitionAnomalyBody)],
    },
    {
      matcher: "/admin/order-management/anomalies/:id/assign",
      method: "POST",
      middlewares: [validateAndTransformBody(AssignAnomalyBody)],
    },
    {
      matcher: "/admin/order-management/anomalies/:id/notes",
      method: "POST",
      middlewares: [validateAndTransformBody(AnomalyNoteBody)],
    },
    {
      matcher: "/admin/order-management/payment-events/:id/replay",
      method: "POST",
      middlewares: [validateAndTransformBody(ReplayPaymentEventBody)],
    },
    {
      matcher: "/store/order-management/orders/:order_id/cancel",
      method: "POST",
      middlewares: [validateAndTransformBody(StoreCancelBody)],
    },
    {
      matcher: "/store/order-management/orders/:order_id/payment-sessions",
      method: "POST",
      middlewares: [validateAndTransformBody(StorePaymentSessionBody)],
    },
    {
      matcher: "/store/order-management/orders/:order_id/reorder",
      method: "POST",
      middlewares: [validateAndTransformBody(StoreReorderBody)],
    },
    {
      // per-channel amount limits and customer-borne fee lines, before Medusa creates a payment session; the new
      // trade registered in the plugin's trade map once it exists; one request per collection at a time (after the limits)
      matcher: "/store/payment-collections/:id/payment-sessions",
      method: "POST",
      middlewares: [rateLimitCheckout, serializePaymentSessions, refuseBlacklistedCheckout, assessPaymentAttemptRisk, preparePaymentSession, registerTradesAfterSessionCreation],
    },
    {
      // Medusa's own refund route takes the payment's refund lock, as the plugin's refunds do
      matcher: "/admin/payments/:id/refund",
      method: "POST",
      middlewares: [serializePaymentRefunds],
    },
    {
      // a cart paid but unable to become an order (sold out meanwhile): a clear 409 instead of endless retries
      matcher: "/store/carts/:id/complete",
      method: "POST",
      middlewares: [rateLimitCheckout, refuseCompletingPaidCartWithoutOrder, refuseBlacklistedCheckout, assessCheckoutRisk, applyRiskBeforeAnswer],
    },
    {
      // a transfer slip (image or PDF) travels as base64 in JSON: 5 MB of file is about 6.7 MB of text
      matcher: "/store/order-management/orders/:order_id/bank-transfer/proof",
      method: "POST",
      bodyParser: { sizeLimit: "8mb" },
      middlewares: [validateAndTransformBody(ProofUploadBody)],
    },
    {
      matcher: "/admin/order-management/orders/:order_id/bank-transfer/confirm",
      method: "POST",
      middlewares: [validateAndTransformBody(ConfirmReceiptBody)],
    },
    {
      matcher: "/admin/order-management/orders/:order_id/bank-transfer/proofs/:proof_id/reject",
      method: "POST",
      middlewares: [validateAndTransformBody(RejectProofBody)],
    },
    {
      matcher: "/admin/order-management/customers/:customer_id/balance",
      method: "GET",
      middlewares: [validateAndTransformQuery(BalanceLedgerQuery, { isList: true, defaults: ["id"], defaultLimit: 20 })],
    },
    {
      matcher: "/admin/order-management/customers/:customer_id/balance/adjustments",
      method: "POST",
      middlewares: [validateAndTransformBody(BalanceAdjustmentBody)],
    },
    {
      // refund evidence (up to 5 files of 5 MB) travels as base64 in JSON
      matcher: "/store/order-management/orders/:order_id/refund-requests",
      method: "POST",
      bodyParser: { sizeLimit: "36mb" },
      middlewares: [validateAndTransformBody(StoreRefundRequestBody)],
    },
    {
      matcher: "/admin/order-management/orders/:order_id/refund-requests",
      method: "POST",
      middlewares: [validateAndTransformBody(AdminRefundRequestBody)],
    },
    { matcher: "/admin/order-management/risk/rules", method: "POST", middlewares: [validateAndTransformBody(RiskRuleBody)] },
    { matcher: "/admin/order-management/risk/rules/:id", method: "POST", middlewares: [validateAndTransformBody(RiskRulePatch)] },
    { matcher: "/admin/order-management/risk/rule-order", method: "POST", middlewares: [validateAndTransformBody(RuleOrderBody)] },
    { matcher: "/admin/order-management/risk/blacklist", method: "POST", middlewares: [validateAndTransformBody(BlacklistEntryBody)] },
    { matcher: "/admin/order-management/risk/blacklist/import", method: "POST", bodyParser: { sizeLimit: "6mb" }, middlewares: [validateAndTransformBody(BlacklistImportBody)] },
    { matcher: "/admin/order-management/orders/:order_id/blacklist", method: "POST", middlewares: [validateAndTransformBody(BlacklistFromOrderBody)] },
    { matcher: "/admin/order-management/refund-requests/:id/approve", method: "POST", middlewares: [validateAndTransformBody(ApproveRefundBody)] },
    { matcher: "/admin/order-management/refund-requests/:id/reject", method: "POST", middlewares: [validateAndTransformBody(RejectRefundBody)] },
    { matcher: "/admin/order-management/refund-requests/:id/retry", method: "POST", middlewares: [validateAndTransformBody(RetryRefundBody)] },
    { matcher: "/admin/order-management/refund-requests/:id/communications", method: "POST", middlewares: [validateAndTransformBody(RefundCommunicationBody)] },
    {
      matcher: "/admin/order-management/orders/:order_id/refund-to-balance",
      method: "POST",
      middlewares: [validateAndTransformBody(RefundToBalanceBody)],
    },
    // identity verification of an order a "verify" risk rule held (docs/risk.md)
    { matcher: "/store/order-management/verification", method: "GET", middlewares: [validateAndTransformQuery(StoreVerificationQuery, {})] },
    { matcher: "/store/order-management/verification", method: "POST", middlewares: [validateAndTransformBody(StoreVerificationSendBody)] },
    { matcher: "/store/order-management/verification/confirm", method: "POST", middlewares: [validateAndTransformBody(StoreVerificationConfirmBody)] },
    // points (docs/points.md)
    { matcher: "/store/order-management/points", method: "GET", middlewares: [validateAndTransformQuery(PointsLedgerQuery, {})] },
    { matcher: "/store/order-management/carts/:cart_id/points", method: "POST", middlewares: [validateAndTransformBody(StoreCartPointsBody)] },
    { matcher: "/admin/order-management/customers/:customer_id/points", method: "GET", middlewares: [validateAndTransformQuery(PointsLedgerQuery, {})] },
    { matcher: "/admin/order-management/customers/:customer_id/points/adjustments", method: "POST", middlewares: [validateAndTransformBody(PointsAdjustmentBody)] },
    {
      matcher: "/store/order-management/balance",
      method: "GET",
      middlewares: [validateAndTransformQuery(BalanceLedgerQuery, { isList: true, defaults: ["id"], defaultLimit: 20 })],
    },
    {
      matcher: "/admin/order-management/backfill",
      method: "POST",
      middlewares: [validateAndTransformBody(BackfillBody)],
    },
    // manual orders (docs/manual-orders.md)
    { matcher: "/admin/order-management/manual-orders", method: "POST", middlewares: [validateAndTransformBody(CreateManualOrderBody)] },
    { matcher: "/admin/order-management/manual-orders/:id", method: "POST", middlewares: [validateAndTransformBody(UpdateManualOrderBody)] },
    { matcher: "/admin/order-management/manual-orders/:id/complete", method: "POST", middlewares: [validateAndTransformBody(CompleteManualOrderBody)] },
  ],
})
