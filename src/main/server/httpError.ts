import type { ApiError, ApiErrorCode } from '../../shared/protocol'

/** An error meant for the client: its status, code and message go on the wire as they are. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'HttpError'
  }

  toJSON(): ApiError {
    return { code: this.code, message: this.message }
  }
}
