import { useRef, useState } from "react"
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { Badge, Button, Container, Drawer, Heading, Input, Label, Select, Table, Text, Textarea, toast, usePrompt } from "@medusajs/ui"
import { BLACKLIST_TYPES, BlacklistEntry, BlacklistType, ImportResult, expiryIso, riskApi, riskKeys } from "../../lib/risk"
import { backendUrl } from "../../lib/sdk"
import { useOmT } from "../../lib/i18n"

const PAGE = 20
/** who added an entry: the admin's email, or the actor type (system), or where it came from (never a bare user id) */
const byWhom = (e: BlacklistEntry) => e.created_by?.email ?? (e.created_by?.type && e.created_by.type !== "user" ? e.created_by.type : null) ?? e.source
const ALL = "__all"

/** Add one entry: type, value, reason, optional expiry. 400 (a value not of its type) and 409 (already listed) show in a toast. */
const AddEntryDrawer = ({ open, onClose }: { open: boolean; onClose: () => void }) => {
  const { t } = useOmT()
  const qc = useQueryClient()
  const [type, setType] = useState<BlacklistType>("email")
  const [value, setValue] = useState("")
  const [reason, setReason] = useState("")
  const [expires, setExpires] = useState("")
  const mutation = useMutation({
    mutationFn: () => riskApi.addEntry({ type, value: value.trim(), reason: reason.trim(), expires_at: expiryIso(expires) }),
    onSuccess: () => {
      toast.success(t("risk.blacklist.created"))
      qc.invalidateQueries({ queryKey: riskKeys.all })
      setValue("")
      setReason("")
      setExpires("")
      onClose()
    },
    onError: (e: Error) => toast.error(e.message),
  })
  return (
    <Drawer open={open} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content data-testid="om-bl-drawer">
        <Drawer.Header><Drawer.Title>{t("risk.blacklist.addTitle")}</Drawer.Title></Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          <div className="flex flex-col gap-y-1">
            <Label size="small">{t("risk.blacklist.type")}</Label>
            <Select size="small" value={type} onValueChange={(v) => setType(v as BlacklistType)}>
              <Select.Trigger data-testid="om-bl-type"><Select.Value /></Select.Trigger>
              <Select.Content>{BLACKLIST_TYPES.map((ty) => <Select.Item key={ty} value={ty}>{t(`risk.blacklist.types.${ty}`)}</Select.Item>)}</Select.Content>
            </Select>
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="small" htmlFor="om-bl-value">{t("risk.blacklist.value")}</Label>
            <Input id="om-bl-value" size="small" data-testid="om-bl-value" value={value} onChange={(e) => setValue(e.target.value)} />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="small" htmlFor="om-bl-entry-reason">{t("risk.blacklist.reason")} ({t("common.required")})</Label>
            <Textarea id="om-bl-entry-reason" data-testid="om-bl-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="small" htmlFor="om-bl-entry-expires">{t("risk.blacklist.expires")} ({t("common.optional")})</Label>
            <Input id="om-bl-entry-expires" size="small" type="date" data-testid="om-bl-expires" value={expires} onChange={(e) => setExpires(e.target.value)} />
          </div>
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild><Button size="small" variant="secondary">{t("common.cancel")}</Button></Drawer.Close>
          <Button size="small" disabled={!value.trim() || !reason.trim()} isLoading={mutation.isPending} onClick={() => mutation.mutate()} data-testid="om-bl-submit">{t("common.save")}</Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}

/** Settings → Risk: the blacklist with a type filter and search, add, remove, CSV import and export. */
export const BlacklistSection = () => {
  const { t, formatDateTime } = useOmT()
  const qc = useQueryClient()
  const prompt = usePrompt()
  const file = useRef<HTMLInputElement>(null)
  const [type, setType] = useState("")
  const [q, setQ] = useState("")
  const [draft, setDraft] = useState("")
  const [offset, setOffset] = useState(0)
  const [adding, setAdding] = useState(false)
  // a new key each time the drawer opens: the form starts empty, never with the last rule's values
  const [formKey, setFormKey] = useState(0)
  const [importResult, setImportResult] = useState<ImportResult | null>(null)
  const [busy, setBusy] = useState(false)
  const query = { ...(type ? { type } : {}), ...(q ? { q } : {}), limit: PAGE, offset }
  const { data, error } = useQuery({ queryKey: riskKeys.blacklist(query), queryFn: () => riskApi.blacklist(query), placeholderData: keepPreviousData, retry: false })
  const entries = data?.entries ?? []
  const count = data?.count ?? 0
  const refresh = () => qc.invalidateQueries({ queryKey: riskKeys.all })

  const remove = async (e: BlacklistEntry) => {
    if (!(await prompt({ title: t("risk.blacklist.remove"), description: t("risk.blacklist.confirmRemove", { value: e.display_value }), confirmText: t("risk.blacklist.remove"), cancelText: t("common.cancel") }))) return
    try {
      await riskApi.deleteEntry(e.id)
      toast.success(t("risk.blacklist.removed"))
      refresh()
    } catch (err) {
      toast.error((err as Error).message)
    }
  }
  const importFile = async (f: File | undefined) => {
    if (!f) return
    setBusy(true)
    try {
      const r = await riskApi.importCsv(await f.text())
      setImportResult(r)
      const summary = t("risk.blacklist.imported", { created: r.created, skipped: r.skipped, errors: r.errors.length })
      ;(r.errors.length ? toast.warning : toast.success)(summary)
      refresh()
    } catch (err) {
      toast.error((err as Error).message)
    } finally {
      setBusy(false)
      if (file.current) file.current.value = ""
    }
  }
  const exportCsv = async () => {
    setBusy(true)
    try {
      // the admin's session cookie, as the other private downloads here
      const res = await fetch(backendUrl(riskApi.exportPath), { credentials: "include" })
      if (!res.ok) throw new Error((await res.json().catch(() => null))?.message ?? `HTTP ${res.status}`)
      const url = URL.createObjectURL(await res.blob())
      const a = document.createElement("a")
      a.href = url
      a.download = `blacklist-${new Date().toISOString().slice(0, 10)}.csv`
      document.body.appendChild(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    } catch (err) {
      toast.error(t("risk.blacklist.exportFailed", { message: (err as Error).message }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Container className="divide-y p-0" data-testid="om-risk-blacklist">
      <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
        <div>
          <Heading level="h2">{t("risk.blacklist.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">{t("risk.blacklist.hint")}</Text>
        </div>
        <div className="flex flex-wrap gap-2">
          <input ref={file} type="file" accept=".csv,text/csv" className="hidden" data-testid="om-bl-import-file" onChange={(e) => importFile(e.target.files?.[0])} />
          <Button size="small" variant="secondary" disabled={busy} onClick={() => file.current?.click()} data-testid="om-bl-import">{t("risk.blacklist.importCsv")}</Button>
          <Button size="small" variant="secondary" disabled={busy} onClick={exportCsv} data-testid="om-bl-export">{t("risk.blacklist.exportCsv")}</Button>
          <Button size="small" variant="secondary" onClick={() => { setFormKey((k) => k + 1); setAdding(true) }} data-testid="om-bl-add">{t("risk.blacklist.add")}</Button>
        </div>
      </div>
      {importResult && (
        <div className="flex flex-col gap-y-1 px-6 py-4" data-testid="om-bl-import-result">
          <div className="flex items-center justify-between gap-x-2">
            <Text size="small" weight="plus">{t("risk.blacklist.imported", { created: importResult.created, skipped: importResult.skipped, errors: importResult.errors.length })}</Text>
            <Button size="small" variant="transparent" onClick={() => setImportResult(null)}>{t("common.close")}</Button>
          </div>
          {importResult.errors.map((e) => (
            <Text key={e.line} size="xsmall" className="text-ui-fg-error" data-testid="om-bl-import-error">{t("risk.blacklist.importLine", { line: e.line, message: e.message })}</Text>
          ))}
        </div>
      )}
      <div className="flex flex-wrap items-end gap-3 px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <Label size="xsmall">{t("risk.blacklist.type")}</Label>
          <Select size="small" value={type || ALL} onValueChange={(v) => { setType(v === ALL ? "" : v); setOffset(0) }}>
            <Select.Trigger className="min-w-[150px]" data-testid="om-bl-filter-type"><Select.Value /></Select.Trigger>
            <Select.Content>
              <Select.Item value={ALL}>{t("risk.blacklist.allTypes")}</Select.Item>
              {BLACKLIST_TYPES.map((ty) => <Select.Item key={ty} value={ty}>{t(`risk.blacklist.types.${ty}`)}</Select.Item>)}
            </Select.Content>
          </Select>
        </div>
        <div className="flex min-w-[220px] flex-col gap-y-1">
          <Label size="xsmall" htmlFor="om-bl-search">{t("risk.blacklist.search")}</Label>
          <Input
            id="om-bl-search"
            size="small"
            type="search"
            data-testid="om-bl-search"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => { if (e.key === "Enter") { setQ(draft.trim()); setOffset(0) } }}
            onBlur={() => { if (draft.trim() !== q) { setQ(draft.trim()); setOffset(0) } }}
          />
        </div>
      </div>
      {error && <div className="px-6 py-4"><Text size="small" className="text-ui-fg-error">{(error as Error).message}</Text></div>}
      {!entries.length && !error && <div className="px-6 py-4"><Text size="small" className="text-ui-fg-subtle" data-testid="om-bl-empty">{t("risk.blacklist.empty")}</Text></div>}
      {!!entries.length && (
        <div className="overflow-x-auto">
          <Table data-testid="om-bl-table">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell className="whitespace-nowrap">{t("risk.blacklist.type")}</Table.HeaderCell>
                <Table.HeaderCell className="whitespace-nowrap">{t("risk.blacklist.valueReason")}</Table.HeaderCell>
                <Table.HeaderCell className="whitespace-nowrap">{t("risk.blacklist.added")}</Table.HeaderCell>
                <Table.HeaderCell className="whitespace-nowrap">{t("risk.blacklist.expires")}</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {entries.map((e) => (
                <Table.Row key={e.id} data-testid="om-bl-row" data-entry-id={e.id}>
                  <Table.Cell className="whitespace-nowrap"><Text size="small">{t(`risk.blacklist.types.${e.type}`, { defaultValue: e.type })}</Text></Table.Cell>
                  <Table.Cell>
                    {/* the value with its reason beneath: one column keeps the table inside its card at 1,024 px */}
                    <Text size="small" className="max-w-[200px] truncate" title={e.display_value} data-testid="om-bl-row-value">{e.display_value}</Text>
                    <Text size="xsmall" className="max-w-[200px] truncate text-ui-fg-subtle" title={e.reason} data-testid="om-bl-row-reason">{e.reason}</Text>
                  </Table.Cell>
                  <Table.Cell>
                    <Text size="small" className="whitespace-nowrap">{formatDateTime(e.created_at)}</Text>
                    <Text size="xsmall" className="max-w-[120px] truncate text-ui-fg-subtle" title={`${byWhom(e)} · ${e.source}`} data-testid="om-bl-row-by">{byWhom(e)}</Text>
                  </Table.Cell>
                  <Table.Cell>
                    <Text size="small" className="whitespace-nowrap">{e.expires_at ? formatDateTime(e.expires_at) : t("risk.blacklist.never")}</Text>
                    <Badge size="2xsmall" className="whitespace-nowrap" color={e.active ? "green" : "grey"}>{e.active ? t("risk.blacklist.live") : t("risk.blacklist.expired")}</Badge>
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    <Button size="small" variant="transparent" className="whitespace-nowrap" onClick={() => remove(e)} data-testid="om-bl-remove">{t("risk.blacklist.remove")}</Button>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      {count > PAGE && (
        <div className="flex items-center justify-end gap-x-2 px-6 py-3">
          <Text size="small" className="text-ui-fg-subtle">{t("risk.blacklist.page", { from: offset + 1, to: Math.min(offset + PAGE, count), count })}</Text>
          <Button size="small" variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>{t("risk.blacklist.prev")}</Button>
          <Button size="small" variant="secondary" disabled={offset + PAGE >= count} onClick={() => setOffset(offset + PAGE)}>{t("risk.blacklist.next")}</Button>
        </div>
      )}
      <AddEntryDrawer key={formKey} open={adding} onClose={() => setAdding(false)} />
    </Container>
  )
}
