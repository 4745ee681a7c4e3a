import { describe, expect, it } from 'vitest'
import { isRetryableStatus, requestedDelayMs, retryDelayMs, type RetryPolicy } from './retryPolicy'

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000 }
const now = Date.parse('2026-12-03T20:00:00Z')

describe('the retry policy', () => {
  it('retries what the endpoint could not take, and nothing it refused for good', () => {
    expect([408, 409, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true)
    expect([400, 401, 403, 404, 422].some(isRetryableStatus)).toBe(false)
  })

  it('reads retry-after-ms first, then retry-after in seconds or as an HTTP date', () => {
    expect(requestedDelayMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250)
    expect(requestedDelayMs(new Headers({ 'retry-after': '7' }), now)).toBe(7000)
    expect(requestedDelayMs(new Headers({ 'retry-after': 'Thu, 03 Dec 2026 20:00:12 GMT' }), now)).toBe(12_000)
    expect(requestedDelayMs(new Headers({ 'retry-after': 'Thu, 03 Dec 2026 19:59:00 GMT' }), now)).toBe(0)
    expect(requestedDelayMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined()
    expect(requestedDelayMs(new Headers(), now)).toBeUndefined()
  })

  it('caps what the endpoint asks for, and backs off exponentially when it asks nothing', () => {
    expect(retryDelayMs(policy, 1, new Headers({ 'retry-after': '3600' }), now)).toBe(60_000)
    expect(retryDelayMs(policy, 1, new Headers({ 'retry-after': 'Fri, 04 Dec 2026 20:00:00 GMT' }), now)).toBe(60_000)
    for (const attempt of [1, 2, 3]) {
      const delay = retryDelayMs(policy, attempt, undefined, now)
      expect(delay).toBeGreaterThanOrEqual(750 * 2 ** (attempt - 1))
      expect(delay).toBeLessThanOrEqual(1000 * 2 ** (attempt - 1))
    }
  })
})
