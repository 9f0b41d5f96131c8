import type { MedusaContainer } from "@medusajs/framework/types"
import { generateJwtToken, Modules } from "@medusajs/framework/utils"

/** An admin user and a bearer token for it (the test DB is reset before each test, so call in beforeEach). */
export async function createAdmin(container: MedusaContainer, email = "admin@test.com") {
  const user = await container.resolve(Modules.USER).createUsers({ email })
  const identity = await container.resolve(Modules.AUTH).createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: email }],
    app_metadata: { user_id: user.id },
  })
  const token = generateJwtToken(
    { actor_id: user.id, actor_type: "user", auth_identity_id: identity.id, app_metadata: { user_id: user.id } },
    { secret: "supersecret", expiresIn: "1d" }
  )
  return { user, headers: { authorization: `Bearer ${token}` } }
}

/** A customer with a store bearer token (as after logging in on the storefront). */
export async function createCustomerWithToken(container: MedusaContainer, email: string) {
  const customer = await container.resolve(Modules.CUSTOMER).createCustomers({ email, first_name: "Test", last_name: "Buyer", has_account: true })
  const identity = await container.resolve(Modules.AUTH).createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: email }],
    app_metadata: { customer_id: customer.id },
  })
  const token = generateJwtToken(
    { actor_id: customer.id, actor_type: "customer", auth_identity_id: identity.id, app_metadata: { customer_id: customer.id } },
    { secret: "supersecret", expiresIn: "1d" }
  )
  return { customer, token }
}
