import { useOmT } from "../lib/i18n"

const KNOWN = ["alipay", "wechatpay", "nowpayments", "btcpay", "bank-transfer", "balance", "system", "deferred"]

/** The translation key of a payment provider id: pp_alipay_alipay → alipay, pp_bank-transfer_bank-transfer → bank-transfer; unknown ones → other. */
export function providerKey(id: string | null | undefined): string {
  if (!id) return "none"
  const body = id.replace(/^pp_/, "")
  return KNOWN.find((k) => body === k || body.startsWith(`${k}_`)) ?? "other"
}

/** A payment channel's display name in the admin's language (Alipay / 支付宝 …); an unknown provider shows its id. */
export const ProviderName = ({ id }: { id: string | null }) => {
  const { t } = useOmT()
  const key = providerKey(id)
  return <>{key === "other" ? id : t(`providers.${key}`)}</>
}
