import en from "./en"
import zhCN from "./zh-cn"

/** Merged by the dashboard into its i18next resources; the admin's language setting switches them. */
export default {
  en: { orderManagement: en },
  zhCN: { orderManagement: zhCN },
}
