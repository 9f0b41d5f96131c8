import { useState } from "react"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { Badge, Button, Container, Drawer, Heading, IconButton, Input, Label, Select, Switch, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { ArrowDownMini, ArrowUpMini } from "@medusajs/icons"
import { CONDITION_PARAMS, RISK_ACTIONS, RULE_CONDITIONS, RiskAction, RiskRule, RuleCondition, VELOCITY_COUNTS, VELOCITY_SUBJECTS, buildParams, movedIds, paramsSummary, riskApi, riskColor, riskKeys } from "../../lib/risk"
import { parseMinor } from "../../lib/money"
import { useOmT } from "../../lib/i18n"

const CURRENCIES = ["cny", "usd", "eur", "hkd", "jpy", "gbp"]
const actionColor = (a: RiskAction) => riskColor(a === "block" || a === "cancel" ? "high" : a === "review" || a === "verify" ? "medium" : "low")

/** Add a rule: name, condition and its params, action, weight, priority. The server's 400 message shows in a toast. */
const AddRuleDrawer = ({ open, onClose, nextPriority }: { open: boolean; onClose: () => void; nextPriority: number }) => {
  const { t } = useOmT()
  const qc = useQueryClient()
  const [name, setName] = useState("")
  const [condition, setCondition] = useState<RuleCondition>("order_total_above")
  const [form, setForm] = useState<Record<string, string>>({ currency_code: "cny", subject: "ip", counts: "checkouts" })
  const [action, setAction] = useState<RiskAction>("review")
  const [weight, setWeight] = useState("10")
  const [priority, setPriority] = useState("")
  const mutation = useMutation({
    mutationFn: () => {
      const { params, error } = buildParams(condition, form, parseMinor)
      if (error) throw new Error(t("risk.rules.badField", { field: t(`risk.rules.paramNames.${error}`) }))
      return riskApi.addRule({
        name: name.trim(),
        condition,
        params,
        action,
        weight: weight.trim() ? Number(weight) : undefined,
        priority: priority.trim() ? Number(priority) : nextPriority,
      })
    },
    onSuccess: () => {
      toast.success(t("risk.rules.added"))
      qc.invalidateQueries({ queryKey: riskKeys.rules })
      setName("")
      setPriority("")
      onClose()
    },
    onError: (e: Error) => toast.error(e.message),
  })
  const field = (k: string) => {
    const label = t(`risk.rules.paramNames.${k}`)
    if (k === "currency_code" || k === "subject" || k === "counts") {
      const options = k === "currency_code" ? CURRENCIES : k === "counts" ? [...VELOCITY_COUNTS] : [...VELOCITY_SUBJECTS]
      return (
        <div key={k} className="flex flex-col gap-y-1">
          <Label size="small">{label}</Label>
          <Select size="small" value={form[k] || options[0]} onValueChange={(v) => setForm({ ...form, [k]: v })}>
            <Select.Trigger data-testid={`om-rule-param-${k}`}><Select.Value /></Select.Trigger>
            <Select.Content>{options.map((o) => <Select.Item key={o} value={o}>{k === "currency_code" ? o.toUpperCase() : k === "counts" ? t(`risk.rules.counts.${o}`) : o}</Select.Item>)}</Select.Content>
          </Select>
        </div>
      )
    }
    if (k === "allow") {
      return (
        <div key={k} className="flex flex-col gap-y-1">
          <Label size="small" htmlFor={`om-rule-${k}`}>{label} ({t("common.optional")})</Label>
          <Input id={`om-rule-${k}`} size="small" placeholder="HK-CN, MO-CN" data-testid={`om-rule-param-${k}`} value={form[k] ?? ""} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
          <Text size="xsmall" className="text-ui-fg-subtle">{t("risk.rules.allowHint")}</Text>
        </div>
      )
    }
    return (
      <div key={k} className="flex flex-col gap-y-1">
        <Label size="small" htmlFor={`om-rule-${k}`}>{label}</Label>
        <Input id={`om-rule-${k}`} size="small" inputMode="decimal" data-testid={`om-rule-param-${k}`} value={form[k] ?? ""} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
      </div>
    )
  }
  return (
    <Drawer open={open} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content data-testid="om-rule-drawer">
        <Drawer.Header><Drawer.Title>{t("risk.rules.add")}</Drawer.Title></Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          <div className="flex flex-col gap-y-1">
            <Label size="small" htmlFor="om-rule-name">{t("risk.rules.name")}</Label>
            <Input id="om-rule-name" size="small" data-testid="om-rule-name" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="small">{t("risk.rules.condition")}</Label>
            <Select size="small" value={condition} onValueChange={(v) => setCondition(v as RuleCondition)}>
              <Select.Trigger data-testid="om-rule-condition"><Select.Value /></Select.Trigger>
              <Select.Content>
                {RULE_CONDITIONS.map((c) => <Select.Item key={c} value={c} data-testid={`om-rule-condition-${c}`}>{t(`risk.rules.conditions.${c}`)}</Select.Item>)}
              </Select.Content>
            </Select>
          </div>
          {CONDITION_PARAMS[condition].map(field)}
          <div className="flex flex-col gap-y-1">
            <Label size="small">{t("risk.rules.action")}</Label>
            <Select size="small" value={action} onValueChange={(v) => setAction(v as RiskAction)}>
              <Select.Trigger data-testid="om-rule-action"><Select.Value /></Select.Trigger>
              <Select.Content>{RISK_ACTIONS.map((a) => <Select.Item key={a} value={a}>{t(`risk.actions.${a}`)}</Select.Item>)}</Select.Content>
            </Select>
          </div>
          <div className="grid grid-cols-2 gap-3">
            <div className="flex flex-col gap-y-1">
              <Label size="small" htmlFor="om-rule-weight">{t("risk.rules.weight")}</Label>
              <Input id="om-rule-weight" size="small" type="number" min={0} max={1000} data-testid="om-rule-weight" value={weight} onChange={(e) => setWeight(e.target.value)} />
            </div>
            <div className="flex flex-col gap-y-1">
              <Label size="small" htmlFor="om-rule-priority">{t("risk.rules.priority")}</Label>
              <Input id="om-rule-priority" size="small" type="number" min={0} placeholder={String(nextPriority)} data-testid="om-rule-priority" value={priority} onChange={(e) => setPriority(e.target.value)} />
            </div>
          </div>
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild><Button size="small" variant="secondary">{t("common.cancel")}</Button></Drawer.Close>
          <Button size="small" disabled={!name.trim()} isLoading={mutation.isPending} onClick={() => mutation.mutate()} data-testid="om-rule-submit">{t("common.save")}</Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}

/** Settings → Risk: the rules in evaluation order; move one up or down (the order the first match is looked for in), add, enable or disable, delete. */
export const RulesSection = () => {
  const { t, locale } = useOmT()
  const qc = useQueryClient()
  const prompt = usePrompt()
  const [adding, setAdding] = useState(false)
  // a new key each time the drawer opens: the form starts empty, never with the last rule's values
  const [formKey, setFormKey] = useState(0)
  const { data, error } = useQuery({ queryKey: riskKeys.rules, queryFn: riskApi.rules, retry: false })
  const rules = data?.rules ?? []
  const refresh = () => qc.invalidateQueries({ queryKey: riskKeys.rules })
  const reorder = useMutation({
    mutationFn: (ids: string[]) => riskApi.reorderRules(ids),
    onSuccess: () => { toast.success(t("risk.rules.reordered")); refresh() },
    onError: (e: Error) => toast.error(e.message),
  })
  const move = (index: number, by: -1 | 1) => reorder.mutate(movedIds(rules.map((r) => r.id), index, by))
  const toggle = useMutation({
    mutationFn: (r: RiskRule) => riskApi.changeRule(r.id, { enabled: !r.enabled }),
    onSuccess: () => { toast.success(t("risk.rules.changed")); refresh() },
    onError: (e: Error) => toast.error(e.message),
  })
  const remove = async (r: RiskRule) => {
    if (!(await prompt({ title: t("risk.rules.delete"), description: t("risk.rules.confirmDelete", { name: r.name }), confirmText: t("risk.rules.delete"), cancelText: t("common.cancel") }))) return
    try {
      await riskApi.deleteRule(r.id)
      toast.success(t("risk.rules.deleted"))
      refresh()
    } catch (e) {
      toast.error((e as Error).message)
    }
  }
  const nextPriority = rules.length ? Math.max(...rules.map((r) => r.priority)) + 10 : 10
  return (
    <Container className="divide-y p-0" data-testid="om-risk-rules">
      <div className="flex items-center justify-between gap-x-2 px-6 py-4">
        <div>
          <Heading level="h2">{t("risk.rules.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">{t("risk.rules.hint")}</Text>
        </div>
        <Button size="small" variant="secondary" onClick={() => { setFormKey((k) => k + 1); setAdding(true) }} data-testid="om-rule-add">{t("risk.rules.add")}</Button>
      </div>
      {error && <div className="px-6 py-4"><Text size="small" className="text-ui-fg-error">{(error as Error).message}</Text></div>}
      {!rules.length && !error && <div className="px-6 py-4"><Text size="small" className="text-ui-fg-subtle">{t("risk.rules.empty")}</Text></div>}
      {!!rules.length && (
        <div className="overflow-x-auto">
          <Table data-testid="om-rules-table">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell className="whitespace-nowrap">{t("risk.rules.order")}</Table.HeaderCell>
                <Table.HeaderCell className="whitespace-nowrap">{t("risk.rules.name")}</Table.HeaderCell>
                <Table.HeaderCell className="whitespace-nowrap">{t("risk.rules.condition")}</Table.HeaderCell>
                <Table.HeaderCell className="whitespace-nowrap">{t("risk.rules.action")}</Table.HeaderCell>
                <Table.HeaderCell className="whitespace-nowrap text-right">{t("risk.rules.weight")}</Table.HeaderCell>
                <Table.HeaderCell className="whitespace-nowrap">{t("risk.rules.enabled")}</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rules.map((r, i) => (
                <Table.Row key={r.id} data-testid="om-rule-row" data-rule-id={r.id}>
                  <Table.Cell>
                    <div className="flex items-center gap-x-1">
                      <Text size="small" className="w-5">{i + 1}</Text>
                      <IconButton size="2xsmall" variant="transparent" disabled={i === 0 || reorder.isPending} onClick={() => move(i, -1)} aria-label={t("risk.rules.moveUp")} data-testid="om-rule-up"><ArrowUpMini /></IconButton>
                      <IconButton size="2xsmall" variant="transparent" disabled={i === rules.length - 1 || reorder.isPending} onClick={() => move(i, 1)} aria-label={t("risk.rules.moveDown")} data-testid="om-rule-down"><ArrowDownMini /></IconButton>
                    </div>
                  </Table.Cell>
                  <Table.Cell><Text size="small" className="max-w-[150px] truncate" title={r.name} data-testid="om-rule-row-name">{r.name}</Text></Table.Cell>
                  <Table.Cell>
                    <Text size="small" className="whitespace-nowrap">{t(`risk.rules.conditions.${r.condition}`, { defaultValue: r.condition })}</Text>
                    {paramsSummary(r.condition, r.params, locale) && <Text size="xsmall" className="whitespace-nowrap text-ui-fg-subtle" data-testid="om-rule-row-params">{paramsSummary(r.condition, r.params, locale)}</Text>}
                  </Table.Cell>
                  <Table.Cell><Badge size="2xsmall" className="whitespace-nowrap" color={actionColor(r.action)}>{t(`risk.actions.${r.action}`)}</Badge></Table.Cell>
                  <Table.Cell className="text-right"><Text size="small">+{r.weight}</Text></Table.Cell>
                  <Table.Cell>
                    <Switch checked={r.enabled} disabled={toggle.isPending} onCheckedChange={() => toggle.mutate(r)} data-testid="om-rule-enabled" aria-label={t("risk.rules.enabled")} />
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    <Button size="small" variant="transparent" className="whitespace-nowrap" onClick={() => remove(r)} data-testid="om-rule-delete">{t("risk.rules.delete")}</Button>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      <AddRuleDrawer key={formKey} open={adding} onClose={() => setAdding(false)} nextPriority={nextPriority} />
    </Container>
  )
}
