import { describe, expect, it } from 'vitest'
import { checkHost, checkOrigin, checkToken, tokensMatch } from './security'

const port = 4321

describe('Host check', () => {
  it('accepts only 127.0.0.1 and localhost with our port', () => {
    expect(checkHost(['127.0.0.1:4321'], port)).toBeUndefined()
    expect(checkHost(['localhost:4321'], port)).toBeUndefined()
    expect(checkHost(['LOCALHOST:4321'], port)).toBeUndefined()
    for (const host of [
      'evil.test:4321',
      '127.0.0.1:4322',
      '127.0.0.1',
      'localhost',
      '[::1]:4321',
      '0.0.0.0:4321',
      '127.0.0.2:4321',
    ]) {
      expect(checkHost([host], port)?.code, host).toBe('misdirected')
    }
    expect(checkHost(undefined, port)?.code).toBe('bad_request')
    expect(checkHost(['127.0.0.1:4321', 'evil.test:4321'], port)?.code).toBe('bad_request')
  })
})

describe('Origin and fetch-metadata check', () => {
  it('lets same-origin pages, typed navigations and non-browser clients through', () => {
    expect(checkOrigin({}, port)).toBeUndefined()
    expect(checkOrigin({ origin: 'http://127.0.0.1:4321', 'sec-fetch-site': 'same-origin' }, port)).toBeUndefined()
    expect(checkOrigin({ origin: 'http://localhost:4321' }, port)).toBeUndefined()
    expect(checkOrigin({ 'sec-fetch-site': 'none' }, port)).toBeUndefined()
  })

  it('refuses other origins, including another port of the same host', () => {
    for (const origin of [
      'http://127.0.0.1:9999',
      'http://evil.test',
      'null',
      'https://127.0.0.1:4321',
      'http://127.0.0.1:4321.evil.test',
    ]) {
      expect(checkOrigin({ origin }, port)?.code, origin).toBe('forbidden')
    }
  })

  it('refuses same-site and cross-site requests even without an Origin header', () => {
    expect(checkOrigin({ 'sec-fetch-site': 'same-site' }, port)?.code).toBe('forbidden')
    expect(checkOrigin({ 'sec-fetch-site': 'cross-site' }, port)?.code).toBe('forbidden')
  })
})

describe('token', () => {
  const token = 'secret-token'

  it('is read from a bearer header', () => {
    expect(checkToken({ authorization: 'Bearer secret-token' }, token)).toBeUndefined()
  })

  it('is never read from a cookie, whatever its name', () => {
    for (const cookie of [`vigil_token_${port}=secret-token`, 'vigil_token=secret-token', 'token=secret-token'])
      expect(checkToken({ cookie }, token)?.code, cookie).toBe('unauthorized')
  })

  it('is refused when missing or wrong', () => {
    expect(checkToken({}, token)?.code).toBe('unauthorized')
    expect(checkToken({ authorization: 'Bearer nope' }, token)?.code).toBe('unauthorized')
    expect(checkToken({ authorization: 'Basic secret-token' }, token)?.code).toBe('unauthorized')
  })

  it('never echoes the token in its refusal', () => {
    const refusal = checkToken({ authorization: 'Bearer nope' }, token)
    expect(JSON.stringify(refusal?.toJSON())).not.toContain(token)
  })

  it('compares in constant time whatever the lengths', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true)
    expect(tokensMatch('abc', 'abcd')).toBe(false)
    expect(tokensMatch('', 'abc')).toBe(false)
  })
})
