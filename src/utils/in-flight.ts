/**
 * Counts the plugin's subscriber runs in progress in this process, so a
 * graceful shutdown (or a test between cases) can wait until none is left
 * instead of cutting one off half-way.
 */
let inFlight = 0
const waiters: Array<() => void> = []

/**
 * Wrap a subscriber so its runs are counted. `OM_SUBSCRIBERS_OFF=true` in a process's environment switches the
 * plugin's subscribers off there (they return at once): for a maintenance script, or the callback benchmark's
 * measure of Medusa's own payment processing alone.
 */
export function tracked<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    if (process.env.OM_SUBSCRIBERS_OFF === "true") return undefined
    inFlight++
    try {
      return await fn(...args)
    } finally {
      inFlight--
      if (inFlight === 0) waiters.splice(0).forEach((w) => w())
    }
  }
}

/** Resolves once no tracked subscriber is running (at once if none is). */
export function subscribersIdle(): Promise<void> {
  return inFlight === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))
}
