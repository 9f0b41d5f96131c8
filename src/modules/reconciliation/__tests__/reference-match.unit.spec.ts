import { newReference, parseReference } from "../../../providers/bank-transfer/reference"
import { findBankTransferReferences } from "../bills/reference-match"

// BT-7K4Q-9X2D-29 is valid (MOD 97-10 over the symbols' two-digit values)
const REF = "BT-7K4Q-9X2D-29"

describe("bank-transfer references in a payer's remark", () => {
  it("the fixture reference is valid", () => {
    expect(parseReference(REF)).toBe(REF)
  })

  it.each([
    ["BT-7K4Q-9X2D-29"],
    ["bt-7k4q-9x2d-29"],
    ["BT7K4Q9X2D29"],
    ["payment for order bt 7k4q 9x2d 29 thanks"],
    ["货款BT-7K4Q-9X2D-29，谢谢"],
    ["ＢＴ－７Ｋ４Ｑ－９Ｘ２Ｄ－２９"], // full-width, as a Chinese IME types it
    ["ref: BT_7K4Q.9X2D/29 (order)"],
    ["order 7k4q-9x2d-29"], // no BT prefix, grouped
    ["BT-7K4Q-9X2D-29 and again bt7k4q9x2d29"],
  ])("exact: %s", (text) => {
    expect(findBankTransferReferences(text)).toEqual([{ reference: REF, corrected: false }])
  })

  it("O for 0 and I/L for 1 are read as parseReference reads them", () => {
    const ref = parseReference("BT10000001" + checkFor("10000001"))!
    const typed = ref.replace(/1/g, "l").replace(/0/g, "O").toLowerCase()
    expect(findBankTransferReferences(`pay ${typed}`)).toEqual([{ reference: ref, corrected: false }])
  })

  it("one wrong symbol: the intended reference is among the corrections", () => {
    const found = findBankTransferReferences("payment for order bt 7k4q 9x2e 29 thanks")
    expect(found.length).toBeGreaterThan(0)
    expect(found.every((f) => f.corrected)).toBe(true)
    expect(found).toContainEqual({ reference: REF, corrected: true })
    for (const f of found) expect(parseReference(f.reference)).toBe(f.reference)
  })

  it("a wrong check digit, a 'U' (not in the alphabet), two swapped symbols, swapped check digits", () => {
    expect(findBankTransferReferences("BT-7K4Q-9X2D-28")).toContainEqual({ reference: REF, corrected: true })
    expect(findBankTransferReferences("BT-7K4U-9X2D-29")).toContainEqual({ reference: REF, corrected: true })
    expect(findBankTransferReferences("bt 7k4q x92d 29")).toContainEqual({ reference: REF, corrected: true })
    expect(findBankTransferReferences("bt k74q 9x2d 29")).toContainEqual({ reference: REF, corrected: true })
    expect(findBankTransferReferences("BT-7K4Q-9X2D-92")).toContainEqual({ reference: REF, corrected: true })
  })

  it("exact matches come first, corrections after, each reference once", () => {
    const other = newReference()
    const found = findBankTransferReferences(`${other} / bt 7k4q 9x2e 29`)
    expect(found[0]).toEqual({ reference: other, corrected: false })
    expect(found.slice(1).every((f) => f.corrected)).toBe(true)
    expect(new Set(found.map((f) => f.reference)).size).toBe(found.length)
  })

  it("text without a reference, or too garbled to fix with one edit, yields nothing", () => {
    expect(findBankTransferReferences("")).toEqual([])
    expect(findBankTransferReferences("货款 张三 2026-03-01 1299.00")).toEqual([])
    expect(findBankTransferReferences("debt 1234")).toEqual([])
    // two wrong symbols and a wrong check digit: some single edits may still hit *a* valid reference, never the intended one
    expect(findBankTransferReferences("bt 7k4q 8y2d 21")).not.toContainEqual({ reference: REF, corrected: true })
    // a 10-digit number without BT and without grouping is not taken for a reference
    expect(findBankTransferReferences("tel 1380013800 0")).toEqual([])
  })

  it("an invalid reference none of whose single edits is valid has no candidates", () => {
    for (const text of ["BT-859D-5NW4-78", "pay bt v5d0 tt0d 71 thx", "BT-4Y6A-J5FD-00"]) expect(findBankTransferReferences(text)).toEqual([])
  })
})

function checkFor(symbols: string): string {
  for (let i = 0; i < 100; i++) {
    const cc = String(i).padStart(2, "0")
    if (parseReference(`BT${symbols}${cc}`)) return cc
  }
  throw new Error("no check digits")
}
