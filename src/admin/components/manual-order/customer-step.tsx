import { Badge, Button, Input, Label, Text, toast } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { SearchPicker } from "../search-picker"
import { useOmT } from "../../lib/i18n"
import { formatMinor } from "../../lib/money"
import { moApi, pointsBalanceOf, type MoCustomer } from "./api"

export type NewCustomer = { first_name: string; last_name: string; email: string; phone: string }
/** The customer of the order: one found by search, or a new one created with the order. */
export type CustomerChoice = { kind: "existing"; customer: MoCustomer } | { kind: "new"; data: NewCustomer } | null

export const ADDRESS_INPUTS = ["first_name", "last_name", "phone", "address_1", "address_2", "city", "province", "postal_code", "country_code"] as const
export type AddressDraft = Record<(typeof ADDRESS_INPUTS)[number], string>
/** What a shipped order's address needs at the least (the server's check when placing); the store may require more. */
export const SHIPPING_ADDRESS_BASE = ["first_name", "last_name", "address_1", "city", "country_code"]
export const emptyAddress = (): AddressDraft => ({ first_name: "", last_name: "", phone: "", address_1: "", address_2: "", city: "", province: "", postal_code: "", country_code: "" })

const customerLabel = (c: MoCustomer) => c.name || [c.first_name, c.last_name].filter(Boolean).join(" ") || c.email

/**
 * Step 1: find a customer by name, email or phone (the plugin's customer search) or enter a new one; the chosen
 * customer's balance in the order's currency, points and five most recent orders; the shipping address with the
 * fields `requiredFields` marked (the store's `requiredAddressFields`, and the basics when something is shipped).
 */
