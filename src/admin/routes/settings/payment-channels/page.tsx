import { useQuery } from "@tanstack/react-query"
import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container, Heading, Text } from "@medusajs/ui"
import { channelApi } from "../../../lib/api"
import { useOmT } from "../../../lib/i18n"
import { ChannelCard } from "../../../components/channel-card"

/** Settings → Payment channels: each channel's configuration as the store runs it, and a connection test. */
const PaymentChannelsPage = () => {
  const { t } = useOmT()
  const { data, error } = useQuery({ queryKey: ["order-management", "payment-channels"], queryFn: channelApi.list, retry: false })
  return (
    <div className="flex flex-col gap-y-3" data-testid="om-channels-page">
      <Container className="px-6 py-4">
        <Heading level="h1">{t("channels.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t("channels.subtitle")}</Text>
        {error && <Text size="small" className="text-ui-fg-error">{(error as Error).message}</Text>}
      </Container>
      {data?.channels.map((c) => <ChannelCard key={c.configured ? c.provider_id : c.identifier} channel={c} />)}
    </div>
  )
}

export const config = defineRouteConfig({ label: "channels.menu", translationNs: "orderManagement" })

export default PaymentChannelsPage
