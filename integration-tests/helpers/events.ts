import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { TestEventUtils } from "@medusajs/test-utils"

/** Resolves when every subscriber of `event` has run `count` times (set up before triggering). */
export function waitForSubscribers(container: MedusaContainer, event: string, count = 1) {
  return TestEventUtils.waitSubscribersExecution(event, container.resolve(Modules.EVENT_BUS) as any, {
    triggerCount: count,
    timeout: 30000,
  })
}

/** Record the order_management.* events the bus publishes while the test runs (through Medusa's interceptor hook). */
export function recordEvents(container: MedusaContainer, prefix = "order_management.") {
  const bus: any = container.resolve(Modules.EVENT_BUS)
  const seen: Array<{ name: string; data: any }> = []
  const interceptor = (message: any, context: { isGrouped?: boolean }) => {
    if (typeof message?.name === "string" && message.name.startsWith(prefix)) {
      seen.push({ name: message.name, data: message.data })
    }
  }
  bus.addInterceptor(interceptor)
  return { seen, restore: () => bus.removeInterceptor(interceptor) }
}
