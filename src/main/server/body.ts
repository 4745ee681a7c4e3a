import type { IncomingMessage } from 'node:http'
import type { z } from 'zod'
import { describeIssues } from '../../shared/schemas'
import { HttpError } from './httpError'

export const defaultBodyLimitBytes = 64 * 1024

/**
 * Reads a JSON body of at most `limitBytes` and validates it. A declared Content-Length over the limit
 * is refused before reading; a chunked body is refused as soon as it passes the limit.
 */
export async function readJsonBody<T>(request: IncomingMessage, schema: z.ZodType<T>, limitBytes = defaultBodyLimitBytes): Promise<T> {
  const contentType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase()
  if (contentType !== 'application/json') {
    throw new HttpError(415, 'unsupported_media_type', `Send the body as application/json (got ${contentType ?? 'no Content-Type'}).`)
  }
  const declared = Number(request.headers['content-length'] ?? NaN)
  if (declared > limitBytes) throw tooLarge(limitBytes)
  const chunks: Buffer[] = []
  let received = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    received += chunk.length
    if (received > limitBytes) throw tooLarge(limitBytes)
    chunks.push(chunk)
  }
  let value: unknown
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch (error) {
    throw new HttpError(400, 'bad_request', `The body is not valid JSON: ${(error as Error).message}`)
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new HttpError(400, 'bad_request', `The body is not valid: ${describeIssues(parsed.error)}`)
  return parsed.data
}

function tooLarge(limitBytes: number): HttpError {
  return new HttpError(413, 'payload_too_large', `The body is larger than the ${limitBytes} bytes this route accepts.`)
}

export function parseQuery<T>(url: URL, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams))
  if (!parsed.success) throw new HttpError(400, 'bad_request', `The query is not valid: ${describeIssues(parsed.error)}`)
  return parsed.data
}
