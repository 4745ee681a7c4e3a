// One GET to a Prometheus server's HTTP API (prometheus/docs querying/api: "The API response format is
// JSON. Every successful API request returns a 2xx status code"; failures carry
// {"status":"error","errorType":…,"error":…}). Every way this goes wrong becomes an `upstream_failed`
// VigilError whose details.problem says which (src/shared/fleet.ts, UpstreamProblem) and whose message
// says what to do. Bounded on both sides: the whole exchange by a timeout, the answer by a byte cap
// checked while it arrives, so a slow or huge answer costs at most that. node:http(s) rather than fetch
// because Node 20's fetch cannot be given certificate authorities (trustedCertificates.ts). Redirects are
// not followed: the credentials stay with the URL the user gave.
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { VigilError } from '../../shared/errors'
import type { UpstreamProblem } from '../../shared/fleet'
import { trustedCertificates } from './trustedCertificates'

export interface PrometheusConnection {
  /** The base URL the API lives under. */
  url: string
  /** The Authorization header's value, if the server wants one. */
  authorization?: string
}

export interface ClientLimits {
  /** The longest one request may take, answer included. */
  timeoutMs: number
  /** The largest answer read; a larger one is refused as it arrives. */
  maxResponseBytes: number
  /** Aborts every request under way when the capability is disposed. */
  signal?: AbortSignal
}

function failure(problem: UpstreamProblem, message: string, extra: Record<string, unknown> = {}): VigilError {
  return new VigilError('upstream_failed', message, { problem, ...extra })
}

interface RawAnswer {
  response: IncomingMessage
  body: Buffer
}

/** Reads the answer whole, refusing it once it passes the cap. */
function readCapped(response: IncomingMessage, where: string, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () =>
      failure(
        'too_large',
        `${where} answered with more than ${Number((maxBytes / 1048576).toFixed(1))} MiB, more than Vigil reads: ` +
          'choose a shorter window, or a host with fewer series.',
        { maxBytes },
      )
    // Settled before destroy(), which may emit 'aborted' at once.
    if (Number(response.headers['content-length'] ?? 0) > maxBytes) {
      reject(tooLarge())
      return response.destroy()
    }
    const chunks: Buffer[] = []
    let received = 0
    response.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received > maxBytes) {
        reject(tooLarge())
        response.destroy()
      } else chunks.push(chunk)
    })
    response.on('end', () => resolve(Buffer.concat(chunks)))
    response.on('error', reject)
    response.on('aborted', () => reject(new Error('the answer was cut off')))
  })
}

async function send(target: URL, authorization: string | undefined, limits: ClientLimits): Promise<RawAnswer> {
  const isHttps = target.protocol === 'https:'
  const ca = isHttps ? await trustedCertificates() : undefined
  const timeout = AbortSignal.timeout(limits.timeoutMs)
  const signal = limits.signal ? AbortSignal.any([timeout, limits.signal]) : timeout
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (authorization) headers.Authorization = authorization
  return new Promise((resolve, reject) => {
    const options = { method: 'GET', headers, signal, ...(ca ? { ca } : {}) }
    const request = (isHttps ? httpsRequest : httpRequest)(target, options, (response) => {
      readCapped(response, target.origin, limits.maxResponseBytes).then((body) => resolve({ response, body }), reject)
    })
    request.on('error', reject)
    request.end()
  })
}

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
])

/** A failure before any usable answer: the server is down, too slow, or its certificate is not trusted. */
function connectionFailure(error: NodeJS.ErrnoException, origin: string, limits: ClientLimits): VigilError {
  if (error instanceof VigilError) return error
  if (limits.signal?.aborted)
    return failure('unreachable', `Vigil is stopping: the request to ${origin} was cut short.`)
  if (error.name === 'AbortError' || error.name === 'TimeoutError')
    return failure(
      'timeout',
      `${origin} did not answer within ${limits.timeoutMs / 1000} s: the server is overloaded or the query too heavy. ` +
        'Try a shorter window, or check the server.',
    )
  const code = error.code ?? ''
  if (unreachableCodes.has(code))
    return failure('unreachable', `Vigil cannot reach ${origin} (${code}): check the URL, and that Prometheus runs.`)
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code))
    return failure(
      'unreachable',
      `${origin}'s certificate is not trusted (${code}): install its authority in the system's certificate store.`,
    )
  return failure('unreachable', `Vigil cannot reach ${origin}: ${error.message}`)
}

interface PrometheusBody {
  status?: unknown
  data?: unknown
  errorType?: unknown
  error?: unknown
}

/** The `data` of a successful answer; an error answer or anything that is not Prometheus's JSON throws. */
function dataOf({ response, body }: RawAnswer, target: URL): unknown {
  const where = target.origin
  const status = response.statusCode ?? 0
  if (status >= 300 && status < 400)
    throw failure(
      'not_prometheus',
      `${where} redirected to ${response.headers.location ?? 'another address'}: give Vigil that address instead.`,
    )
  if (status === 401 || status === 403)
    throw failure(
      'unauthorized',
      `${where} refused Vigil's credentials (${status}): check the token or user name and password.`,
    )
  const contentType = response.headers['content-type'] ?? ''
  let parsed: PrometheusBody | undefined
  try {
    parsed = contentType.includes('json') ? (JSON.parse(body.toString('utf8')) as PrometheusBody) : undefined
  } catch {
    // Not JSON after all: reported below as not Prometheus.
  }
  if (parsed?.status === 'success') return parsed.data
  if (parsed?.status === 'error')
    throw failure('query_failed', `Prometheus refused the query: ${String(parsed.error)}`, {
      errorType: String(parsed.errorType),
      prometheusError: String(parsed.error),
    })
  const isHtml = contentType.includes('html') || /^\s*</.test(body.subarray(0, 200).toString('utf8'))
  throw failure(
    'not_prometheus',
    isHtml
      ? `${target.origin}${target.pathname} answered with an HTML page (${status}), not Prometheus's API: give the URL of the Prometheus server itself.`
      : `${target.origin}${target.pathname} answered ${status} with something other than Prometheus's API: check the URL.`,
    { status },
  )
}

/** GETs `path` under the server's URL and returns the answer's `data`. */
export async function prometheusGet(
  connection: PrometheusConnection,
  path: string,
  params: Record<string, string>,
  limits: ClientLimits,
): Promise<unknown> {
  const target = new URL(`${connection.url.replace(/\/+$/, '')}${path}`)
  for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value)
  let answer: RawAnswer
  try {
    answer = await send(target, connection.authorization, limits)
  } catch (error) {
    throw connectionFailure(error as NodeJS.ErrnoException, target.origin, limits)
  }
  return dataOf(answer, target)
}
