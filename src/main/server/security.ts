// The request checks of DESIGN.md section 4, as pure functions of the request's headers.
// Each returns undefined when the request may go on, or the error to answer with.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { VigilError } from '../../shared/errors'
import { HttpRefusal } from './httpStatus'

export function createToken(): string {
  return randomBytes(32).toString('base64url')
}

function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

/**
 * A foreign Host is how DNS rebinding reaches a loopback server: only our own names and port pass.
 * `hosts` holds every Host header received (Node keeps only the first in `headers.host`), so a second,
 * foreign one cannot hide behind a good first one. The refusal is generic: a rebinding page that reads
 * it learns neither what answered nor on which port.
 */
export function checkHost(hosts: string[] | undefined, port: number): VigilError | undefined {
  if (!hosts || hosts.length === 0)
    return new VigilError('bad_request', 'The request has no Host header; Vigil answers only requests naming it.')
  if (hosts.length > 1) return new VigilError('bad_request', 'A request must carry exactly one Host header.')
  if (!allowedHosts(port).includes(hosts[0]!.toLowerCase())) {
    return new VigilError('misdirected', 'This server does not answer for that host name.')
  }
  return undefined
}

/**
 * Browsers send Origin on cross-origin requests and Sec-Fetch-Site on all of them. Another port of
 * 127.0.0.1 counts as "same-site" (sites ignore ports): only "same-origin" and "none" (typed in the address bar, opened from a terminal) are let through.
 * Scripts such as curl send neither header and rely on the token.
 */
export function checkOrigin(headers: IncomingHttpHeaders, port: number): VigilError | undefined {
  const origin = headers.origin
  if (origin !== undefined && !allowedHosts(port).some((host) => origin.toLowerCase() === `http://${host}`)) {
    return new VigilError('forbidden', `Requests from ${origin} are refused: Vigil answers only its own pages.`)
  }
  const site = headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return new VigilError('forbidden', `Cross-site requests (Sec-Fetch-Site: ${site}) are refused.`)
  }
  return undefined
}

/** Constant-time comparison; hashing first makes it independent of the candidate's length too. */
export function tokensMatch(candidate: string, token: string): boolean {
  const a = createHash('sha256').update(candidate).digest()
  const b = createHash('sha256').update(token).digest()
  return timingSafeEqual(a, b)
}

/**
 * The token travels only as a bearer header, never as a cookie: cookies ignore ports, so every other
 * server on 127.0.0.1 would receive one and could replay it. A cookie that an earlier version set is
 * ignored like any other.
 */
export function checkToken(headers: IncomingHttpHeaders, token: string): VigilError | undefined {
  const authorization = headers.authorization
  const candidate = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length).trim() : undefined
  if (candidate === undefined) {
    return new HttpRefusal(
      'unauthorized',
      'This request carries no Vigil token: open the address Vigil printed at start, or send Authorization: Bearer <token>.',
      { 'WWW-Authenticate': 'Bearer realm="vigil"' },
    )
  }
  if (!tokensMatch(candidate, token)) {
    return new HttpRefusal(
      'unauthorized',
      'The Vigil token is wrong or from an earlier launch: open the address Vigil printed at its latest start.',
      { 'WWW-Authenticate': 'Bearer realm="vigil", error="invalid_token"' },
    )
  }
  return undefined
}
