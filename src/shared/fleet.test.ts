import { describe, expect, it } from 'vitest'
import { hostWindows, maxHostPoints, stepSecondsFor } from './fleet'

describe('stepSecondsFor', () => {
  it('chooses 15 s for an hour, 1 min for 6 h, 5 min for a day and 30 min for a week', () => {
    expect(stepSecondsFor(3600)).toBe(15)
    expect(stepSecondsFor(6 * 3600)).toBe(60)
    expect(stepSecondsFor(86_400)).toBe(300)
    expect(stepSecondsFor(7 * 86_400)).toBe(1800)
  })

  it('keeps every window the view offers within the point bound', () => {
    for (const window of hostWindows)
      expect(window.seconds / stepSecondsFor(window.seconds)).toBeLessThanOrEqual(maxHostPoints)
  })

  it('never goes below 15 s, however short the window', () => {
    expect(stepSecondsFor(60)).toBe(15)
  })

  it('stops at one day for windows longer than any step can keep within the bound', () => {
    expect(stepSecondsFor(10 * 365 * 86_400)).toBe(86_400)
  })
})
