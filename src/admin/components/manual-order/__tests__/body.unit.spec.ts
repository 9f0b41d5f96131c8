import { buildBody, linesOf, splitMarks } from "../body"

const t = (k: string) => k
const line = { variant_id: "variant_1", quantity: 2, product_title: "Tea", variant_title: "250g", sku: "T", specs: "", service: false, levels: null }
const base = {
  regionId: "reg_1",
  currency: "cny",
  customer: { kind: "existing" as const, customer: { id: "cus_1", email: "a@b.cn", first_name: "Mei", last_name: "Li", phone: null } },
  lines: [line],
  address: null,
  shippingOptionId: "",
  discounts: { codes: [], manualType: "none" as const, manualValue: "", manualReason: "", balance: "", points: "" },
  notes: { note: "", marks: "", channel: "phone", summary: "" },
}

describe("the Create order page's request body", () => {
  it("is built in minor units from what is typed", () => {
    const { body, problems } = buildBody({
      ...base,
      shippingOptionId: "so_1",
      discounts: { codes: ["WELCOME10"], manualType: "amount", manualValue: "5.50", manualReason: " loyal ", balance: "12.3", points: "100" },
      notes: { note: " ring twice ", marks: "VIP，gift, VIP", channel: "wechat", summary: "asked for red" },
    }, t)
    expect(problems).toEqual({})
    expect(body).toEqual({
      customer_id: "cus_1",
      region_id: "reg_1",
      items: [{ variant_id: "variant_1", quantity: 2 }],
      shipping_address: null,
      shipping_option_id: "so_1",
      promo_codes: ["WELCOME10"],
      manual_discount: { type: "amount", value: 550, reason: "loyal" },
      balance_minor: 1230,
      points: 100,
      notes: "ring twice",
      marks: ["VIP", "gift"],
      communication: { channel: "wechat", summary: "asked for red" },
    })
  })

  it("is withheld while a manual discount has no reason, an amount is not money or points are not whole", () => {
    const r = buildBody({ ...base, discounts: { ...base.discounts, manualType: "percent", manualValue: "10", balance: "1.234", points: "1.5" } }, t)
    expect(r.body).toBeNull()
    expect(r.problems).toEqual({ manualReason: "manualOrder.discounts.reasonRequired", balance: "manualOrder.discounts.badAmount", points: "manualOrder.discounts.badPoints" })
  })

  it("waits for a customer and a product, and sends a new customer's details for the server to create", () => {
    expect(buildBody({ ...base, customer: null }, t).body).toBeNull()
    expect(buildBody({ ...base, lines: [] }, t).body).toBeNull()
    const incomplete = { kind: "new" as const, data: { first_name: "Mei", last_name: "Li", email: "not-an-email", phone: "" } }
    expect(buildBody({ ...base, customer: incomplete }, t).body).toBeNull()
    const { body } = buildBody({ ...base, customer: { kind: "new", data: { ...incomplete.data, email: " mei@x.cn " } }, address: { first_name: "Mei", last_name: "", phone: "", address_1: "1 Road", address_2: "", city: "Shanghai", province: "", postal_code: "", country_code: "cn" } }, t)
    expect(body?.customer).toEqual({ first_name: "Mei", last_name: "Li", email: "mei@x.cn" })
    expect(body?.customer_id).toBeUndefined()
    expect(body?.shipping_address).toEqual({ first_name: "Mei", address_1: "1 Road", city: "Shanghai", country_code: "cn" })
    expect(body?.manual_discount).toBeNull()
    // what is cleared is sent as null (an update keeps what it is not given)
    expect([body?.shipping_option_id, body?.notes, body?.communication]).toEqual([null, null, null])
  })

  it("splits marks on commas of either width, dropping blanks and repeats", () => {
    expect(splitMarks(" VIP ,礼品，、VIP,")).toEqual(["VIP", "礼品"])
  })
})

describe("a product search hit as lines", () => {
  it("shows stock per location (kits count whole sets: the scarcest item there, none where an item is missing) and marks services", () => {
    const [kit, club] = [
      linesOf({
        id: "prod_1", title: "Gift set", shipping_profile: { id: "sp_1" },
        variants: [{
          id: "v1", title: "Red", sku: "SET", manage_inventory: true, options: [{ value: "Red", option: { title: "Color" } }],
          inventory_items: [
            { required_quantity: 2, inventory: { location_levels: [{ location_id: "sh", available_quantity: 9 }, { location_id: "bj", available_quantity: 4 }] } },
            { required_quantity: 1, inventory: { location_levels: [{ location_id: "sh", available_quantity: 3 }] } },
          ],
        }],
      })[0],
      linesOf({ id: "prod_2", title: "Club", shipping_profile: null, variants: [{ id: "v2", title: "Yearly", sku: null, manage_inventory: false, inventory_items: [] }] })[0],
    ]
    expect(kit).toMatchObject({ variant_id: "v1", specs: "Color: Red", service: false, levels: [{ location_id: "sh", available: 3 }, { location_id: "bj", available: 0 }] })
    expect(club).toMatchObject({ service: true, levels: null, quantity: 1 })
  })
})
