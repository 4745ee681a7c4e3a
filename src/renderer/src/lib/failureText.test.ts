import { describe, expect, it } from 'vitest'
import { describeFailure } from './failureText'

describe('a chat failure in words', () => {
  it('adds the wait of a rate limit when the message does not already say it', () => {
    expect(
      describeFailure({ code: 'rate-limited', message: 'Rate limited (429).', retryAfterSeconds: 20 }).message,
    ).toBe('Rate limited (429). Try again in 20 s.')
    expect(
      describeFailure({
        code: 'rate-limited',
        message: 'Rate limited (429): try again in 20 s.',
        retryAfterSeconds: 20,
      }).message,
    ).toBe('Rate limited (429): try again in 20 s.')
    expect(describeFailure({ code: 'rate-limited', message: 'Slow down.', retryAfterSeconds: 600 }).message).toBe(
      'Slow down. Try again in 10 min.',
    )
  })
})
