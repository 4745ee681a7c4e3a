import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { cpuPercentBetween, createFastReader, parseMeminfo, parseProcStatCpu } from './fastReader'

describe('/proc parsing', () => {
  it('sums the aggregate cpu line without counting guest time twice', () => {
    const text = 'cpu  100 10 50 800 40 5 5 0 30 3\ncpu0 50 5 25 400 20 2 3 0 15 1\n'
    // total = 100+10+50+800+40+5+5+0 = 1010; idle = 800 + 40
    expect(parseProcStatCpu(text)).toEqual({ busy: 170, total: 1010 })
  })

  it('turns two readings into a percentage, clamped to 0..100', () => {
    expect(cpuPercentBetween({ busy: 100, total: 1000 }, { busy: 150, total: 1100 })).toBe(50)
    expect(cpuPercentBetween({ busy: 100, total: 1000 }, { busy: 100, total: 1000 })).toBe(0)
  })

  it('reads MemTotal and MemAvailable in bytes', () => {
    const text = 'MemTotal:       16384 kB\nMemFree:         1024 kB\nMemAvailable:    8192 kB\n'
    expect(parseMeminfo(text)).toEqual({ totalBytes: 16384 * 1024, availableBytes: 8192 * 1024 })
    expect(() => parseMeminfo('MemTotal: 1 kB\n')).toThrow(/MemAvailable/)
  })
})

describe.runIf(process.platform === 'linux')('the fast reader on this machine', () => {
  it('agrees with /proc/meminfo read at the same moment', async () => {
    const read = await createFastReader()
    const reading = await read()
    const meminfo = parseMeminfo(await readFile('/proc/meminfo', 'utf8'))
    expect(reading.memTotalBytes).toBe(meminfo.totalBytes)
    // Memory moves between two reads; 64 MiB is far more than it moves in a millisecond on an idle test.
    expect(Math.abs(reading.memUsedBytes - (meminfo.totalBytes - meminfo.availableBytes))).toBeLessThan(64 * 1024 * 1024)
    expect(reading.cpuTotalPct).toBeGreaterThanOrEqual(0)
    expect(reading.cpuTotalPct).toBeLessThanOrEqual(100)
  })
})
