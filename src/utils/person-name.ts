const CJK = /[\u3400-\u9fff\uf900-\ufaff]/

/**
 * A person's display name: Chinese (and other CJK) names family name first without a space (陈 + 勇 → 陈勇), others
 * given name first (Alice Walker). Null when both parts are empty.
 */
export function personName(first: string | null | undefined, last: string | null | undefined): string | null {
  const f = (first ?? "").trim()
  const l = (last ?? "").trim()
  if (!f && !l) return null
  return CJK.test(f + l) ? `${l}${f}` : [f, l].filter(Boolean).join(" ")
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/**
 * Filters for Medusa's customer module (`listCustomers`) finding customers by a search text the way an admin types
 * it: a part of the email, phone, company, given or family name; or a whole name written either way round, with or
 * without a space ("陈勇", "陈 勇", "Alice Walker", "Walker Alice"): every split of the text into a family and a
 * given name is tried (the given name as a prefix), so a Chinese name typed without a space is found too (Medusa's
 * own `q` matches each field alone and misses it).
 */
export function customerSearchFilters(text: string): Record<string, unknown> {
  const q = text.trim().replace(/\s+/g, " ")
  const part = (s: string) => ({ $ilike: `%${escapeLike(s)}%` })
  const exactStart = (s: string) => ({ $ilike: `${escapeLike(s)}%` })
  const exact = (s: string) => ({ $ilike: escapeLike(s) })
  const or: Record<string, unknown>[] = [{ email: part(q) }, { phone: part(q) }, { first_name: part(q) }, { last_name: part(q) }, { company_name: part(q) }]
  const words = q.split(" ")
  const pairs: Array<[string, string]> = []
  if (words.length > 1) pairs.push([words[0], words.slice(1).join(" ")])
  else if (q.length >= 2 && q.length <= 12) for (let i = 1; i < q.length; i++) pairs.push([q.slice(0, i), q.slice(i)])
  for (const [a, b] of pairs) {
    or.push({ $and: [{ last_name: exact(a) }, { first_name: exactStart(b) }] })
    or.push({ $and: [{ first_name: exact(a) }, { last_name: exactStart(b) }] })
  }
  return { $or: or }
}
