// When a completion request is tried again, and after how long. Only before the first token: a request
// the endpoint refused or could not take (408, 409, 429, 5xx, nothing listening) never produced any of
// the answer, so sending it again repeats nothing. The endpoint's own wait is honoured, capped:
// `retry-after-ms` (OpenAI's, in milliseconds), then `retry-after` in seconds or as an HTTP date
// (RFC 9110, 10.2.3: "Retry-After = HTTP-date / delay-seconds"); otherwise an exponential backoff.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number
  /** The first backoff; each next one doubles. */
  baseDelayMs: number
  /** No wait is longer, whatever the endpoint asks. */
  maxDelayMs: number
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000 }

const retryableStatuses = new Set([408, 409, 429])

export function isRetryableStatus(status: number): boolean {
  return retryableStatuses.has(status) || (status >= 500 && status <= 599)
}

/** The endpoint's own wait from its headers, in ms, if it gave one that can be read. */
export function requestedDelayMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const inMs = Number(headers?.get('retry-after-ms') ?? NaN)
  if (Number.isFinite(inMs) && inMs >= 0) return inMs
  const retryAfter = headers?.get('retry-after')?.trim()
  if (!retryAfter) return undefined
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000
  const at = Date.parse(retryAfter)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/** How long to wait before attempt `attempt + 1`, after attempt `attempt` (1-based) failed. */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  headers: Headers | undefined,
  now = Date.now(),
): number {
  const requested = requestedDelayMs(headers, now)
  // Backoff with jitter (75 to 100 %), so that many clients refused together do not come back together.
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.25)
  return Math.round(Math.min(policy.maxDelayMs, requested ?? backoff))
}

/** Waits `ms`, or until `signal` aborts (then resolves early: the caller reads the signal). */
export function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}
