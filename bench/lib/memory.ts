/** Samples heap and RSS while a phase runs: peak, and the heap at each quarter of the phase. */
export async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMb: number; peakHeapMb: number; heapQuartersMb: number[] }> {
  const samples: Array<{ t: number; heap: number; rss: number }> = []
  const t0 = Date.now()
  const take = () => {
    const m = process.memoryUsage()
    samples.push({ t: Date.now() - t0, heap: m.heapUsed, rss: m.rss })
  }
  take()
  const timer = setInterval(take, 100)
  const result = await fn()
  clearInterval(timer)
  take()
  const seconds = (Date.now() - t0) / 1000
  const mb = (b: number) => Math.round(b / 1048576)
  const at = (q: number) => samples.filter((s) => s.t <= seconds * 1000 * q).pop() ?? samples[0]
  return {
    result,
    seconds,
    peakRssMb: mb(Math.max(...samples.map((s) => s.rss))),
    peakHeapMb: mb(Math.max(...samples.map((s) => s.heap))),
    heapQuartersMb: [0.25, 0.5, 0.75, 1].map((q) => mb(at(q).heap)),
  }
}
