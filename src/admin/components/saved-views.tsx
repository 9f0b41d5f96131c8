import { useState } from "react"
import { Button, Checkbox, DropdownMenu, FocusModal, Heading, Input, Label, Text, toast, usePrompt } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { omApi, omKeys, SavedView } from "../lib/api"
import { useOmT } from "../lib/i18n"

const viewsKey = [...omKeys.all, "views"] as const

/**
 * Saved views of the order list: pick one (its filters replace the current ones), save the current filters under a
 * name (private, or shared with every admin), rename or delete one's own. Views other admins shared are listed with
 * their owner's mark and can only be opened.
 */
export const SavedViews = ({ current, onApply }: { current: Record<string, string>; onApply: (filters: Record<string, string>) => void }) => {
  const { t } = useOmT()
  const client = useQueryClient()
  const prompt = usePrompt()
  const { data } = useQuery({ queryKey: viewsKey, queryFn: () => omApi.views() })
  const views = data?.views ?? []
  const [editing, setEditing] = useState<{ view: SavedView | null; name: string; shared: boolean } | null>(null)
  const [menuOpen, setMenuOpen] = useState(false)
  const done = () => client.invalidateQueries({ queryKey: viewsKey })
  const save = useMutation({
    mutationFn: async (e: { view: SavedView | null; name: string; shared: boolean }) =>
      e.view ? omApi.updateView(e.view.id, { name: e.name, shared: e.shared }) : omApi.createView({ name: e.name, shared: e.shared, filters: current }),
    onSuccess: (r) => {
      toast.success(t("views.saved", { name: r.view.name }))
      setEditing(null)
      done()
    },
    onError: (e) => toast.error((e as Error).message),
  })
  const remove = async (v: SavedView) => {
    if (!(await prompt({ title: t("views.deleteTitle"), description: t("views.deleteConfirm", { name: v.name }), confirmText: t("views.delete"), cancelText: t("common.cancel") }))) return
    try {
      await omApi.deleteView(v.id)
      toast.success(t("views.deleted", { name: v.name }))
      done()
    } catch (e) {
      toast.error((e as Error).message)
    }
  }
  return (
    <>
      <DropdownMenu open={menuOpen} onOpenChange={setMenuOpen}>
        <DropdownMenu.Trigger asChild>
          <Button size="small" variant="secondary" data-testid="om-views">{t("views.button", { count: views.length })}</Button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Content align="end" className="min-w-[260px]">
          {views.length === 0 && <Text size="small" className="text-ui-fg-subtle px-2 py-1.5">{t("views.none")}</Text>}
          {views.map((v) => (
            <div key={v.id} className="flex items-center gap-x-1" data-testid="om-view-row" data-view-name={v.name}>
              <DropdownMenu.Item className="flex-1" data-testid="om-view-open" onSelect={() => onApply(v.filters)}>
                <span className="truncate">{v.name}</span>
                <span className="text-ui-fg-muted ml-2 text-xs">{v.own ? (v.shared ? t("views.sharedByYou") : t("views.private")) : t("views.sharedWithYou")}</span>
              </DropdownMenu.Item>
              {v.own && (
                <>
                  <Button size="small" variant="transparent" data-testid="om-view-edit" onClick={() => { setMenuOpen(false); setEditing({ view: v, name: v.name, shared: v.shared }) }}>{t("views.edit")}</Button>
                  <Button size="small" variant="transparent" data-testid="om-view-delete" onClick={() => { setMenuOpen(false); remove(v) }}>{t("views.delete")}</Button>
                </>
              )}
            </div>
          ))}
          <DropdownMenu.Separator />
          <DropdownMenu.Item data-testid="om-view-save" onSelect={() => setEditing({ view: null, name: "", shared: false })}>{t("views.saveCurrent")}</DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu>
      <FocusModal open={!!editing} onOpenChange={(open) => !open && setEditing(null)}>
        <FocusModal.Content data-testid="om-view-modal">
          <FocusModal.Header>
            <FocusModal.Title asChild>
              <Heading level="h2">{editing?.view ? t("views.editTitle") : t("views.saveTitle")}</Heading>
            </FocusModal.Title>
          </FocusModal.Header>
          <FocusModal.Body className="mx-auto flex w-full max-w-lg flex-col gap-y-4 p-6">
            <FocusModal.Description className="text-ui-fg-subtle txt-small">{t("views.keeps")}</FocusModal.Description>
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="om-view-name">{t("views.name")}</Label>
              <Input id="om-view-name" data-testid="om-view-name" value={editing?.name ?? ""} maxLength={100} onChange={(e) => editing && setEditing({ ...editing, name: e.target.value })} />
            </div>
            <div className="flex items-center gap-x-2">
              <Checkbox id="om-view-shared" data-testid="om-view-shared" checked={editing?.shared ?? false} onCheckedChange={(c) => editing && setEditing({ ...editing, shared: c === true })} />
              <Label htmlFor="om-view-shared">{t("views.shareWithAll")}</Label>
            </div>
          </FocusModal.Body>
          <FocusModal.Footer>
            <Button variant="secondary" onClick={() => setEditing(null)}>{t("common.cancel")}</Button>
            <Button data-testid="om-view-submit" isLoading={save.isPending} disabled={!editing?.name.trim()} onClick={() => editing && save.mutate({ ...editing, name: editing.name.trim() })}>
              {t("views.save")}
            </Button>
          </FocusModal.Footer>
        </FocusModal.Content>
      </FocusModal>
    </>
  )
}
