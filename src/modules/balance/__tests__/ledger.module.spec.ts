import path from "node:path"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { BALANCE_MODULE } from ".."
import BalanceModuleService from "../service"
import BalanceAccount from "../models/balance-account"
import BalanceEntry from "../models/balance-entry"

jest.setTimeout(60 * 1000)

const admin = { type: "user", id: "user_1" }
const credit = (customer_id: string, amount_minor: number, source_id: string, currency_code = "cny") =>
  ({ customer_id, currency_code, direction: "credit" as const, amount_minor, source_type: "adjustment" as const, source_id, reason: "goodwill", actor: admin })
const debit = (customer_id: string, amount_minor: number, source_id: string, currency_code = "cny") =>
  ({ customer_id, currency_code, direction: "debit" as const, amount_minor, source_type: "payment" as const, source_id, actor: { type: "customer", id: customer_id } })

moduleIntegrationTestRunner<BalanceModuleService>({
  moduleName: BALANCE_MODULE,
  moduleModels: [BalanceAccount, BalanceEntry],
  resolve: "./src/modules/balance",
  // the migrations, not the models, so the database's own checks (CHECK, append-only trigger) are under test too
  pathToMigrations: path.join(__dirname, "../migrations"),
  testSuite: ({ service, MikroOrmWrapper }) => {
    it("keeps one account per customer and currency, with the balance as the ledger's running sum", async () => {
      await service.post(credit("cus_1", 50000, "adj_1"))
      await service.post(debit("cus_1", 12000, "payses_1"))
      await service.post(credit("cus_1", 300, "adj_2", "usd"))
      await service.post({ ...credit("cus_1", 2000, "ref_1"), source_type: "refund" })
      expect(await service.balanceOf("cus_1", "CNY")).toBe(40000)
      expect(await service.balanceOf("cus_1", "usd")).toBe(300)
      expect(await service.balanceOf("cus_2", "cny")).toBe(0)
      const balances = await service.listBalances("cus_1")
      expect(balances.map((b) => [b.currency_code, b.balance_minor, b.entry_count])).toEqual([["cny", 40000, 3], ["usd", 300, 1]])
      const { entries, count } = await service.listLedger({ customer_id: "cus_1", currency_code: "cny" })
      expect(count).toBe(3)
      expect(entries.map((e) => [e.seq, e.direction, e.amount_minor, e.balance_after_minor])).toEqual([
        [3, "credit", 2000, 40000],
        [2, "debit", 12000, 38000],
        [1, "credit", 50000, 50000],
      ])
      // the running balance is exactly the signed sum of the entries
      const sum = entries.reduce((s, e) => s + (e.direction === "credit" ? e.amount_minor : -e.amount_minor), 0)
      expect(sum).toBe(entries[0].balance_after_minor)
    })

    it("refuses to go below zero, naming what is available and what was needed; nothing is written", async () => {
      await service.post(credit("cus_1", 10000, "adj_1"))
      await expect(service.post(debit("cus_1", 10001, "payses_1"))).rejects.toThrow("Insufficient balance: 100.00 CNY available, 100.01 CNY needed")
      await expect(service.post(debit("cus_9", 1, "payses_2"))).rejects.toThrow("0.00 CNY available")
      expect((await service.listLedger({ customer_id: "cus_1" })).count).toBe(1)
      expect(await service.balanceOf("cus_1", "cny")).toBe(10000)
    })

    it("posts a source once: the same posting again returns the first, a different one for the same source is refused", async () => {
      const first = await service.post(credit("cus_1", 5000, "adj_1"))
      const again = await service.post(credit("cus_1", 5000, "adj_1"))
      expect(again).toMatchObject({ duplicate: true, balance_minor: 5000 })
      expect(again.entry.id).toBe(first.entry.id)
      await expect(service.post(credit("cus_1", 6000, "adj_1"))).rejects.toThrow(/already posted as a credit of 50.00 CNY/)
      expect(await service.balanceOf("cus_1", "cny")).toBe(5000)
    })

    it("serializes concurrent debits: of five that together exceed the balance, exactly those that fit succeed", async () => {
      await service.post(credit("cus_1", 10000, "adj_1"))
      const results = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => service.post(debit("cus_1", 3000, `payses_${i}`))))
      const ok = results.filter((r) => r.status === "fulfilled")
      const refused = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[]
      expect(ok).toHaveLength(3)
      expect(refused.map((r) => r.reason.message)).toEqual([expect.stringMatching(/Insufficient balance: 10.00 CNY available/), expect.stringMatching(/Insufficient balance: 10.00 CNY available/)])
      expect(await service.balanceOf("cus_1", "cny")).toBe(1000)
      const { entries } = await service.listLedger({ customer_id: "cus_1" })
      expect(entries.map((e) => e.seq)).toEqual([4, 3, 2, 1])
    })

    it("concurrent postings of the same source write one entry", async () => {
      await service.post(credit("cus_1", 10000, "adj_1"))
      const results = await Promise.all([1, 2, 3, 4].map(() => service.post(debit("cus_1", 2500, "payses_same"))))
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1)
      expect(await service.balanceOf("cus_1", "cny")).toBe(7500)
    })

    it("refuses bad input with a clear message", async () => {
      await expect(service.post(credit("cus_1", 0, "a"))).rejects.toThrow(/above 0/)
      await expect(service.post(credit("cus_1", 1.5, "a"))).rejects.toThrow(/whole number/)
      await expect(service.post(credit("cus_1", 100, "a", "yuan"))).rejects.toThrow(/3-letter code/)
      await expect(service.post({ ...credit("cus_1", 100, "a"), source_type: "gift" as any })).rejects.toThrow(/source_type must be one of/)
    })

    it("the database itself keeps entries append-only and balances non-negative", async () => {
      const { entry } = await service.post(credit("cus_1", 10000, "adj_1"))
      const em = MikroOrmWrapper.forkManager()
      await expect(em.execute(`update balance_entry set amount_minor = 1 where id = '${entry.id}'`)).rejects.toThrow(/append-only/)
      await expect(em.execute(`update balance_entry set reason = 'corrected typo' where id = '${entry.id}'`)).resolves.toBeDefined()
      await expect(
        em.execute(`insert into balance_entry (id, account_id, seq, direction, amount_minor, balance_after_minor, source_type, source_id, actor_type, raw_amount_minor, raw_balance_after_minor)
                    values ('bent_x', '${entry.account_id}', 2, 'debit', 20000, -10000, 'payment', 'p', 'customer', '{}', '{}')`)
      ).rejects.toThrow(/balance_entry_balance_not_negative/)
    })
  },
})
