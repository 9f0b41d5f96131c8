import { useState } from "react"
import { Button, Drawer, Heading, Input, Label, RadioGroup, Select, Text, toast } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { type BankMapping, type BankProfile, reconApi, reconKeys, useBankProfiles } from "./api"
import { useReconFormat } from "./labels"

const DATE_FORMATS = ["YYYY-MM-DD", "YYYY/MM/DD", "DD.MM.YYYY", "MM/DD/YYYY", "YYYYMMDD"] as const

type Form = {
  name: string
  date: string
  mode: "amount" | "credit"
  amount: string
  credit: string
  debit: string
  currencyMode: "column" | "fixed"
  currency: string
  default_currency: string
  reference: string
  payer_name: string
  bank_transaction_id: string
  date_format: string
  encoding: string
  delimiter: string
  skip_lines: string
  decimal: "." | ","
}

const EMPTY: Form = {
  name: "",
  date: "",
  mode: "amount",
  amount: "",
  credit: "",
  debit: "",
  currencyMode: "column",
  currency: "",
  default_currency: "CNY",
  reference: "",
  payer_name: "",
  bank_transaction_id: "",
  date_format: "YYYY-MM-DD",
  encoding: "utf-8",
  delimiter: ",",
  skip_lines: "0",
  decimal: ".",
}

/** The form → the mapping the server stores: only the fields in use, header names trimmed. */
export function mappingOf(f: Form): BankMapping {
  const s = (v: string) => v.trim()
  const m: BankMapping = { date: s(f.date), reference: s(f.reference), bank_transaction_id: s(f.bank_transaction_id) }
  if (f.mode === "amount") m.amount = s(f.amount)
  else {
    m.credit = s(f.credit)
    if (s(f.debit)) m.debit = s(f.debit)
  }
  if (f.currencyMode === "column") m.currency = s(f.currency)
  else m.default_currency = s(f.default_currency).toUpperCase()
  if (s(f.payer_name)) m.payer_name = s(f.payer_name)
  m.date_format = f.date_format
  m.encoding = f.encoding
  if (f.delimiter) m.delimiter = f.delimiter === "\\t" ? "\t" : f.delimiter
  const skip = Number(f.skip_lines)
  if (Number.isInteger(skip) && skip > 0) m.skip_lines = skip
  m.decimal = f.decimal
  return m
}

/**
 * Bank profiles: the column mapping of each bank's statement export, saved once per bank (the header names of the
 * date, amount or credit/debit, currency, remark with the reference, payer and the bank's transaction id, and how
 * the file is written). The list, and a form to save a new one, every field explained.
 */
