export default async function ({ container }: any) {
  const stats = container.resolve("order_statistics")
  const cur = { from: "2026-11-02", to: "2026-12-01" }, prev = { from: "2026-10-03", to: "2026-11-01" }
  for (let i = 0; i < 8; i++) { const s = performance.now(); await stats.readPeriods("cny", [cur, prev], 10); console.log("PROFQ total", (performance.now() - s).toFixed(2)) }
  process.env.PROFQ = "1"
  for (let i = 0; i < 3; i++) { const s = performance.now(); await stats.readPeriods("cny", [cur, prev], 10); console.log("PROFQ total", (performance.now() - s).toFixed(2)) }
}
