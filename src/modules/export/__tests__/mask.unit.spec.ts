import { maskEmail, maskIp, maskName, maskPhone, maskStreet } from "../mask"

describe("masking personal data", () => {
  it("names keep their first character", () => {
    expect(["张三丰", "张三", "Alice Li", "  王 ", "", null, undefined].map(maskName)).toEqual(["张**", "张*", "A**** **", "王", "", "", ""])
  })

  it("phones keep the first three and last four digits of the national number", () => {
    expect(["13812341234", "138-1234-1234", "+86 138-1234-1234", "+8613812341234", "8613812341234", "+1 415-555-0123", "010-62345678", "12345", "", null].map(maskPhone)).toEqual([
      "138****1234",
      "138****1234",
      "+86 138****1234",
      "+86 138****1234",
      "+86 138****1234",
      "+1 415***0123",
      "010****5678",
      "***45",
      "",
      "",
    ])
  })

  it("emails keep the local part's first character and the domain", () => {
    expect(["dora@example.com", "张伟@例子.中国", "a@b.co", "not-an-email", ""].map(maskEmail)).toEqual(["d***@example.com", "张***@例子.中国", "a***@b.co", "n***********", ""])
  })

  it("streets are replaced whole; IPs truncated", () => {
    expect([maskStreet("海淀区中关村大街1号"), maskStreet(""), maskStreet(null)]).toEqual(["***", "", ""])
    expect(["203.0.113.7", "2001:db8:85a3:0:0:8a2e:370:7334", "localhost", ""].map(maskIp)).toEqual(["203.0.*.*", "2001:db8:85a3::*", "***", ""])
  })
})
