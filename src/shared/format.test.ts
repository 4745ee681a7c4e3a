import { describe, expect, it } from 'vitest'
import { formatBytes, formatPercent } from './format'

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
