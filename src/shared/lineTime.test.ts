// Reading the moment a line's timestamp names, in each format the viewer marks.
import { describe, expect, it } from 'vitest'
import { analyzeLine } from './lineLevel'
import { lineTime } from './lineTime'

const timeOf = (text: string, now?: number) => lineTime(text, analyzeLine(text).timestamp, now)

describe('lineTime', () => {
  it('reads ISO 8601 with a zone, an offset, a comma fraction or brackets', () => {
    expect(timeOf('2026-11-24T05:33:05.123Z INFO up')).toBe(Date.UTC(2026, 10, 24, 5, 33, 5, 123))
    expect(timeOf('2026-11-24 05:33:05,5 +01:00 up')).toBe(Date.UTC(2026, 10, 24, 4, 33, 5, 500))
    expect(timeOf('[2026-11-24 05:33:05+0200] up')).toBe(Date.UTC(2026, 10, 24, 3, 33, 5))
  })

  it('reads a time without a zone as local time', () => {
    expect(timeOf('2026-11-24 05:33:05 up')).toBe(new Date(2026, 10, 24, 5, 33, 5).getTime())
  })

  it('gives a syslog time this year, or last year when it would be in the future', () => {
    const now = new Date(2027, 0, 2, 12, 0, 0).getTime()
    expect(timeOf('Jan  1 05:33:05 host cron', now)).toBe(new Date(2027, 0, 1, 5, 33, 5).getTime())
    expect(timeOf('Dec 31 23:59:59 host cron', now)).toBe(new Date(2026, 11, 31, 23, 59, 59).getTime())
  })

  it('reads a common-log time with its offset', () => {
    expect(timeOf('1.2.3.4 - - [24/Nov/2026:05:33:05 +0100] "GET /"')).toBe(Date.UTC(2026, 10, 24, 4, 33, 5))
  })

  it('has no moment for a line without a timestamp', () => {
    expect(timeOf('just words')).toBeUndefined()
  })
})
