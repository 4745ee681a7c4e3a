import { describe, expect, it } from 'vitest'
import { afterAppend, afterScroll, followingLive, isNearBottom, jumpLabel } from './follow'

describe('follow mode', () => {
  it('keeps following while lines arrive and the user stays at the bottom', () => {
    expect(afterAppend(followingLive, 500)).toBe(followingLive)
    expect(afterScroll(followingLive, true)).toBe(followingLive)
  })

  it('stops when the user scrolls up, then counts the lines that arrive', () => {
    const away = afterScroll(followingLive, false)
    expect(away).toEqual({ isFollowing: false, unseenCount: 0 })
    const later = afterAppend(afterAppend(away, 1200), 34)
    expect(later).toEqual({ isFollowing: false, unseenCount: 1234 })
    expect(jumpLabel(later)).toBe('Jump to live (1,234 new lines)')
    expect(jumpLabel(afterAppend(away, 1))).toBe('Jump to live (1 new line)')
    expect(jumpLabel(away)).toBe('Jump to live')
  })

  it('keeps counting while the user scrolls about above the bottom', () => {
    const away = afterAppend(afterScroll(followingLive, false), 10)
    expect(afterScroll(away, false)).toBe(away)
  })

  it('follows again, with nothing left to count, once the user is back at the bottom', () => {
    const away = afterAppend(afterScroll(followingLive, false), 10)
    expect(afterScroll(away, true)).toEqual(followingLive)
  })

  it('counts a few pixels short of the end as the bottom', () => {
    expect(isNearBottom(900, 100, 1000, 8)).toBe(true)
    expect(isNearBottom(893.5, 100, 1000, 8)).toBe(true)
    expect(isNearBottom(880, 100, 1000, 8)).toBe(false)
  })
})
