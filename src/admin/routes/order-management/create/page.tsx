import { useEffect, useMemo, useRef, useState } from "react"
import { Button, Container, Heading, Select, Text, toast } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { Link, useNavigate } from "react-router-dom"
import { useOmT } from "../../../lib/i18n"
import { moApi, pointsBalanceOf, type ManualOrder, type ManualOrderInput } from "../../../components/manual-order/api"
import { buildBody } from "../../../components/manual-order/body"
import { CustomerStep, emptyAddress, SHIPPING_ADDRESS_BASE, type AddressDraft, type CustomerChoice } from "../../../components/manual-order/customer-step"
import { ProductsStep, type Line } from "../../../components/manual-order/products-step"
import { DiscountsStep, emptyDiscounts, type DiscountsDraft } from "../../../components/manual-order/discounts-step"
import { NotesStep, emptyNotes, type NotesDraft } from "../../../components/manual-order/notes-step"
import { OrderSummary } from "../../../components/manual-order/summary"
import { FinishStep, type FinishDraft } from "../../../components/manual-order/finish-step"

/**
 * The server's draft kept in step with the page: the first complete body creates it (POST …/manual-orders), later
 * ones update it (POST …/manual-orders/:id), one request at a time, only the latest answer shown. `send` resolves
 * with the server's message when it refused the body (null when it priced it).
 */
function useDraft(onCustomerCreated: (c: NonNullable<ManualOrder["customer"]>) => void) {
  const [draft, setDraft] = useState<ManualOrder | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const id = useRef<string | null>(null)
  const chain = useRef<Promise<unknown>>(Promise.resolve())
  const seq = useRef(0)
  const lastSent = useRef("")
  const createdCustomer = useRef<string | null>(null)
  const send = (body: ManualOrderInput): Promise<string | null> => {
    const mine = ++seq.current
    setPending(true)
    const run = chain.current.then(async () => {
      try {
        let r: { manual_order: ManualOrder }
        // a change queued before the page learnt that its new customer now exists: that customer, not a second one
        if (body.customer && createdCustomer.current) {
          const { customer: _typed, ...rest } = body
          body = { ...rest, customer_id: createdCustomer.current } as ManualOrderInput
        }
        if (id.current && !body.customer) {
          const { region_id: _region, ...rest } = body
          r = await moApi.update(id.current, rest)
        } else {
          // a new customer (or the first body) builds a new draft; an earlier one is discarded
          if (id.current) await moApi.discard(id.current).catch(() => undefined)
          id.current = null
          r = await moApi.create(body)
          if (body.customer && r.manual_order.customer) {
            createdCustomer.current = r.manual_order.customer.id
            onCustomerCreated(r.manual_order.customer)
          }
        }
        id.current = r.manual_order.id
        // the body the page builds next (the new customer is now an existing one): no second request for it
        const { customer: created, ...rest } = body
        lastSent.current = JSON.stringify(created && r.manual_order.customer ? { customer_id: r.manual_order.customer.id, ...rest } : body)
        if (mine === seq.current) { setDraft(r.manual_order); setError(null) }
        return null
      } catch (e) {
        const message = (e as Error).message
        if (mine === seq.current) setError(message)
        return message
      } finally {
        if (mine === seq.current) setPending(false)
      }
    })
    chain.current = run
    return run
  }
  const settled = () => chain.current
  return { draft, error, pending, send, settled, lastSent, id }
}

