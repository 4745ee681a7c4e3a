import { describe, expect, it } from 'vitest'
import { formatBytes, formatDuration, formatPercent, formatValue } from './format'

describe('formatting', () => {
  it('uses binary prefixes for bytes', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1024)).toBe('1.00 KiB')
    expect(formatBytes(1536 * 1024 * 1024)).toBe('1.50 GiB')
    expect(formatBytes(24 * 1024 ** 3)).toBe('24.0 GiB')
    expect(formatBytes(-2048)).toBe('-2.00 KiB')
    expect(formatBytes(Number.NaN)).toBe('–')
  })

  it('shows percentages with one decimal', () => {
    expect(formatPercent(12.345)).toBe('12.3 %')
    expect(formatPercent(Number.POSITIVE_INFINITY)).toBe('–')
  })
})

describe('values in their units', () => {
  it('formats each unit as a person reads it', () => {
    expect(formatValue(1536, 'bytes_per_s')).toBe('1.50 KiB/s')
    expect(formatValue(0.456, 'load')).toBe('0.46')
    expect(formatValue(45.25, 'celsius')).toBe('45.3 °C')
    expect(formatValue(1, 'flag')).toBe('yes')
    expect(formatValue(12.4, 'lines_per_s')).toBe('12 lines/s')
    expect(formatValue(2.5, 'lines_per_s')).toBe('2.5 lines/s')
    expect(formatValue(0.0333, 'lines_per_s')).toBe('0.033 lines/s')
    expect(formatValue(0, 'lines_per_s')).toBe('0 lines/s')
    expect(formatValue(97.25, 'pct')).toBe('97.3 %')
    expect(formatDuration(90_061)).toBe('1 d 1 h')
    expect(formatDuration(3725)).toBe('1 h 2 min')
    expect(formatDuration(59)).toBe('59 s')
  })
})