export const CustomerStep = (props: {
  value: CustomerChoice
  onChange: (v: CustomerChoice) => void
  currency: string
  address: AddressDraft | null
  onAddress: (a: AddressDraft | null) => void
  requiredFields: string[]
  /** the server's last refusal: a duplicate email or phone names the customer on file, offered instead */
  draftError?: string | null
}) => {
  const { t, locale, formatDateTime } = useOmT()
  const existing = props.value?.kind === "existing" ? props.value.customer : null
  const balance = useQuery({ queryKey: ["order-management", "mo", "balance", existing?.id], queryFn: () => moApi.balance(existing!.id), enabled: !!existing, retry: false })
  const points = useQuery({ queryKey: ["order-management", "mo", "points", existing?.id], queryFn: () => moApi.points(existing!.id), enabled: !!existing, retry: false })
  const orders = useQuery({ queryKey: ["order-management", "mo", "orders", existing?.id], queryFn: () => moApi.recentOrders(existing!.id), enabled: !!existing, retry: false })
  const balanceMinor = balance.data?.balances.find((b) => b.currency_code === props.currency)?.balance_minor ?? 0
  const pts = pointsBalanceOf(points.data)
  const duplicateId = props.value?.kind === "new" ? /already exists[^]*?(cus_[A-Za-z0-9]+)/.exec(props.draftError ?? "")?.[1] ?? null : null
  const useDuplicate = async () => {
    const { customer } = await moApi.customer(duplicateId!)
    props.onChange({ kind: "existing", customer })
  }
  const setNew = (patch: Partial<NewCustomer>) => props.value?.kind === "new" && props.onChange({ kind: "new", data: { ...props.value.data, ...patch } })

  return (
    <div className="flex flex-col gap-y-4" data-testid="mo-customer">
      {props.value === null && (
        <div className="flex flex-wrap items-end gap-3">
          <div className="min-w-0 flex-1">
            <SearchPicker
              id="mo-customer-search"
              testId="mo-customer-search"
              label={t("manualOrder.customer.search")}
              placeholder={t("manualOrder.customer.searchPlaceholder")}
              noResults={t("manualOrder.customer.noResults")}
              picked={[]}
              search={async (q) => (await moApi.searchCustomers(q)).customers.map((c) => ({ id: c.id, label: customerLabel(c), detail: [c.email, c.phone].filter(Boolean).join(" · "), customer: c }) as any)}
              onChange={(picked) => picked[0] && props.onChange({ kind: "existing", customer: (picked[0] as any).customer })}
            />
          </div>
          <Button size="small" variant="secondary" data-testid="mo-customer-new" onClick={() => props.onChange({ kind: "new", data: { first_name: "", last_name: "", email: "", phone: "" } })}>
            {t("manualOrder.customer.createNew")}
          </Button>
        </div>
      )}
      {existing && (
        <div className="flex flex-col gap-y-3" data-testid="mo-customer-chosen" data-customer-id={existing.id}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div className="min-w-0">
              <Text size="small" weight="plus" data-testid="mo-customer-name">{customerLabel(existing)}</Text>
              <Text size="xsmall" className="text-ui-fg-subtle break-all">{[existing.email, existing.phone].filter(Boolean).join(" · ")}</Text>
            </div>
            <Button size="small" variant="transparent" data-testid="mo-customer-change" onClick={() => props.onChange(null)}>{t("manualOrder.customer.change")}</Button>
          </div>
          <div className="flex flex-wrap gap-x-6 gap-y-1">
            <Text size="small" data-testid="mo-customer-balance" data-balance-minor={balanceMinor}>
              {t("manualOrder.customer.balance")}: {formatMinor(balanceMinor, props.currency, locale)}
            </Text>
            <Text size="small" data-testid="mo-customer-points" data-points={pts ?? ""}>
              {t("manualOrder.customer.points")}: {pts === null ? t("manualOrder.customer.noPoints") : pts.toLocaleString(locale)}
            </Text>
          </div>
          <div>
            <Text size="xsmall" weight="plus" className="text-ui-fg-subtle">{t("manualOrder.customer.recent")}</Text>
            {(orders.data?.orders ?? []).length === 0 ? (
              <Text size="xsmall" className="text-ui-fg-subtle">{t("manualOrder.customer.noOrders")}</Text>
            ) : (
              <ul className="flex flex-col" data-testid="mo-customer-orders">
                {orders.data!.orders.map((o) => (
                  <li key={o.id} className="flex flex-wrap gap-x-3">
                    <Text size="xsmall">#{o.display_id}</Text>
                    <Text size="xsmall" className="text-ui-fg-subtle">{formatDateTime(o.created_at)}</Text>
                    <Text size="xsmall">{new Intl.NumberFormat(locale, { style: "currency", currency: o.currency_code.toUpperCase() }).format(o.total)}</Text>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
      {props.value?.kind === "new" && (
        <div className="flex flex-col gap-y-2" data-testid="mo-customer-form">
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            {(["last_name", "first_name", "email", "phone"] as const).map((f) => (
              <div key={f} className="flex flex-col gap-y-1">
                <Label size="xsmall" htmlFor={`mo-new-${f}`}>
                  {t(`manualOrder.customer.${f === "first_name" ? "firstName" : f === "last_name" ? "lastName" : f}`)}
                  {f !== "phone" && <span className="text-ui-fg-error"> *</span>}
                </Label>
                <Input id={`mo-new-${f}`} size="small" data-testid={`mo-new-${f}`} type={f === "email" ? "email" : "text"} value={props.value!.kind === "new" ? props.value!.data[f] : ""} onChange={(e) => setNew({ [f]: e.target.value })} />
              </div>
            ))}
          </div>
          {duplicateId && (
            <div className="flex flex-wrap items-center gap-2" data-testid="mo-customer-duplicate">
              <Text size="small" className="text-ui-fg-error">{props.draftError}</Text>
              <Button size="small" variant="secondary" data-testid="mo-customer-use-duplicate" onClick={() => useDuplicate().catch((e) => toast.error((e as Error).message))}>{t("manualOrder.customer.useDuplicate")}</Button>
            </div>
          )}
          <div className="flex flex-wrap items-center justify-between gap-2">
            <Text size="xsmall" className="text-ui-fg-subtle">{t("manualOrder.customer.newHint")}</Text>
            <Button size="small" variant="transparent" data-testid="mo-customer-search-instead" onClick={() => props.onChange(null)}>{t("manualOrder.customer.useExisting")}</Button>
          </div>
        </div>
      )}
      <div className="flex flex-col gap-y-2">
        <div>
          <Button size="small" variant="transparent" data-testid="mo-address-toggle" onClick={() => props.onAddress(props.address ? null : emptyAddress())}>
            {props.address ? t("manualOrder.customer.removeAddress") : t("manualOrder.customer.addAddress")}
          </Button>
        </div>
        {props.address && (
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="mo-address">
            {ADDRESS_INPUTS.map((f) => {
              const required = props.requiredFields.includes(f)
              return (
                <div key={f} className="flex flex-col gap-y-1">
                  <Label size="xsmall" htmlFor={`mo-address-${f}`}>
                    {t(`manualOrder.customer.fields.${f}`)}
                    {required && <Badge size="2xsmall" color="orange" className="ml-1" data-testid="mo-address-required">{t("manualOrder.customer.requiredMark")}</Badge>}
                  </Label>
                  <Input id={`mo-address-${f}`} size="small" data-testid={`mo-address-${f}`} required={required} aria-required={required} value={props.address![f]} onChange={(e) => props.onAddress({ ...props.address!, [f]: e.target.value })} placeholder={f === "country_code" ? "cn" : undefined} />
                </div>
              )
            })}
          </div>
        )}
      </div>
    </div>
  )
}
