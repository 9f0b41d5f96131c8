import { useTranslation } from "react-i18next"

export const OM_NS = "orderManagement"

/** t() bound to the plugin's namespace; language and date locale follow the admin's setting. */
export function useOmT() {
  const { t, i18n } = useTranslation(OM_NS)
  const locale = i18n.language === "zhCN" ? "zh-CN" : i18n.language || "en"
  const formatDateTime = (iso: string | Date | null | undefined) =>
    iso ? new Date(iso).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" }) : t("common.none")
  return { t, i18n, locale, formatDateTime }
}
