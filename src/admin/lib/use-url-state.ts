import { useCallback, useMemo, useReducer, useRef } from "react"
import { useSearchParams } from "react-router-dom"

/**
 * URL-held state (filters, paging) that composes changes made in quick succession.
 *
 * The dashboard's data router commits a navigation and only then re-renders with the new search params; a
 * `setSearchParams` made in that window (even through its functional form) starts from the params of the last
 * render and drops the change before it (issue 11: Payment status, then at once Created "This month", ended as
 * `?created=month`). This hook keeps the latest params it asked for, builds every change on those, and returns
 * them at once (the controls and the data query follow the admin's last choice, not the router's last render). It
 * adopts the URL again once the router has caught up, or at once when the URL changed for another reason (back
 * button, a link). Renders that show params other than the address bar's (a late render of a navigation the
 * router has already moved past, which React can commit after a newer one) are ignored, and so is a render of any
 * state of the current burst of changes: neither means someone else navigated.
 *
 * @param parse  URL → state (pure, stable identity)
 * @param serialize  state → URL: only what should appear in the address bar (pure, stable identity)
 * @returns `[latest state, update(fn)]`; `fn` receives the latest requested state and returns the next one
 */
export function useUrlState<T>(
  parse: (sp: URLSearchParams) => T,
  serialize: (state: T) => URLSearchParams
): [T, (next: (latest: T) => T) => void] {
  const [params, setParams] = useSearchParams()
  const [, rerender] = useReducer((n: number) => n + 1, 0)
  const rendered = params.toString()
  const latest = useRef(rendered) // the newest state asked for (or rendered, when nothing is on its way)
  const pending = useRef<string[]>([]) // states asked for and not rendered yet, oldest first
  const base = useRef(rendered) // what was rendered when the first pending request was made

  const burst = useRef<string[]>([]) // every state asked for since nothing was pending, and the one before them

  // Reconcile during render (not in an effect: a change made before the effect ran would read a stale ref). A render
  // whose params are not the address bar's is a late render of a navigation the router has already moved past
  // (React may commit an interrupted navigation's render after a newer one): it says nothing, skip it.
  const actual = typeof window === "undefined" ? rendered : new URLSearchParams(window.location.search).toString()
  if (rendered === actual) {
    const at = pending.current.indexOf(rendered)
    if (at >= 0) {
      // the router reached one of our states (it may skip intermediate ones); later ones may still be on their way
      pending.current = pending.current.slice(at + 1)
      base.current = rendered
    } else if (pending.current.length && rendered !== base.current && !burst.current.includes(rendered)) {
      // none of ours and not the state before our requests: someone else navigated (back button, a link); the URL wins
      pending.current = []
    }
    if (!pending.current.length) {
      latest.current = rendered
      burst.current = []
    }
  }

  const current = latest.current
  const state = useMemo(() => parse(new URLSearchParams(current)), [current, parse])
  const update = useCallback(
    (fn: (latest: T) => T) => {
      const next = serialize(fn(parse(new URLSearchParams(latest.current)))).toString()
      if (next === latest.current) return
      if (!pending.current.length) {
        base.current = latest.current
        burst.current = [latest.current]
      }
      latest.current = next
      pending.current = [...pending.current, next]
      burst.current = [...burst.current, next]
      setParams(new URLSearchParams(next))
      rerender()
    },
    [parse, serialize, setParams]
  )
  return [state, update]
}
