/**
 * Finding the plugin's bank-transfer references (`BT-7K4Q-9X2D-63`: 8 Crockford base32 symbols + 2 ISO 7064
 * MOD 97-10 check digits, see src/providers/bank-transfer/reference.ts) in the remark a payer typed on a transfer.
 */
import { parseReference } from "../../../providers/bank-transfer/reference"

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const DIGITS = "0123456789"
/** what may stand between the symbols a payer typed: spaces, dashes, dots, slashes, underscores, colons, '#' */
const SEPARATOR = /[\s\-_.:/#·]/
const ALNUM = /[0-9A-Z]/

/** A typed character → its reference symbol as parseReference reads it (O → 0, I/L → 1); others unchanged. */
function symbolOf(ch: string): string {
  if (ch === "O") return "0"
  if (ch === "I" || ch === "L") return "1"
  return ch
}

type Window = { symbols: string; boundary: boolean }

/**
 * Every "BT" in the text followed by ten letters/digits (separators between them allowed): the 8 symbols and 2 check
 * digits a payer meant to type. `boundary`: the B does not follow a letter or digit (a reference, not the end of a word).
 */
function windows(text: string): Window[] {
  const out: Window[] = []
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] !== "B") continue
    let j = i + 1
    while (j < text.length && SEPARATOR.test(text[j]) && text[j] !== "\n") j++
    if (text[j] !== "T") continue
    let k = j + 1
    let symbols = ""
    while (k < text.length && symbols.length < 10) {
      const ch = text[k]
      if (ALNUM.test(ch)) symbols += symbolOf(ch)
      else if (!SEPARATOR.test(ch)) break
      k++
    }
    if (symbols.length === 10) out.push({ symbols, boundary: i === 0 || !ALNUM.test(text[i - 1]) })
  }
  return out
}

/** Grouped references typed without the BT prefix ("7K4Q 9X2D 63", "7k4q-9x2d-63"): exact matches only. */
function bareWindows(text: string): string[] {
  const out: string[] = []
  const re = /(?<![0-9A-Z])([0-9A-Z]{4})[\s\-_.]{1,3}([0-9A-Z]{4})[\s\-_.]{1,3}([0-9A-Z]{2})(?![0-9A-Z])/g
  for (const m of text.matchAll(re)) out.push([...(m[1] + m[2] + m[3])].map(symbolOf).join(""))
  return out
}

const valid = (symbols: string): string | null => parseReference(`BT${symbols}`)

/** Every reference one single-symbol substitution or one adjacent transposition away from `symbols` (10 chars). */
function corrections(symbols: string): string[] {
  const found = new Set<string>()
  const tryIt = (s: string) => {
    const r = valid(s)
    if (r) found.add(r)
  }
  for (let i = 0; i < 10; i++) {
    const options = i < 8 ? ALPHABET : DIGITS
    for (const c of options) if (c !== symbols[i]) tryIt(symbols.slice(0, i) + c + symbols.slice(i + 1))
  }
  // swaps of neighbours among the 8 symbols, of the two check digits, and across the boundary between them
  for (let i = 0; i < 9; i++) {
    if (symbols[i] === symbols[i + 1]) continue
    tryIt(symbols.slice(0, i) + symbols[i + 1] + symbols[i] + symbols.slice(i + 2))
  }
  return [...found]
}

/**
 * Finds the plugin's bank-transfer references in free text a payer typed (a transfer's remark / purpose).
 *
 * Accepts what people type: lower case, spaces or other separators instead of dashes (or none), full-width
 * characters (NFKC), O for 0 and I/L for 1, the reference embedded in other words ("payment for order bt 7k4q 9x2d
 * 63 thanks"), and — without the "BT" prefix — the grouped form "7K4Q-9X2D-63". Each candidate is checked with
 * `parseReference` (MOD 97-10).
 *
 * When a "BT…" candidate fails its check digits (a typo the checksum caught), proposes the corrections: every
 * single-symbol substitution of the 8 symbols (Crockford alphabet) or the 2 check digits (0–9), and every adjacent
 * transposition (among the symbols, of the check digits, and across the two), that yields a valid reference. MOD 97
 * catches every such typo but cannot say which symbol was wrong, so several corrections are usual: the caller keeps
 * the one that is an open order. Corrections are only proposed for a "BT" that starts a word.
 *
 * @returns canonical references (`BT-XXXX-XXXX-CC`), exact valid ones first (`corrected: false`, in text order), then
 *   the corrections (`corrected: true`), each reference once (an exact match wins); [] when nothing is found
 */
export function findBankTransferReferences(text: string): Array<{ reference: string; corrected: boolean }> {
  const upper = String(text ?? "").normalize("NFKC").toUpperCase()
  const exact: string[] = []
  const corrected: string[] = []
  for (const w of windows(upper)) {
    const r = valid(w.symbols)
    if (r) exact.push(r)
    else if (w.boundary) corrected.push(...corrections(w.symbols))
  }
  for (const symbols of bareWindows(upper)) {
    const r = valid(symbols)
    if (r) exact.push(r)
  }
  const seen = new Set<string>()
  const out: Array<{ reference: string; corrected: boolean }> = []
  for (const r of exact) if (!seen.has(r)) seen.add(r), out.push({ reference: r, corrected: false })
  for (const r of corrected) if (!seen.has(r)) seen.add(r), out.push({ reference: r, corrected: true })
  return out
}
