// Typed JSON requests to the core. Errors carry the core's { code, message }.
import type { ApiError } from '../../../shared/errors'
import { authorizationHeaders } from './authorization'

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiError,
  ) {
    super(error.message)
    this.name = 'ApiRequestError'
  }
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    method,
    signal,
    headers: { ...authorizationHeaders(), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const payload: unknown = await response.json().catch(() => undefined)
  if (!response.ok) {
    const error = (payload as ApiError | undefined) ?? {
      code: 'internal',
      message: `The core answered ${response.status}.`,
    }
    throw new ApiRequestError(response.status, error)
  }
  return payload as T
}

export const api = {
  /** A GET that `signal` may abort (a request that another has made pointless). */
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
}

/** The message of an error from the core, or of any other error. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
