// The domain error: what went wrong, as a code from a closed list for programs and a sentence for people.
// Capabilities throw it and know nothing of HTTP; only src/main/server maps a code to a status
// (server/httpStatus.ts), and a stream carries it in-band as an `error` event.

export const errorCodes = [
  /** The request's input is wrong: the message says which part and why. */
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  /** The request named another host: DNS rebinding, or a client that mistook the port. */
  'misdirected',
  'payload_too_large',
  'unsupported_media_type',
  /** The request clashes with the current state (a running export, a key that needs confirmation). */
  'conflict',
  /** A limit is reached (connections, streams, generations): try again later. */
  'unavailable',
  /** A server Vigil asked on the user's behalf (a Prometheus server) failed or gave an answer Vigil cannot use. */
  'upstream_failed',
  /** Vigil could not write its own data: the disk is full. */
  'storage_full',
  /** Vigil could not write its own data for another reason (read-only, permissions). */
  'storage_failed',
  'internal',
] as const

export type ErrorCode = (typeof errorCodes)[number]

/** Every error that crosses the wire, in an answer's body or a stream's `error` event. */
export interface ApiError {
  code: ErrorCode
  message: string
  details?: Record<string, unknown>
}

export class VigilError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'VigilError'
  }

  toJSON(): ApiError {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message }
  }
}

export function isVigilError(error: unknown): error is VigilError {
  return error instanceof VigilError
}
