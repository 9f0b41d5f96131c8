import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container, Heading, Text } from "@medusajs/ui"
import { useOmT } from "../../../lib/i18n"
import { RulesSection } from "../../../components/risk/rules-section"
import { BlacklistSection } from "../../../components/risk/blacklist-section"

/** Settings → Risk: the checkout's rules (evaluation order) and the blacklist. */
const RiskSettingsPage = () => {
  const { t } = useOmT()
  return (
    <div className="flex flex-col gap-y-3" data-testid="om-risk-page">
      <Container className="px-6 py-4">
        <Heading level="h1">{t("risk.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t("risk.subtitle")}</Text>
      </Container>
      <RulesSection />
      <BlacklistSection />
    </div>
  )
}

export const config = defineRouteConfig({ label: "risk.menu", translationNs: "orderManagement" })

export default RiskSettingsPage
