import { defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import {
  AddNoteBody,
  BackfillBody,
  BatchActionBody,
  ListOrdersQuery,
  OrderActionBody,
} from "./admin/order-management/validators"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/order-management/orders",
      method: "GET",
      middlewares: [validateAndTransformQuery(ListOrdersQuery, { isList: true, defaults: ["id"], defaultLimit: 20 })],
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
      matcher: "/admin/order-management/backfill",
      method: "POST",
      middlewares: [validateAndTransformBody(BackfillBody)],
    },
  ],
})
