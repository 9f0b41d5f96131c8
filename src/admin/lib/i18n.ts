import { useTranslation } from "react-i18next"

export const OM_NS = "orderManagement"

/**
 * t() bound to the plugin's namespace; language and date locale follow the admin's setting. formatDateTime shows an
 * instant in `timeZone` (an IANA name, e.g. the store's) when given, else in the browser's.
 */
export function useOmT() {
  const { t, i18n } = useTranslation(OM_NS)
  const locale = i18n.language === "zhCN" ? "zh-CN" : i18n.language || "en"
  const formatDateTime = (iso: string | Date | null | undefined, timeZone?: string) =>
    iso ? new Date(iso).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short", ...(timeZone ? { timeZone } : {}) }) : t("common.none")
  return { t, i18n, locale, formatDateTime }
}
