import type { IncomingMessage } from 'node:http'
import type { z } from 'zod'
import { describeIssues } from '../../shared/schemas'
import { VigilError } from '../../shared/errors'

export const defaultBodyLimitBytes = 64 * 1024

/** The Content-Type's media type, lower-cased, without parameters. */
export function mediaTypeOf(request: IncomingMessage): string | undefined {
  return request.headers['content-type']?.split(';')[0]?.trim().toLowerCase()
}

/**
 * Reads a body of at most `limitBytes`. A declared Content-Length over the limit is refused before
 * reading; a chunked body is refused as soon as it passes the limit.
 */
export async function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? NaN)
  if (declared > limitBytes) throw tooLarge(limitBytes)
  const chunks: Buffer[] = []
  let received = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    received += chunk.length
    if (received > limitBytes) throw tooLarge(limitBytes)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** Parses JSON and validates it; the messages say what was wrong. */
export function parseJson<T>(body: Buffer, schema: z.ZodType<T>): T {
  let value: unknown
  try {
    value = JSON.parse(body.toString('utf8'))
  } catch (error) {
    throw new VigilError('bad_request', `The body is not valid JSON: ${(error as Error).message}`)
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new VigilError('bad_request', `The body is not valid: ${describeIssues(parsed.error)}`)
  return parsed.data
}

/** Reads a JSON body of at most `limitBytes` and validates it. */
export async function readJsonBody<T>(
  request: IncomingMessage,
  schema: z.ZodType<T>,
  limitBytes = defaultBodyLimitBytes,
): Promise<T> {
  const contentType = mediaTypeOf(request)
  if (contentType !== 'application/json') {
    throw new VigilError(
      'unsupported_media_type',
      `Send the body as application/json (got ${contentType ?? 'no Content-Type'}).`,
    )
  }
  return parseJson(await readBody(request, limitBytes), schema)
}

function tooLarge(limitBytes: number): VigilError {
  return new VigilError('payload_too_large', `The body is larger than the ${limitBytes} bytes this route accepts.`)
}

export function parseQuery<T>(url: URL, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams))
  if (!parsed.success) throw new VigilError('bad_request', `The query is not valid: ${describeIssues(parsed.error)}`)
  return parsed.data
}
