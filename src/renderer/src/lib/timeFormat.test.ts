import { describe, expect, it } from 'vitest'
import { createTimeFormat } from './timeFormat'

const time = new Date(2026, 11, 3, 17, 50, 53).getTime()
// Intl separates "PM" with a narrow no-break space in recent ICU versions: compare with plain spaces.
const plain = (text: string) => text.replace(/\s/g, ' ')

describe('the one time format', () => {
  it('follows a 24-hour locale everywhere', () => {
    const format = createTimeFormat('en-GB')
    expect(format.clock(time)).toBe('17:50:53')
    expect(format.clockMinutes(time)).toBe('17:50')
    expect(format.dateTime(time)).toBe('3 Dec, 17:50:53')
    expect(format.dateTimeMinutes(time)).toBe('3 Dec, 17:50')
  })

  it('follows a 12-hour locale everywhere', () => {
    const format = createTimeFormat('en-US')
    expect(plain(format.clock(time))).toBe('5:50:53 PM')
    expect(plain(format.clockMinutes(time))).toBe('5:50 PM')
    expect(plain(format.dateTime(time))).toBe('Dec 3, 5:50:53 PM')
    expect(plain(format.dateTimeMinutes(time))).toBe('Dec 3, 5:50 PM')
  })
})
