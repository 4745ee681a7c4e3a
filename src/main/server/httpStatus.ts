// The one place where a domain error becomes an HTTP answer: its code decides the status.
import { VigilError, type ErrorCode } from '../../shared/errors'

const statusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  misdirected: 421,
  internal: 500,
  storage_failed: 500,
  unavailable: 503,
  upstream_failed: 502,
  storage_full: 507,
}

export function httpStatusOf(code: ErrorCode): number {
  return statusByCode[code]
}

/** A refusal by the server itself, with the headers HTTP asks for beside it (Allow, WWW-Authenticate). */
export class HttpRefusal extends VigilError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly headers: Record<string, string>,
  ) {
    super(code, message)
  }
}
