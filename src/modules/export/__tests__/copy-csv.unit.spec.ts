import { CsvRecordCounter } from "../copy-csv"

// The CSV fast path counts records as PostgreSQL's bytes pass, for progress and to stop at a record's end on cancel.
describe("CsvRecordCounter", () => {
  const csv = 'MO1,"a, b",1\nMO2,"line one\nline two",2\nMO3,"say ""hi""\n",3\nMO4,,4\n'

  it("counts records, not line feeds inside quotes or doubled quotes", () => {
    const c = new CsvRecordCounter()
    expect(c.feed(Buffer.from(csv), 0, Infinity)).toBe(-1)
    expect(c.records).toBe(4)
  })

  it("stops just after the record that reaches the target, and goes on from there", () => {
    const buf = Buffer.from(csv)
    const c = new CsvRecordCounter()
    const first = c.feed(buf, 0, 1)
    expect(buf.subarray(0, first).toString()).toBe('MO1,"a, b",1\n')
    const second = c.feed(buf, first, 3)
    expect(buf.subarray(first, second).toString()).toBe('MO2,"line one\nline two",2\nMO3,"say ""hi""\n",3\n')
    expect(c.records).toBe(3)
    expect(c.feed(buf, second, 10)).toBe(-1)
    expect(c.records).toBe(4)
  })

  it("keeps its place across chunks split anywhere, even inside a quoted field", () => {
    const buf = Buffer.from(csv)
    for (let cut = 1; cut < buf.length; cut++) {
      const c = new CsvRecordCounter()
      c.feed(buf.subarray(0, cut), 0, Infinity)
      c.feed(buf.subarray(cut), 0, Infinity)
      expect([cut, c.records]).toEqual([cut, 4])
    }
  })
})
