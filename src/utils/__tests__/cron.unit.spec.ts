import { assertCron, cronFiresAt } from "../cron"

describe("cron", () => {
  it("fires in matching minutes only", () => {
    expect(cronFiresAt("* * * * *", new Date("2026-11-22T10:07:31Z"))).toBe(true)
    expect(cronFiresAt("*/5 * * * *", new Date("2026-11-22T10:05:59Z"))).toBe(true)
    expect(cronFiresAt("*/5 * * * *", new Date("2026-11-22T10:07:00Z"))).toBe(false)
    expect(cronFiresAt("0 3 * * *", new Date("2026-11-22T03:00:10Z"))).toBe(true)
    expect(cronFiresAt("0 3 * * *", new Date("2026-11-22T04:00:10Z"))).toBe(false)
  })
  it("names the option for an invalid expression", () => {
    expect(() => assertCron("every minute", "unpaidOrderReleaseCron")).toThrow("unpaidOrderReleaseCron")
    expect(() => assertCron("*/2 * * * *", "x")).not.toThrow()
  })
})
