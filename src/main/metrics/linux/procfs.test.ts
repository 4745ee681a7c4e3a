import { describe, expect, it } from 'vitest'
import { cpuPercentages, parseDiskstats, parseLoadavg, parseMeminfo, parseNetDev, parseProcStat } from './procfs'

const bytes = (text: string): Buffer => Buffer.from(text)

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
    const stat = parseProcStat(bytes(statBefore))
    expect(stat.total).toEqual({
      user: 1000,
      nice: 100,
      system: 500,
      idle: 8000,
      iowait: 200,
      irq: 50,
      softirq: 50,
      steal: 0,
    })
    expect(stat.cores).toHaveLength(2)
  })

  it('turns two readings into shares of busy, user, system and iowait time', () => {
    const before = parseProcStat(bytes(statBefore))
    const after = parseProcStat(bytes(statAfter))
    // total elapsed = 100 user + 100 system + 100 idle + 100 iowait = 400 ticks
    expect(cpuPercentages(before.total, after.total)).toEqual({
      totalPct: 50,
      userPct: 25,
      systemPct: 25,
      iowaitPct: 25,
    })
    expect(cpuPercentages(before.cores[0]!, after.cores[0]!)).toEqual({
      totalPct: 100,
      userPct: 100,
      systemPct: 0,
      iowaitPct: 0,
    })
    expect(cpuPercentages(before.total, before.total).totalPct).toBe(0)
  })

  it('reads cores past 9, and a field an older kernel does not write as 0', () => {
    const stat = parseProcStat(bytes('cpu  10 1 5 80\ncpu10 1 2 3 4 5 6 7 8 9 10\n'))
    expect(stat.total).toEqual({ user: 10, nice: 1, system: 5, idle: 80, iowait: 0, irq: 0, softirq: 0, steal: 0 })
    expect(stat.cores[10]).toEqual({ user: 1, nice: 2, system: 3, idle: 4, iowait: 5, irq: 6, softirq: 7, steal: 8 })
  })

  it('refuses a file without the aggregate line', () => {
    expect(() => parseProcStat(bytes('intr 1\n'))).toThrow(/aggregate/)
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
    expect(parseMeminfo(bytes(text))).toEqual({
      totalBytes: 16000 * 1024,
      availableBytes: 9000 * 1024,
      freeBytes: 2000 * 1024,
      buffersBytes: 500 * 1024,
      cachedBytes: 5700 * 1024,
      swapTotalBytes: 4000 * 1024,
      swapFreeBytes: 3000 * 1024,
    })
  })

  it('finds each line by its whole label: Cached is not SwapCached, whichever comes first', () => {
    const reordered = 'MemTotal: 8 kB\nSwapCached: 100 kB\nMemFree: 1 kB\nMemAvailable: 4 kB\nCached: 2 kB\n'
    expect(parseMeminfo(bytes(reordered))).toMatchObject({
      cachedBytes: 2 * 1024,
      buffersBytes: 0,
      swapTotalBytes: 0,
      swapFreeBytes: 0,
    })
  })

  it('says which required line is missing', () => {
    expect(() => parseMeminfo(bytes('MemTotal: 1 kB\nMemFree: 1 kB\n'))).toThrow(/MemAvailable/)
  })
})

describe('/proc/loadavg', () => {
  it('reads the averages over 1, 5 and 15 minutes', () => {
    expect(parseLoadavg(bytes('0.52 1.08 12.34 2/467 12345\n'))).toEqual({ load1: 0.52, load5: 1.08, load15: 12.34 })
  })

  it('refuses a file that does not start with three averages', () => {
    expect(() => parseLoadavg(bytes('0.52 1.08\n'))).toThrow(/three averages/)
  })
})

describe('/proc/net/dev', () => {
  it('reads received and sent bytes per interface', () => {
    const text = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:  123456     100    0    0    0     0          0         0   123456     100    0    0    0     0       0          0
  eth0: 9876543   5000    0    0    0     0          0         0  1234567    3000    0    0    0     0       0          0
`
    expect(Object.fromEntries(parseNetDev(bytes(text)))).toEqual({
      lo: { inBytes: 123456, outBytes: 123456 },
      eth0: { inBytes: 9876543, outBytes: 1234567 },
    })
  })

  it('reads a count that fills its column up to the colon', () => {
    const text = `header\nheader\nwlp2s0:17071953119 2037460 0 0 0 0 0 0 17071953120 2037460 0 0 0 0 0 0\n`
    expect(parseNetDev(bytes(text)).get('wlp2s0')).toEqual({ inBytes: 17071953119, outBytes: 17071953120 })
  })
})

describe('/proc/diskstats', () => {
  it('reads sectors read and written as 512-byte units', () => {
    const text = `   8       0 sda 1000 10 20000 500 2000 20 40000 800 0 900 1300 0 0 0 0
   8       1 sda1 900 10 18000 450 1900 20 38000 780 0 880 1230 0 0 0 0
`
    const disks = parseDiskstats(bytes(text))
    expect(disks.get('sda')).toEqual({ inBytes: 20000 * 512, outBytes: 40000 * 512 })
    expect(disks.get('sda1')).toEqual({ inBytes: 18000 * 512, outBytes: 38000 * 512 })
  })

  it('leaves out lines with fewer fields than sectors written (partition lines of old kernels, blank lines)', () => {
    const text = `   8       1 sda1 900 18000 1900 38000\n\n 254       0 vda 10 0 20 0 30 0 40 0 0 0 0\n`
    expect(Object.fromEntries(parseDiskstats(bytes(text)))).toEqual({ vda: { inBytes: 20 * 512, outBytes: 40 * 512 } })
  })
})
