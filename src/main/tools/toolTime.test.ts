// Moments and spans as the tools read them, and times as they write them.
import { describe, expect, it } from 'vitest'
import { formatMoment, formatSpan, parseDuration, parseMoment, resolveRange } from './toolTime'

const now = Date.parse('2026-12-04T14:00:00Z')

describe('parseMoment', () => {
  it('reads relative times, now and ISO 8601 with or without an offset', () => {
    expect(parseMoment('now', now)).toBe(now)
    expect(parseMoment('-15m', now)).toBe(now - 15 * 60_000)
    expect(parseMoment('-1.5h', now)).toBe(now - 90 * 60_000)
    expect(parseMoment('-7d', now)).toBe(now - 7 * 86_400_000)
    expect(parseMoment('2026-12-04T13:03:00Z', now)).toBe(Date.parse('2026-12-04T13:03:00Z'))
    expect(parseMoment('2026-12-04T14:03:00+01:00', now)).toBe(Date.parse('2026-12-04T13:03:00Z'))
    expect(parseMoment('2026-12-04T14:03', now)).toBe(new Date(2026, 11, 4, 14, 3).getTime())
    expect(parseMoment('2026-12-04', now)).toBe(new Date(2026, 11, 4).getTime())
  })

  it('refuses what is not a time', () => {
    for (const text of ['yesterday', '15m', '-15', '-15 minutes', '2026-13-45T99:00', '', '1733320000000'])
      expect(parseMoment(text, now), text).toBeUndefined()
  })
})

describe('parseDuration', () => {
  it('reads a number and a unit', () => {
    expect(parseDuration('30s')).toBe(30_000)
    expect(parseDuration('5m')).toBe(300_000)
    expect(parseDuration('2 h')).toBe(7_200_000)
    expect(parseDuration('1w')).toBe(604_800_000)
    expect(parseDuration('5')).toBeUndefined()
    expect(parseDuration('5y')).toBeUndefined()
  })
})

describe('formatMoment', () => {
  it('writes ISO 8601 to the second with the UTC offset, which reads back as the same moment', () => {
    const text = formatMoment(now + 1234)
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/)
    expect(Date.parse(text)).toBe(now + 1000)
  })

  it('writes spans in their largest whole unit', () => {
    expect(formatSpan(30_000)).toBe('30 s')
    expect(formatSpan(300_000)).toBe('5 min')
    expect(formatSpan(7_200_000)).toBe('2 h')
    expect(formatSpan(86_400_000)).toBe('1 d')
  })
})

describe('resolveRange', () => {
  it('turns two moments into epoch ms', () => {
    expect(resolveRange({ from: '-1h', to: 'now' }, now)).toEqual({ from: now - 3_600_000, to: now })
  })

  it('refuses a range that ends before it starts, or is longer than the recorder keeps', () => {
    expect(() => resolveRange({ from: 'now', to: '-1h' }, now)).toThrow(/must be later than from/)
    expect(() => resolveRange({ from: '-500d', to: 'now' }, now)).toThrow(/400 days/)
  })
})
