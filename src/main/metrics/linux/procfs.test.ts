import { describe, expect, it } from 'vitest'
import { cpuPercentages, parseDiskstats, parseMeminfo, parseNetDev, parseProcStat } from './procfs'

const statBefore = `cpu  1000 100 500 8000 200 50 50 0 300 0
cpu0 500 50 250 4000 100 25 25 0 150 0
cpu1 500 50 250 4000 100 25 25 0 150 0
intr 12345
ctxt 999
`
const statAfter = `cpu  1100 100 600 8100 300 50 50 0 330 0
cpu0 600 100 250 4000 100 25 25 0 165 0
cpu1 500 0 350 4100 200 25 25 0 165 0
`

describe('/proc/stat', () => {
  it('reads the total and every core, leaving guest time out (already in user)', () => {
    const stat = parseProcStat(statBefore)
    expect(stat.total).toEqual({ user: 1000, nice: 100, system: 500, idle: 8000, iowait: 200, irq: 50, softirq: 50, steal: 0 })
    expect(stat.cores).toHaveLength(2)
  })

  it('turns two readings into shares of busy, user, system and iowait time', () => {
    const before = parseProcStat(statBefore)
    const after = parseProcStat(statAfter)
    // total elapsed = 100 user + 100 system + 100 idle + 100 iowait = 400 ticks
    expect(cpuPercentages(before.total, after.total)).toEqual({ totalPct: 50, userPct: 25, systemPct: 25, iowaitPct: 25 })
    expect(cpuPercentages(before.cores[0]!, after.cores[0]!)).toEqual({ totalPct: 100, userPct: 100, systemPct: 0, iowaitPct: 0 })
    expect(cpuPercentages(before.total, before.total).totalPct).toBe(0)
  })

  it('refuses a file without the aggregate line', () => {
    expect(() => parseProcStat('intr 1\n')).toThrow(/aggregate/)
  })
})

describe('/proc/meminfo', () => {
  const text = `MemTotal:       16000 kB
MemFree:         2000 kB
MemAvailable:    9000 kB
Buffers:          500 kB
Cached:          5000 kB
SwapCached:         0 kB
SReclaimable:     700 kB
SwapTotal:       4000 kB
SwapFree:        3000 kB
HugePages_Total:    0
`
  it('reads totals in bytes and counts reclaimable slab as cache, like free(1)', () => {
    expect(parseMeminfo(text)).toEqual({
      totalBytes: 16000 * 1024,
      availableBytes: 9000 * 1024,
      freeBytes: 2000 * 1024,
      buffersBytes: 500 * 1024,
      cachedBytes: 5700 * 1024,
      swapTotalBytes: 4000 * 1024,
      swapFreeBytes: 3000 * 1024,
    })
  })

  it('says which required line is missing', () => {
    expect(() => parseMeminfo('MemTotal: 1 kB\nMemFree: 1 kB\n')).toThrow(/MemAvailable/)
  })
})

describe('/proc/net/dev', () => {
  it('reads received and sent bytes per interface', () => {
    const text = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:  123456     100    0    0    0     0          0         0   123456     100    0    0    0     0       0          0
  eth0: 9876543   5000    0    0    0     0          0         0  1234567    3000    0    0    0     0       0          0
`
    expect(Object.fromEntries(parseNetDev(text))).toEqual({ lo: { inBytes: 123456, outBytes: 123456 }, eth0: { inBytes: 9876543, outBytes: 1234567 } })
  })
})

describe('/proc/diskstats', () => {
  it('reads sectors read and written as 512-byte units', () => {
    const text = `   8       0 sda 1000 10 20000 500 2000 20 40000 800 0 900 1300 0 0 0 0
   8       1 sda1 900 10 18000 450 1900 20 38000 780 0 880 1230 0 0 0 0
`
    const disks = parseDiskstats(text)
    expect(disks.get('sda')).toEqual({ inBytes: 20000 * 512, outBytes: 40000 * 512 })
    expect(disks.get('sda1')).toEqual({ inBytes: 18000 * 512, outBytes: 38000 * 512 })
  })
})
