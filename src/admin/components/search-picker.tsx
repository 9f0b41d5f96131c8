import { useEffect, useRef, useState } from "react"
import { Badge, Input, Label, Text } from "@medusajs/ui"
import { XMarkMini } from "@medusajs/icons"

export type PickerOption = { id: string; label: string; detail?: string }

/**
 * A search-as-you-type picker (customers by name, email or phone; products by title or SKU): results after 250 ms of
 * quiet, picked values shown as chips with a remove button. `multiple` keeps several; otherwise a pick replaces.
 */
export const SearchPicker = (props: {
  id: string
  testId: string
  label: string
  placeholder: string
  noResults: string
  picked: PickerOption[]
  multiple?: boolean
  search: (q: string) => Promise<PickerOption[]>
  onChange: (picked: PickerOption[]) => void
}) => {
  const [q, setQ] = useState("")
  const [results, setResults] = useState<PickerOption[] | null>(null)
  const seq = useRef(0)
  useEffect(() => {
    const text = q.trim()
    // two characters before searching; one is enough in Chinese (a family name: 陈)
    if (text.length < (/[\u3400-\u9fff]/.test(text) ? 1 : 2)) {
      setResults(null)
      return
    }
    const mine = ++seq.current
    const timer = setTimeout(() => {
      props.search(text).then((r) => mine === seq.current && setResults(r)).catch(() => mine === seq.current && setResults([]))
    }, 250)
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q])
  const pick = (o: PickerOption) => {
    const next = props.multiple ? [...props.picked.filter((p) => p.id !== o.id), o] : [o]
    props.onChange(next)
    setQ("")
    setResults(null)
  }
  return (
    <div className="relative flex min-w-[200px] flex-col gap-y-1">
      <Label size="xsmall" htmlFor={props.id}>{props.label}</Label>
      <div className="flex flex-wrap items-center gap-1">
        {props.picked.map((p) => (
          <Badge key={p.id} size="2xsmall" data-testid={`${props.testId}-chip`}>
            <span className="max-w-[160px] truncate">{p.label}</span>
            <button type="button" aria-label={`remove ${p.label}`} data-testid={`${props.testId}-remove`} onClick={() => props.onChange(props.picked.filter((x) => x.id !== p.id))}>
              <XMarkMini />
            </button>
          </Badge>
        ))}
        {(props.multiple || props.picked.length === 0) && (
          <Input id={props.id} size="small" type="search" data-testid={props.testId} placeholder={props.placeholder} value={q} onChange={(e) => setQ(e.target.value)} />
        )}
      </div>
      {results && (
        <div className="bg-ui-bg-base shadow-elevation-flyout absolute top-full z-50 mt-1 max-h-72 w-[320px] overflow-auto rounded-lg p-1" data-testid={`${props.testId}-results`}>
          {results.length === 0 ? (
            <Text size="small" className="text-ui-fg-subtle p-2">{props.noResults}</Text>
          ) : (
            results.map((o) => (
              <button key={o.id} type="button" className="hover:bg-ui-bg-base-hover flex w-full flex-col rounded-md px-2 py-1.5 text-left" data-testid={`${props.testId}-option`} onClick={() => pick(o)}>
                <Text size="small">{o.label}</Text>
                {o.detail && <Text size="xsmall" className="text-ui-fg-subtle">{o.detail}</Text>}
              </button>
            ))
          )}
        </div>
      )}
    </div>
  )
}
