import { Link } from "react-router-dom"
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, Text } from "@medusajs/ui"
import { useOmT } from "../lib/i18n"
import { personName } from "../../utils/person-name"

/** On Medusa's customer page: "Orders" opens the Order management list filtered to this customer. */
const CustomerOrdersLinkWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { t } = useOmT()
  const name = personName(customer.first_name, customer.last_name)
  const label = name ? `${name} <${customer.email}>` : customer.email
  const to = `/order-management?${new URLSearchParams({ customer_id: customer.id, customer_label: label }).toString()}`
  return (
    <Container className="flex items-center justify-between px-6 py-4" data-testid="om-customer-orders">
      <div className="flex flex-col">
        <Heading level="h2">{t("customerOrders.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t("customerOrders.hint")}</Text>
      </div>
      <Link to={to} className="text-ui-fg-interactive txt-compact-small-plus hover:underline" data-testid="om-customer-orders-link">
        {t("customerOrders.open")}
      </Link>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "customer.details.after" })

export default CustomerOrdersLinkWidget
