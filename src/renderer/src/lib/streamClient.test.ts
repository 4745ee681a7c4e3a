import { describe, expect, it } from 'vitest'
import { backoffDelayMs, isFinalRefusal } from './streamClient'

describe('reconnect backoff', () => {
  it('starts at the server’s retry, doubles, and stops at the ceiling', () => {
    const middle = () => 0.5
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, 1000, 10_000, middle))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ])
  })

  it('spreads reconnects by ±20 % so many windows do not retry in step', () => {
    expect(backoffDelayMs(1, 1000, 10_000, () => 0)).toBe(800)
    expect(backoffDelayMs(1, 1000, 10_000, () => 0.999999)).toBe(1200)
  })
})

describe('answers that end a stream', () => {
  it('are the 4xx refusals that a retry cannot change', () => {
    expect([400, 401, 403, 404, 409].map(isFinalRefusal)).toEqual([true, true, true, true, true])
    expect([408, 429, 500, 502, 503].map(isFinalRefusal)).toEqual([false, false, false, false, false])
  })
})
