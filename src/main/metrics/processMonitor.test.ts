import { describe, expect, it } from 'vitest'
import { createProcessMonitor, topProcessCount } from './processMonitor'

describe.runIf(process.platform === 'linux')('process monitor', () => {
  it('primes on the first request and lists the top processes of this machine, this one among them', async () => {
    const monitor = createProcessMonitor({ primeMs: 100 })
    const list = await monitor.list({ sort: 'memory' })
    expect(list.total).toBeGreaterThan(1)
    expect(list.processes.length).toBe(Math.min(topProcessCount, list.total))
    expect(list.processes.map((entry) => entry.memBytes)).toEqual(
      [...list.processes.map((entry) => entry.memBytes)].sort((a, b) => b - a),
    )
    expect(list.processes.some((entry) => entry.pid === process.pid)).toBe(true)
  })

  it('answers many clients within its age limit from one collection', async () => {
    const monitor = createProcessMonitor({ primeMs: 50, maxAgeMs: 5000 })
    const lists = await Promise.all([
      monitor.list({ sort: 'cpu' }),
      monitor.list({ sort: 'memory' }),
      monitor.list({ sort: 'cpu' }),
    ])
    await monitor.list({ sort: 'memory' })
    expect(monitor.collections).toBe(1)
    expect(lists[0]!.processes.map((entry) => entry.cpuPct)).toEqual(
      [...lists[0]!.processes.map((entry) => entry.cpuPct)].sort((a, b) => b - a),
    )
  })

  it('collects again once its answer is older than the limit', async () => {
    let nowMs = 0
    const monitor = createProcessMonitor({ primeMs: 10, maxAgeMs: 2000, now: () => nowMs })
    await monitor.list({ sort: 'cpu' })
    nowMs = 2500
    await monitor.list({ sort: 'cpu' })
    expect(monitor.collections).toBe(2)
  })
})
