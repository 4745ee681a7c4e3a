import { describe, expect, it } from 'vitest'
import { createTimeFormat } from '../../lib/timeFormat'
import { binaryIncrements, formatAxisTick, formatTimeTick, formatUptime } from './chartFormat'

describe('axis ticks', () => {
  it('are short and carry the unit', () => {
    expect(formatAxisTick(50, 'pct')).toBe('50 %')
    expect(formatAxisTick(1536 * 1024 ** 2, 'bytes')).toBe('1.5 GiB')
    expect(formatAxisTick(512 * 1024 ** 2, 'bytes')).toBe('512 MiB')
    expect(formatAxisTick(2048, 'bytes_per_s')).toBe('2 KiB/s')
    expect(formatAxisTick(0, 'bytes_per_s')).toBe('0 B/s')
    expect(formatAxisTick(0.25, 'load')).toBe('0.25')
    expect(formatAxisTick(2, 'load')).toBe('2')
    expect(formatAxisTick(45.4, 'celsius')).toBe('45 °C')
    expect(formatAxisTick(1, 'flag')).toBe('yes')
  })

  it('step byte axes by powers of two in every binary unit', () => {
    expect(binaryIncrements.slice(0, 3)).toEqual([1, 2, 4])
    expect(binaryIncrements).toContain(512 * 1024 ** 2)
    expect(binaryIncrements).toContain(1024 ** 4)
    expect([...binaryIncrements].sort((a, b) => a - b)).toEqual(binaryIncrements)
  })
})

describe('uptime and clock', () => {
  it('shows the uptime down to the second, with days when there are any', () => {
    expect(formatUptime(((3 * 24 + 4) * 3600 + 5 * 60 + 6) * 1000)).toBe('3 d 04:05:06')
    expect(formatUptime(59_999)).toBe('00:00:59')
    expect(formatUptime(-1)).toBe('–')
  })

  it('shows local wall-clock time, on the time axis with seconds only when ticks are that close', () => {
    const time = new Date(2026, 0, 2, 15, 4, 5).getTime()
    const twentyFourHours = createTimeFormat('en-GB')
    expect(formatTimeTick(time, 10_000, twentyFourHours)).toBe('15:04:05')
    expect(formatTimeTick(time, 60_000, twentyFourHours)).toBe('15:04')
    expect(formatTimeTick(time, 60_000, createTimeFormat('en-US')).replace(/\s/g, ' ')).toBe('3:04 PM')
  })
})
