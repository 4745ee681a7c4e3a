// The redactor masks what leaks into logs and leaves ordinary text alone.
import { describe, expect, it } from 'vitest'
import { redactText } from './redactor'

describe('redactText', () => {
  it('masks API keys of the common providers', () => {
    const text =
      'calling with key sk-proj-abcdefghijklmnop1234 and ghp_abcdefghijklmnopqrstuvwxyz0123 and AKIAABCDEFGHIJKLMNOP'
    const redacted = redactText(text)
    expect(redacted).not.toContain('abcdefghijklmnop1234')
    expect(redacted).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123')
    expect(redacted).not.toContain('AKIAABCDEFGHIJKLMNOP')
    expect(redacted).toContain('sk-[redacted]')
  })

  it('masks bearer tokens and whole Authorization headers', () => {
    expect(redactText('GET /v1 Authorization: Bearer abc.def-123456789 host=x')).toBe(
      'GET /v1 Authorization: [redacted] host=x',
    )
    expect(redactText('headers {"authorization": "Basic dXNlcjpwYXNz"}')).toBe(
      'headers {"authorization": "[redacted]"}',
    )
    expect(redactText('sent bearer eyAbCdEfGh12345678 upstream')).toBe('sent Bearer [redacted] upstream')
  })

  it('masks the value after a key whose name says it is a secret', () => {
    expect(redactText('db_password=hunter2 user=bob')).toBe('db_password=[redacted] user=bob')
    expect(redactText('{"api_key": "k-123", "model": "m"}')).toBe('{"api_key": "[redacted]", "model": "m"}')
    expect(redactText('X-Api-Key: 0123456789abcdef')).toBe('X-Api-Key: [redacted]')
  })

  it('masks passwords in URLs but keeps the user and host', () => {
    expect(redactText('connect postgres://app:s3cr3t@db.local:5432/app failed')).toBe(
      'connect postgres://app:[redacted]@db.local:5432/app failed',
    )
  })

  it('masks e-mail addresses', () => {
    expect(redactText('mail to jane.doe+ops@example.co.uk bounced')).toBe('mail to [email] bounced')
  })

  it('masks JSON Web Tokens', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl'
    expect(redactText(`cookie session=${jwt}`)).not.toContain(jwt)
  })

  it('leaves ordinary log lines as they are', () => {
    const line = '2026-12-04T13:00:00Z INFO [sshd] Accepted publickey for bob from 10.0.0.2 port 5122 ssh2'
    expect(redactText(line)).toBe(line)
    expect(redactText('GET https://example.com/path?q=1 200 12ms')).toBe('GET https://example.com/path?q=1 200 12ms')
  })
})
