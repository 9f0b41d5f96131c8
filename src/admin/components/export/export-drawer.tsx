import { useEffect, useMemo, useState } from "react"
import { Badge, Button, Checkbox, Drawer, Input, Label, RadioGroup, Select, Text, toast, usePrompt } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useNavigate } from "react-router-dom"
import { UnmaskField } from "./unmask-field"
import { FormatSelect } from "./format-select"
import { exportApi, exportFilters, exportKeys, type CreateExport, type ExportFormat } from "../../lib/export-api"
import { useOmT } from "../../lib/i18n"

const GROUPS = ["order", "customer", "address", "items", "amounts", "payment", "notes"]

/**
 * The export dialog of the Order management page: all orders, the current filters or the selected rows; format,
 * row per order or per item, header language; fields by group (personal ones marked) and presets; unmasked only with
 * a reason. Submitting starts the export and opens the exports list, where its progress shows.
 */
export const ExportDrawer = ({ open, onClose, apiQuery, selected }: { open: boolean; onClose: () => void; apiQuery: Record<string, string | number>; selected: string[] }) => {
  const { t, i18n } = useOmT()
  const navigate = useNavigate()
  const client = useQueryClient()
  const zh = i18n.language === "zhCN"
  const { data: catalogue } = useQuery({ queryKey: [...exportKeys.all, "fields"], queryFn: () => exportApi.fields(), enabled: open, staleTime: Infinity })
  const { data: presets } = useQuery({ queryKey: [...exportKeys.all, "presets"], queryFn: () => exportApi.presets(), enabled: open })
  const [scope, setScope] = useState<CreateExport["scope"]>(selected.length ? "selected" : "filtered")
  const [format, setFormat] = useState<ExportFormat>("csv")
  const [row, setRow] = useState<"order" | "item">("order")
  const [locale, setLocale] = useState<"en" | "zh">(zh ? "zh" : "en")
  const [fields, setFields] = useState<string[]>([])
  const [unmask, setUnmask] = useState(false)
  const [reason, setReason] = useState("")
  const [presetName, setPresetName] = useState("")
  const [presetShared, setPresetShared] = useState(false)
  const [presetId, setPresetId] = useState<string | undefined>(undefined)
  const prompt = usePrompt()
  useEffect(() => {
    if (catalogue && !fields.length) setFields(catalogue.default_fields)
  }, [catalogue])
  useEffect(() => {
    if (open) setScope(selected.length ? "selected" : "filtered")
  }, [open, selected.length])
  const byGroup = useMemo(() => GROUPS.map((g) => [g, (catalogue?.fields ?? []).filter((f) => f.group === g)] as const), [catalogue])
  const label = (f: { label: string; label_zh: string }) => (zh ? f.label_zh : f.label)
  const toggle = (key: string) => setFields((cur) => (cur.includes(key) ? cur.filter((k) => k !== key) : [...cur, key]))
  const itemOnly = new Set((catalogue?.fields ?? []).filter((f) => f.item_only).map((f) => f.key))
  const usable = fields.filter((k) => row === "item" || !itemOnly.has(k))

  const start = useMutation({
    mutationFn: () =>
      exportApi.create({
        format,
        scope,
        row,
        locale,
        fields: usable,
        ...(scope === "filtered" && { filters: exportFilters(apiQuery) }),
        ...(scope === "selected" && { order_ids: selected }),
        ...(unmask && { unmask: { reason } }),
      }),
    onSuccess: () => {
      toast.success(t("exports.started"))
      client.invalidateQueries({ queryKey: exportKeys.all })
      onClose()
      navigate("/order-management/exports")
    },
    onError: (e) => toast.error((e as Error).message),
  })
  const save = useMutation({
    mutationFn: () => exportApi.savePreset({ name: presetName.trim(), fields: usable, format, row, locale, shared: presetShared }),
    onSuccess: ({ preset }) => {
      toast.success(t("exports.presetSaved"))
      setPresetName("")
      setPresetShared(false)
      setPresetId(preset.id)
      client.invalidateQueries({ queryKey: [...exportKeys.all, "presets"] })
    },
    onError: (e) => toast.error((e as Error).message),
  })
  const current = presets?.presets.find((x) => x.id === presetId)
  const remove = useMutation({
    mutationFn: (id: string) => exportApi.deletePreset(id),
    onSuccess: () => {
      toast.success(t("exports.presetDeleted", { name: current?.name ?? "" }))
      setPresetId(undefined)
      client.invalidateQueries({ queryKey: [...exportKeys.all, "presets"] })
    },
    onError: (e) => toast.error((e as Error).message),
  })
  const confirmRemove = async () => {
    if (!current) return
    const ok = await prompt({
      title: t("exports.presetDeleteTitle"),
      description: t(current.shared ? "exports.presetDeleteShared" : "exports.presetDeleteConfirm", { name: current.name }),
      confirmText: t("views.delete"),
      cancelText: t("common.cancel"),
    })
    if (ok) remove.mutate(current.id)
  }
  const applyPreset = (id: string) => {
    const p = presets?.presets.find((x) => x.id === id)
    if (!p) return
    setPresetId(id)
    setFields(p.fields)
    setFormat(p.format)
    setRow(p.row)
    setLocale(p.locale)
  }

  return (
    <Drawer open={open} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content data-testid="om-export-drawer">
        <Drawer.Header>
          <Drawer.Title>{t("exports.title")}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-5 overflow-y-auto">
          <div className="flex flex-col gap-y-2">
            <Label weight="plus">{t("exports.scope")}</Label>
            <RadioGroup value={scope} onValueChange={(v) => setScope(v as CreateExport["scope"])}>
              <div className="flex items-center gap-x-2"><RadioGroup.Item value="filtered" id="om-export-filtered" data-testid="om-export-scope-filtered" /><Label htmlFor="om-export-filtered">{t("exports.scopeFiltered")}</Label></div>
              <div className="flex items-center gap-x-2"><RadioGroup.Item value="all" id="om-export-all" data-testid="om-export-scope-all" /><Label htmlFor="om-export-all">{t("exports.scopeAll")}</Label></div>
              <div className="flex items-center gap-x-2"><RadioGroup.Item value="selected" id="om-export-selected" disabled={!selected.length} data-testid="om-export-scope-selected" /><Label htmlFor="om-export-selected">{t("exports.scopeSelected", { count: selected.length })}</Label></div>
            </RadioGroup>
          </div>
          <div className="grid grid-cols-3 gap-3">
            <FormatSelect value={format} onChange={setFormat} testId="om-export-format" />
            <div className="flex flex-col gap-y-1">
              <Label>{t("exports.row")}</Label>
              <Select value={row} onValueChange={(v) => setRow(v as "order" | "item")}>
                <Select.Trigger data-testid="om-export-row"><Select.Value /></Select.Trigger>
                <Select.Content>
                  <Select.Item value="order">{t("exports.rowOrder")}</Select.Item>
                  <Select.Item value="item">{t("exports.rowItem")}</Select.Item>
                </Select.Content>
              </Select>
            </div>
            <div className="flex flex-col gap-y-1">
              <Label>{t("exports.headers")}</Label>
              <Select value={locale} onValueChange={(v) => setLocale(v as "en" | "zh")}>
                <Select.Trigger data-testid="om-export-locale"><Select.Value /></Select.Trigger>
                <Select.Content>
                  <Select.Item value="en">English</Select.Item>
                  <Select.Item value="zh">中文</Select.Item>
                </Select.Content>
              </Select>
            </div>
          </div>
          {!!presets?.presets.length && (
            <div className="flex flex-col gap-y-1">
              <Label>{t("exports.preset")}</Label>
              <div className="flex items-center gap-x-2">
                <div className="flex-1">
                  <Select value={current ? current.id : ""} onValueChange={applyPreset}>
                    <Select.Trigger data-testid="om-export-preset"><Select.Value placeholder={t("exports.presetPick")} /></Select.Trigger>
                    <Select.Content>
                      {presets.presets.map((p) => (
                        <Select.Item key={p.id} value={p.id}>
                          {p.name}{!p.own ? ` (${t("exports.sharedBy")})` : p.shared ? ` (${t("exports.shared")})` : ""}
                        </Select.Item>
                      ))}
                    </Select.Content>
                  </Select>
                </div>
                {current?.own && (
                  <Button size="small" variant="secondary" onClick={confirmRemove} isLoading={remove.isPending} data-testid="om-export-preset-delete">{t("views.delete")}</Button>
                )}
              </div>
            </div>
          )}
          <div className="flex flex-col gap-y-3" data-testid="om-export-fields">
            <Label weight="plus">{t("exports.fields", { count: usable.length })}</Label>
            {byGroup.map(([g, list]) => !!list.length && (
              <fieldset key={g} className="flex flex-col gap-y-1">
                <Text size="xsmall" weight="plus" className="text-ui-fg-subtle uppercase">{t(`exports.groups.${g}`)}</Text>
                <div className="grid grid-cols-2 gap-x-3 gap-y-1">
                  {list.map((f) => (
                    <label key={f.key} className="flex items-center gap-x-2 text-sm">
                      <Checkbox checked={fields.includes(f.key)} disabled={f.item_only && row === "order"} onCheckedChange={() => toggle(f.key)} data-testid={`om-export-field-${f.key}`} />
                      <span>{label(f)}</span>
                      {f.personal && <Badge size="2xsmall" color={unmask ? "red" : "grey"}>{t("exports.personal")}</Badge>}
                    </label>
                  ))}
                </div>
              </fieldset>
            ))}
            <div className="flex items-center gap-x-2">
              <Input size="small" placeholder={t("exports.presetName")} value={presetName} onChange={(e) => setPresetName(e.target.value)} data-testid="om-export-preset-name" />
              <label className="flex items-center gap-x-1 whitespace-nowrap text-sm">
                <Checkbox checked={presetShared} onCheckedChange={(v) => setPresetShared(v === true)} data-testid="om-export-preset-shared" />
                <span>{t("exports.presetShare")}</span>
              </label>
              <Button size="small" variant="secondary" disabled={!presetName.trim() || !usable.length || save.isPending} onClick={() => save.mutate()} data-testid="om-export-preset-save">{t("exports.presetSave")}</Button>
            </div>
          </div>
          <UnmaskField id="om-export-unmask" unmask={unmask} onUnmask={setUnmask} reason={reason} onReason={setReason} />
        </Drawer.Body>
        <Drawer.Footer>
          <Button variant="secondary" onClick={onClose}>{t("common.cancel")}</Button>
          <Button onClick={() => start.mutate()} isLoading={start.isPending} disabled={!usable.length || (unmask && reason.trim().length < 5)} data-testid="om-export-start">{t("exports.start")}</Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