export const BankProfilesDrawer = ({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) => {
  const { t } = useReconFormat()
  const { data, isLoading } = useBankProfiles()
  const [adding, setAdding] = useState(false)
  return (
    <Drawer open={open} onOpenChange={(o) => { onOpenChange(o); if (!o) setAdding(false) }}>
      <Drawer.Content data-testid="om-recon-profiles-drawer">
        <Drawer.Header>
          <Drawer.Title>{t("reconciliation.profiles.title")}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          <Text size="small" className="text-ui-fg-subtle">{t("reconciliation.profiles.hint")}</Text>
          {isLoading ? (
            <Text size="small">{t("common.loading")}</Text>
          ) : !data?.bank_profiles.length ? (
            <Text size="small" className="text-ui-fg-subtle" data-testid="om-recon-profiles-empty">{t("reconciliation.profiles.empty")}</Text>
          ) : (
            <div className="flex flex-col gap-y-2">
              {data.bank_profiles.map((p) => <ProfileCard key={p.id} p={p} />)}
            </div>
          )}
          {adding ? (
            <ProfileForm onDone={() => setAdding(false)} />
          ) : (
            <div>
              <Button size="small" variant="secondary" onClick={() => setAdding(true)} data-testid="om-recon-profile-new">{t("reconciliation.profiles.new")}</Button>
            </div>
          )}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}

const ProfileCard = ({ p }: { p: BankProfile }) => {
  const { t } = useReconFormat()
  const m = p.mapping
  const cols: Array<[string, string | undefined]> = [
    ["date", m.date],
    [m.amount ? "amount" : "credit", m.amount ?? m.credit],
    ["debit", m.debit],
    m.currency ? ["currency", m.currency] : ["default_currency", m.default_currency],
    ["reference", m.reference],
    ["payer_name", m.payer_name],
    ["bank_transaction_id", m.bank_transaction_id],
  ]
  const file = [m.encoding ?? "utf-8", m.delimiter && m.delimiter !== "," ? t("reconciliation.profiles.delimiterIs", { d: m.delimiter === "\t" ? "TAB" : m.delimiter }) : null, m.date_format ?? "YYYY-MM-DD", m.decimal === "," ? "1.234,56" : null, m.skip_lines ? t("reconciliation.profiles.skipsN", { count: m.skip_lines }) : null].filter(Boolean).join(" · ")
  return (
    <div className="border-ui-border-base flex flex-col gap-y-1 rounded-md border p-3" data-testid="om-recon-profile" data-profile-id={p.id}>
      <Text size="small" weight="plus" data-testid="om-recon-profile-title">{p.name}</Text>
      <div className="flex flex-wrap gap-x-3 gap-y-0.5">
        {cols.filter(([, v]) => v).map(([k, v]) => (
          <Text key={k} size="xsmall" className="text-ui-fg-subtle">
            {t(`reconciliation.profiles.fields.${k}`)}: <span className="text-ui-fg-base">{v}</span>
          </Text>
        ))}
      </div>
      <Text size="xsmall" className="text-ui-fg-muted">{file}</Text>
    </div>
  )
}

/** One header-name field with its explanation. */
const Field = ({ id, label, hint, value, onChange, required, placeholder }: { id: string; label: string; hint: string; value: string; onChange: (v: string) => void; required?: boolean; placeholder?: string }) => {
  const { t } = useReconFormat()
  return (
    <div className="flex flex-col gap-y-1">
      <Label size="small" htmlFor={id}>
        {label} {!required && <span className="text-ui-fg-subtle">({t("common.optional")})</span>}
      </Label>
      <Input id={id} size="small" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} data-testid={id} />
      <Text size="xsmall" className="text-ui-fg-subtle">{hint}</Text>
    </div>
  )
}

const ProfileForm = ({ onDone }: { onDone: () => void }) => {
  const { t } = useReconFormat()
  const qc = useQueryClient()
  const [f, setF] = useState<Form>(EMPTY)
  const [error, setError] = useState<string | null>(null)
  const set = (patch: Partial<Form>) => setF((x) => ({ ...x, ...patch }))
  const field = (k: keyof Form, required: boolean, placeholder?: string) => (
    <Field
      id={`om-recon-profile-${k}`}
      label={t(`reconciliation.profiles.fields.${k}`)}
      hint={t(`reconciliation.profiles.hints.${k}`)}
      value={String(f[k])}
      onChange={(v) => set({ [k]: v } as Partial<Form>)}
      required={required}
      placeholder={placeholder}
    />
  )
  const create = useMutation({
    mutationFn: () => reconApi.createBankProfile({ name: f.name.trim(), mapping: mappingOf(f) }),
    onSuccess: (r) => {
      toast.success(t("reconciliation.profiles.created", { name: r.bank_profile.name }))
      qc.invalidateQueries({ queryKey: reconKeys.bankProfiles() })
      onDone()
    },
    onError: (e: Error) => {
      setError(e.message)
      toast.error(e.message)
    },
  })
  const missing = !f.name.trim() || !f.date.trim() || !f.reference.trim() || !f.bank_transaction_id.trim() || (f.mode === "amount" ? !f.amount.trim() : !f.credit.trim()) || (f.currencyMode === "column" ? !f.currency.trim() : !/^[A-Za-z]{3}$/.test(f.default_currency.trim()))
  return (
    <form
      className="bg-ui-bg-subtle flex flex-col gap-y-4 rounded-md p-3"
      data-testid="om-recon-profile-form"
      onSubmit={(e) => {
        e.preventDefault()
        if (!missing) create.mutate()
      }}
    >
      <Heading level="h3" className="txt-compact-small-plus">{t("reconciliation.profiles.new")}</Heading>
      {field("name", true, t("reconciliation.profiles.namePlaceholder"))}
      <Text size="xsmall" className="text-ui-fg-subtle">{t("reconciliation.profiles.columnsHint")}</Text>
      {field("date", true, "交易日期")}
      <div className="flex flex-col gap-y-2">
        <Label size="small">{t("reconciliation.profiles.amountMode")}</Label>
        <RadioGroup value={f.mode} onValueChange={(v) => set({ mode: v as Form["mode"] })} className="flex flex-col gap-y-1" data-testid="om-recon-profile-mode">
          {(["amount", "credit"] as const).map((k) => (
            <div key={k} className="flex items-center gap-x-2">
              <RadioGroup.Item value={k} id={`om-recon-profile-mode-${k}`} data-testid={`om-recon-profile-mode-${k}`} />
              <Label htmlFor={`om-recon-profile-mode-${k}`} size="xsmall">{t(`reconciliation.profiles.modes.${k}`)}</Label>
            </div>
          ))}
        </RadioGroup>
      </div>
      {f.mode === "amount" ? field("amount", true, "Amount") : (
        <>
          {field("credit", true, "收入金额")}
          {field("debit", false, "支出金额")}
        </>
      )}
      <div className="flex flex-col gap-y-2">
        <Label size="small">{t("reconciliation.profiles.currencyMode")}</Label>
        <RadioGroup value={f.currencyMode} onValueChange={(v) => set({ currencyMode: v as Form["currencyMode"] })} className="flex flex-col gap-y-1">
          {(["column", "fixed"] as const).map((k) => (
            <div key={k} className="flex items-center gap-x-2">
              <RadioGroup.Item value={k} id={`om-recon-profile-cur-${k}`} data-testid={`om-recon-profile-cur-${k}`} />
              <Label htmlFor={`om-recon-profile-cur-${k}`} size="xsmall">{t(`reconciliation.profiles.currencyModes.${k}`)}</Label>
            </div>
          ))}
        </RadioGroup>
      </div>
      {f.currencyMode === "column" ? field("currency", true, "币种") : field("default_currency", true, "CNY")}
      {field("reference", true, "附言")}
      {field("payer_name", false, "对方户名")}
      {field("bank_transaction_id", true, "流水号")}
      <div className="grid grid-cols-2 gap-3">
        <div className="flex flex-col gap-y-1">
          <Label size="small">{t("reconciliation.profiles.fields.date_format")}</Label>
          <Select size="small" value={f.date_format} onValueChange={(v) => set({ date_format: v })}>
            <Select.Trigger data-testid="om-recon-profile-date_format"><Select.Value /></Select.Trigger>
            <Select.Content>
              {DATE_FORMATS.map((d) => <Select.Item key={d} value={d}>{d}</Select.Item>)}
            </Select.Content>
          </Select>
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small">{t("reconciliation.profiles.fields.encoding")}</Label>
          <Select size="small" value={f.encoding} onValueChange={(v) => set({ encoding: v })}>
            <Select.Trigger data-testid="om-recon-profile-encoding"><Select.Value /></Select.Trigger>
            <Select.Content>
              <Select.Item value="utf-8">UTF-8</Select.Item>
              <Select.Item value="gbk">GBK</Select.Item>
            </Select.Content>
          </Select>
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small" htmlFor="om-recon-profile-delimiter">{t("reconciliation.profiles.fields.delimiter")}</Label>
          <Input id="om-recon-profile-delimiter" size="small" value={f.delimiter} maxLength={2} onChange={(e) => set({ delimiter: e.target.value })} data-testid="om-recon-profile-delimiter" />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small" htmlFor="om-recon-profile-skip">{t("reconciliation.profiles.fields.skip_lines")}</Label>
          <Input id="om-recon-profile-skip" size="small" type="number" min={0} max={100} value={f.skip_lines} onChange={(e) => set({ skip_lines: e.target.value })} data-testid="om-recon-profile-skip_lines" />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small">{t("reconciliation.profiles.fields.decimal")}</Label>
          <Select size="small" value={f.decimal} onValueChange={(v) => set({ decimal: v as Form["decimal"] })}>
            <Select.Trigger data-testid="om-recon-profile-decimal"><Select.Value /></Select.Trigger>
            <Select.Content>
              <Select.Item value=".">1,234.56</Select.Item>
              <Select.Item value=",">1.234,56</Select.Item>
            </Select.Content>
          </Select>
        </div>
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle">{t("reconciliation.profiles.fileHint")}</Text>
      {error && <Text size="small" className="text-ui-fg-error break-words" data-testid="om-recon-profile-error">{error}</Text>}
      <div className="flex justify-end gap-x-2">
        <Button type="button" size="small" variant="secondary" onClick={onDone}>{t("common.cancel")}</Button>
        <Button type="submit" size="small" disabled={missing} isLoading={create.isPending} data-testid="om-recon-profile-save">{t("common.save")}</Button>
      </div>
    </form>
  )
}
