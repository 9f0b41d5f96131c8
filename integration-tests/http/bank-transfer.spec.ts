import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin, createCustomerWithToken } from "../helpers/admin-auth"
import { recordEvents, waitForSubscribers } from "../helpers/events"
import { parseReference } from "../../src/providers/bank-transfer/reference"
import { releaseUnpaidOrder } from "../../src/workflows/release-unpaid-orders"

jest.setTimeout(300 * 1000)

// Bank transfer: reference, proof upload, admin receipt (partial, full + approve), proof rejection, expiry.
process.env.OM_RELEASE_UNPAID = "false"
process.env.OM_MANUAL_REVIEW_PROVIDERS = "bank-transfer"
process.env.OM_UNPAID_TIMEOUT_BY_PROVIDER = JSON.stringify({ "bank-transfer": 4320 })

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("slip")]).toString("base64")
const PDF = Buffer.from("%PDF-1.4\n%slip\n").toString("base64")

// let the plugin's subscribers from one case finish before the next case starts
afterEach(() => subscribersIdle())

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let admin: Record<string, string>

    // seeded once; the runner snapshots the database after this and restores it before each test
    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { cnyProviders: ["pp_bank-transfer_bank-transfer"], stock: 10 })
      admin = (await createAdmin(container)).headers
    })
    beforeEach(() => {
      container = getContainer()
    })

    const call = (method: "get" | "post", url: string, body?: unknown, headers: Record<string, string> = admin) =>
      (method === "get" ? api.get(url, { headers }) : api.post(url, body, { headers })).catch((e: any) => e.response)
    const lifecycle = async (orderId: string) => (await call("get", `/admin/order-management/orders/${orderId}`)).data.order_lifecycle
    const capturedAmount = async (orderId: string) => {
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["payment_collections.payments.captures.amount"], filters: { id: orderId } })
      return (o as any).payment_collections.flatMap((c: any) => c.payments.flatMap((p: any) => p.captures.map((x: any) => Number(x.amount))))
    }
    const reserved = async (orderId: string) => {
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["items.id"], filters: { id: orderId } })
      const r = await container.resolve(Modules.INVENTORY).listReservationItems({ line_item_id: (o as any).items.map((i: any) => i.id) })
      return r.reduce((s: number, x: any) => s + Number(x.quantity), 0)
    }

    async function checkout(email: string) {
      const { token } = await createCustomerWithToken(container, email)
      const headers = { "x-publishable-api-key": store.publishableKey, authorization: `Bearer ${token}` }
      const h = { headers }
      const { data: { cart } } = await api.post("/store/carts", { region_id: store.regions.cny, email }, h)
      await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.variants.teapot, quantity: 1 }, h)
      await api.post(`/store/carts/${cart.id}`, { shipping_address: { first_name: "Wang", last_name: "Fang", address_1: "8 Huaihai Rd", city: "Shanghai", country_code: "cn", postal_code: "200031" } }, h)
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionIds.cny }, h)
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, h)
      const { data: { payment_collection: pc } } = await api.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_bank-transfer_bank-transfer" }, h)
      const placed = waitForSubscribers(container, "order.placed")
      const { data: done } = await api.post(`/store/carts/${cart.id}/complete`, {}, h)
      expect(done.type).toBe("order")
      await placed
      return { order_id: done.order.id as string, session: pc.payment_sessions[0], headers }
    }

    it("checkout: a checksummed reference, the CNY account, 3 days to pay; the order is placed pending with stock reserved", async () => {
      const { order_id, session, headers } = await checkout("wang@example.com")
      expect(parseReference(session.data.reference)).toBe(session.data.reference)
      expect(parseReference(session.data.reference.toLowerCase().replace(/-/g, " "))).toBe(session.data.reference)
      expect(session.data.accounts.map((a: any) => a.currency)).toEqual(["cny"])
      expect(Date.parse(session.data.expires_at) - Date.now()).toBeGreaterThan(3 * 86400_000 - 60_000)
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "pending", payment_provider: "pp_bank-transfer_bank-transfer" })
      expect(await reserved(order_id)).toBe(1)
      const info = await call("get", `/store/order-management/orders/${order_id}/bank-transfer`, undefined, headers)
      expect(info.data.bank_transfer).toMatchObject({ reference: session.data.reference, amount_minor: 40900, currency: "CNY", received_minor: 0, proofs: [] })
      expect((await call("get", `/store/order-management/orders/${order_id}/bank-transfer`, undefined, { "x-publishable-api-key": store.publishableKey })).status).toBe(401)
      const other = await createCustomerWithToken(container, "other@example.com")
      expect((await call("get", `/store/order-management/orders/${order_id}/bank-transfer`, undefined, { "x-publishable-api-key": store.publishableKey, authorization: `Bearer ${other.token}` })).status).toBe(404)
    })

    it("proof upload: type, content and size are checked; a good slip is stored privately and shows for the admin", async () => {
      const { order_id, headers } = await checkout("slip@example.com")
      const url = `/store/order-management/orders/${order_id}/bank-transfer/proof`
      const base = { payer_name: "Wang Fang", account_last4: "7788", transfer_date: "2026-11-22T09:30:00Z" }
      const bad = [
        [{ ...base, file: { name: "slip.png", mime_type: "image/gif", content_base64: PNG } }, /'image\/png, image\/jpeg, application\/pdf'.*got: 'image\/gif'/],
        [{ ...base, file: { name: "slip.png", mime_type: "image/png", content_base64: PDF } }, /not a image\/png/],
        [{ ...base, file: { name: "slip.png", mime_type: "image/png", content_base64: "@@@" } }, /not base64/],
        [{ ...base, account_last4: "12", file: { name: "slip.pdf", mime_type: "application/pdf", content_base64: PDF } }, /last 4 digits/],
        [{ ...base, file: { name: "big.pdf", mime_type: "application/pdf", content_base64: Buffer.concat([Buffer.from("%PDF-"), Buffer.alloc(5 * 1024 * 1024)]).toString("base64") } }, /limit is 5242880/],
      ] as const
      for (const [body, message] of bad) {
        const r = await call("post", url, body, headers)
        expect([r.status, r.data.message]).toEqual([400, expect.stringMatching(message)])
      }
      const ok = await call("post", url, { ...base, file: { name: "my slip.png", mime_type: "image/png", content_base64: PNG } }, headers)
      expect(ok.status).toBe(201)
      const info = (await call("get", `/admin/order-management/orders/${order_id}/payment`)).data
      expect(info.proofs).toEqual([expect.objectContaining({ status: "submitted", payer_name: "Wang Fang", account_last4: "7788", mime_type: "image/png" })])
      const file = await container.resolve(Modules.FILE).retrieveFile(info.proofs[0].file_id)
      expect(file.id).toBe(info.proofs[0].file_id)
      expect(info.sessions[0]).toMatchObject({ reference: expect.stringMatching(/^BT-/), amount_minor: 40900, received_minor: 0, currency: "cny" })
      // the admin sees the slip itself (private file, streamed with its type); the buyer cannot
      const slip = await api.get(`/admin/order-management/orders/${order_id}/bank-transfer/proofs/${info.proofs[0].id}/file`, { headers: admin, responseType: "arraybuffer" })
      expect(slip.headers["content-type"]).toMatch(/^image\/png/)
      expect(Buffer.from(slip.data).toString("base64")).toBe(PNG)
      expect((await call("get", `/admin/order-management/orders/${order_id}/bank-transfer/proofs/${info.proofs[0].id}/file`, undefined, {})).status).toBe(401)
      expect((await lifecycle(order_id)).history[0]).toMatchObject({ action: "bank_transfer_proof_submitted", actor_type: "customer" })
    })

    it("receipts: a partial one is recorded and leaves the order pending; the rest captures, confirms and approves in one step", async () => {
      const { order_id, headers } = await checkout("pay@example.com")
      await call("post", `/store/order-management/orders/${order_id}/bank-transfer/proof`, { payer_name: "Li", file: { name: "s.pdf", mime_type: "application/pdf", content_base64: PDF } }, headers)
      const url = `/admin/order-management/orders/${order_id}/bank-transfer/confirm`
      expect((await call("post", url, { amount: -1, received_at: "2026-11-22T10:00:00Z", bank_reference: "X" })).status).toBe(400)
      expect((await call("post", url, { amount: 100, received_at: "2026-11-22T10:00:00Z" })).status).toBe(400)
      expect((await call("post", url, { amount: 100, received_at: "2026-11-22T10:00:00Z", bank_reference: "CMB1" }, {})).status).toBe(401)

      const part = await call("post", url, { amount: 10000, received_at: "2026-11-22T10:00:00Z", bank_reference: "CMB20261122001" })
      expect(part.data.receipt).toEqual({ complete: false, received_minor: 10000, expected_minor: 40900 })
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "pending" })
      expect(await capturedAmount(order_id)).toEqual([])
      const again = await call("post", url, { amount: 10000, received_at: "2026-11-22T10:00:00Z", bank_reference: "CMB20261122001" })
      expect(again.status).toBeGreaterThanOrEqual(400)
      expect(again.data.message).toMatch(/already recorded/)

      const rest = await call("post", url, { amount: 30900, received_at: "2026-11-22T11:00:00Z", bank_reference: "CMB20261122002", approve: true, note: "second transfer" })
      expect(rest.data.receipt).toEqual({ complete: true, received_minor: 40900, expected_minor: 40900 })
      const l = await lifecycle(order_id)
      expect(l).toMatchObject({ payment_status: "confirmed", fulfillment_status: "processing" })
      expect(l.history.map((x: any) => x.action)).toEqual(expect.arrayContaining(["bank_transfer_partial_receipt", "bank_transfer_received", "payment_confirmed", "submit_review", "approve"]))
      expect(await capturedAmount(order_id)).toEqual([409])
      expect((await call("get", `/admin/order-management/orders/${order_id}/payment`)).data.proofs[0].status).toBe("accepted")
      expect((await call("post", url, { amount: 1, received_at: "2026-11-22T12:00:00Z", bank_reference: "CMB3" })).data.message).toMatch(/already confirmed/)
    })

    it("rejecting a proof records the reason and emits an event for the buyer; it cannot be judged twice", async () => {
      const { order_id, headers } = await checkout("reject@example.com")
      const up = await call("post", `/store/order-management/orders/${order_id}/bank-transfer/proof`, { payer_name: "Zhao", file: { name: "s.jpg", mime_type: "image/jpeg", content_base64: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]).toString("base64") } }, headers)
      const url = `/admin/order-management/orders/${order_id}/bank-transfer/proofs/${up.data.proof.id}/reject`
      expect((await call("post", url, { reason: "" })).status).toBe(400)
      const events = recordEvents(container, "order_management.bank_transfer")
      try {
        const r = await call("post", url, { reason: "the slip shows another amount" })
        expect(r.data.proof).toMatchObject({ status: "rejected", reject_reason: "the slip shows another amount" })
        expect(events.seen).toEqual([{ name: "order_management.bank_transfer.proof_rejected", data: expect.objectContaining({ order_id, reason: "the slip shows another amount" }) }])
      } finally {
        events.restore()
      }
      expect((await call("post", url, { reason: "again" })).status).toBe(409)
      const info = await call("get", `/store/order-management/orders/${order_id}/bank-transfer`, undefined, headers)
      expect(info.data.bank_transfer.proofs[0]).toMatchObject({ status: "rejected", reject_reason: "the slip shows another amount" })
      expect((await call("post", `/admin/order-management/orders/${order_id}/bank-transfer/proofs/oproof_nope/reject`, { reason: "x" })).status).toBe(404)
    })

    it("expiry: the unpaid-order job cancels it after the bank-transfer timeout (3 days), not before, and releases the stock", async () => {
      const { order_id } = await checkout("late@example.com")
      expect(await releaseUnpaidOrder(container, order_id, new Date(Date.now() + 2 * 86400_000))).toBe("skipped")
      expect(await releaseUnpaidOrder(container, order_id, new Date(Date.now() + 3 * 86400_000 + 60_000))).toBe("canceled")
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "canceled" })
      expect(await reserved(order_id)).toBe(0)
    })
  },
})
