import { customerSearchFilters, personName } from "../person-name"

describe("person names", () => {
  it("show Chinese names family name first without a space, others given name first", () => {
    expect(personName("勇", "陈")).toBe("陈勇")
    expect(personName("Alice", "Walker")).toBe("Alice Walker")
    expect(personName("", "Walker")).toBe("Walker")
    expect(personName(null, undefined)).toBeNull()
  })

  it("search every split of a name typed without a space, both ways round, and escape LIKE wildcards", () => {
    const or = (customerSearchFilters(" 陈勇 ") as any).$or
    expect(or).toContainEqual({ $and: [{ last_name: { $ilike: "陈" } }, { first_name: { $ilike: "勇%" } }] })
    expect(or).toContainEqual({ $and: [{ first_name: { $ilike: "陈" } }, { last_name: { $ilike: "勇%" } }] })
    expect((customerSearchFilters("Walker  Alice") as any).$or).toContainEqual({ $and: [{ last_name: { $ilike: "Walker" } }, { first_name: { $ilike: "Alice%" } }] })
    expect((customerSearchFilters("50%_off") as any).$or[0]).toEqual({ email: { $ilike: "%50\\%\\_off%" } })
  })
})