/** "Create order": a customer, products, discounts, notes and how it is paid; priced live by the server's draft. */
const CreateOrderPage = () => {
  const { t } = useOmT()
  const navigate = useNavigate()
  const { data: config } = useQuery({ queryKey: ["order-management", "mo", "config"], queryFn: () => moApi.config(), staleTime: Infinity })
  const { data: regionData } = useQuery({ queryKey: ["order-management", "mo", "regions"], queryFn: () => moApi.regions(), staleTime: Infinity })
  const { data: locationData } = useQuery({ queryKey: ["order-management", "mo", "locations"], queryFn: () => moApi.stockLocations(), staleTime: Infinity })
  const regions = regionData?.regions ?? []
  const [regionId, setRegionId] = useState("")
  useEffect(() => {
    if (!regionId && regions.length) setRegionId((regions.find((r) => r.currency_code === "cny") ?? regions[0]).id)
  }, [regions, regionId])
  const region = regions.find((r) => r.id === regionId)
  const currency = region?.currency_code ?? "cny"
  const { data: shippingOptions } = useQuery({ queryKey: ["order-management", "mo", "shipping", regionId], queryFn: () => moApi.shippingOptions(regionId, currency), enabled: !!regionId })
  const locations = useMemo(() => new Map((locationData?.stock_locations ?? []).map((l) => [l.id, l.name])), [locationData])

  const [customer, setCustomer] = useState<CustomerChoice>(null)
  const [address, setAddress] = useState<AddressDraft | null>(emptyAddress())
  const [lines, setLines] = useState<Line[]>([])
  const [shippingOptionId, setShippingOptionId] = useState("")
  const [discounts, setDiscounts] = useState<DiscountsDraft>(emptyDiscounts())
  const [notes, setNotes] = useState<NotesDraft>(emptyNotes())
  const [finish, setFinish] = useState<FinishDraft>({ finish: "unpaid", method: "cash", reference: "" })
  const [placing, setPlacing] = useState(false)
  const [placeError, setPlaceError] = useState<string | null>(null)

  const existingId = customer?.kind === "existing" ? customer.customer.id : null
  const { data: balanceData, refetch: refetchBalance } = useQuery({ queryKey: ["order-management", "mo", "balance", existingId], queryFn: () => moApi.balance(existingId!), enabled: !!existingId, retry: false })
  const { data: pointsData, refetch: refetchPoints } = useQuery({ queryKey: ["order-management", "mo", "points", existingId], queryFn: () => moApi.points(existingId!), enabled: !!existingId, retry: false })
  const balanceMinor = existingId ? balanceData?.balances.find((b) => b.currency_code === currency)?.balance_minor ?? 0 : null
  const points = existingId ? pointsBalanceOf(pointsData) : null

  const draft = useDraft((c) => setCustomer({ kind: "existing", customer: c }))
  const state = { regionId, currency, customer, lines, address, shippingOptionId, discounts, notes }
  const { body, problems } = buildBody(state, t)
  const bodyJson = body ? JSON.stringify(body) : ""
  useEffect(() => {
    if (!body || bodyJson === draft.lastSent.current) return
    const timer = setTimeout(() => draft.send(body), 400)
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bodyJson])

  /** A promotion code is tried at once: kept only when the server applies it, its refusal shown otherwise. */
  const applyCode = async (code: string) => {
    const next = { ...discounts, codes: [...discounts.codes, code] }
    const { body: withCode } = buildBody({ ...state, discounts: next }, t)
    if (!withCode) return t("manualOrder.summary.needs")
    const error = await draft.send(withCode)
    if (!error) setDiscounts(next)
    else if (body) draft.send(body) // price the order again without the refused code
    return error
  }

  const place = async () => {
    setPlaceError(null)
    setPlacing(true)
    try {
      // what is typed now, priced before it is placed (a change may still be waiting for its debounce)
      const error = body && bodyJson !== draft.lastSent.current ? await draft.send(body) : ((await draft.settled()) as string | null)
      if (error) throw new Error(error)
      if (!draft.id.current) throw new Error(t("manualOrder.summary.needs"))
      const r = await moApi.complete(draft.id.current, covered
        ? { finish: "mark_paid" }
        : { finish: finish.finish, ...(finish.finish === "mark_paid" ? { payment: { method: finish.method, reference: finish.reference.trim() } } : {}) })
      toast.success(r.payment_link ? t("manualOrder.finish.linkSent", { link: r.payment_link }) : t("manualOrder.finish.placed"))
      navigate(`/orders/${r.order_id}`)
    } catch (e) {
      setPlaceError((e as Error).message)
      toast.error((e as Error).message)
    } finally {
      setPlacing(false)
    }
  }

  const discard = async () => {
    if (draft.id.current) await moApi.discard(draft.id.current).catch((e) => toast.error((e as Error).message))
    toast.success(t("manualOrder.finish.discarded"))
    navigate("/order-management")
  }

  // the balance and points pay the whole total: no payment to take
  const covered = !!draft.draft && draft.draft.to_pay_minor <= 0 && draft.draft.total_minor > 0
  const summaryState = draft.pending ? "pending" : draft.error ? "error" : draft.draft ? "ready" : "idle"
  const section = (key: string, title: string, children: React.ReactNode) => (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid={`mo-step-${key}`}>
      <Heading level="h2">{title}</Heading>
      {children}
    </div>
  )
  return (
    <Container className="divide-y p-0" data-testid="mo-page">
      <div className="flex flex-wrap items-start justify-between gap-2 px-6 py-4">
        <div className="flex min-w-0 flex-col gap-y-1">
          <Heading level="h1">{t("manualOrder.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">{t("manualOrder.subtitle")}</Text>
        </div>
        <div className="flex items-center gap-x-2">
          <Link to="/order-management"><Button size="small" variant="transparent">{t("manualOrder.back")}</Button></Link>
          <div className="w-44">
            <Select value={regionId} onValueChange={setRegionId} disabled={!!draft.id.current}>
              <Select.Trigger data-testid="mo-region" aria-label={t("manualOrder.region")}><Select.Value placeholder={t("manualOrder.region")} /></Select.Trigger>
              <Select.Content>
                {regions.map((r) => <Select.Item key={r.id} value={r.id}>{r.name} ({r.currency_code.toUpperCase()})</Select.Item>)}
              </Select.Content>
            </Select>
          </div>
        </div>
      </div>
      {section("customer", t("manualOrder.step.customer"), (
        <CustomerStep value={customer} onChange={setCustomer} currency={currency} address={address} onAddress={setAddress} requiredFields={[...new Set([...(lines.some((l) => !l.service) ? SHIPPING_ADDRESS_BASE : []), ...(config?.required_address_fields ?? [])])]} draftError={draft.error} />
      ))}
      {section("products", t("manualOrder.step.products"), (
        <ProductsStep
          lines={lines}
          onLines={setLines}
          locations={locations}
          shippingOptions={(shippingOptions ?? []).map((o) => ({ id: o.id, name: `${o.name} · ${new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(o.amount)}` }))}
          shippingOptionId={shippingOptionId}
          onShippingOption={setShippingOptionId}
        />
      ))}
      {section("discounts", t("manualOrder.step.discounts"), (
        <DiscountsStep value={discounts} onChange={setDiscounts} onApplyCode={applyCode} currency={currency} balanceMinor={balanceMinor} points={points} problems={problems} disabled={!body} onRefresh={() => { refetchBalance(); refetchPoints() }} />
      ))}
      {section("notes", t("manualOrder.step.notes"), <NotesStep value={notes} onChange={setNotes} />)}
      {section("summary", t("manualOrder.summary.title"), <OrderSummary draft={draft.draft} state={summaryState} error={draft.error} />)}
      {section("finish", t("manualOrder.step.finish"), (
        <>
          <FinishStep value={finish} onChange={setFinish} covered={covered} />
          {placeError && <Text size="small" className="text-ui-fg-error" data-testid="mo-place-error">{placeError}</Text>}
          <div className="flex flex-wrap justify-end gap-2">
            <Button size="small" variant="secondary" data-testid="mo-discard" onClick={discard}>{t("manualOrder.finish.discard")}</Button>
            <Button size="small" data-testid="mo-place" isLoading={placing} disabled={placing || !body || !draft.draft || summaryState !== "ready" || (!covered && finish.finish === "mark_paid" && !finish.reference.trim())} onClick={place}>
              {placing ? t("manualOrder.finish.placing") : t("manualOrder.finish.place")}
            </Button>
          </div>
        </>
      ))}
    </Container>
  )
}

export default CreateOrderPage
