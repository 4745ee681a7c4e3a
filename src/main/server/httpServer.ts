// The loopback HTTP server: request checks in a fixed order, then the route table or the static UI.
// node:http rather than a framework: SSE needs the raw write() result and 'drain' for backpressure,
// and the checks below are the whole of what a framework would add here.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { downloadRoutes, downloadTicketRequestSchema } from '../../shared/downloads'
import { VigilError, type ApiError } from '../../shared/errors'
import type { Logger } from '../logger'
import { readJsonBody } from './body'
import { createDownloadTickets } from './downloadTickets'
import { apiHeaders } from './headers'
import { guardConnections } from './connectionGuard'
import { connectionsCheckingIntervalMs, serverLimitsOf, type ServerLimits, type StreamKind } from './limits'
import { HttpRefusal, httpStatusOf } from './httpStatus'
import { checkHost, checkOrigin, checkToken } from './security'
import { sseStreamOf } from './sseWriter'
import type { StaticFiles } from './staticFiles'

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE'

export interface RouteContext {
  request: IncomingMessage
  response: ServerResponse
  url: URL
}

export interface Route {
  method: HttpMethod
  path: string
  /** Returns the JSON body of a 200 answer, or undefined when the handler answered itself (streams). */
  handle(context: RouteContext): unknown
  /** A GET whose answer a browser saves as a file: reachable through a single-use download link too. */
  isDownload?: boolean
  /** The answer is long-lived (a stream, a download): it counts against that kind's cap. */
  stream?: StreamKind
  /**
   * Outside /api, and the route checks its own credential instead of the launch token: /metrics, which
   * accepts only the scrape token (src/main/exporter).
   */
  checksOwnCredential?: true
}

export interface HttpServerOptions {
  port: number
  token: string
  routes: Route[]
  staticFiles: StaticFiles
  logger: Logger
  limits?: Partial<ServerLimits>
}

export interface VigilHttpServer {
  readonly port: number
  readonly origin: string
  /** Closes the listener and every connection, open streams included. */
  dispose(): Promise<void>
}

const loopbackHost = '127.0.0.1'

export async function startHttpServer(options: HttpServerOptions): Promise<VigilHttpServer> {
  const { token, staticFiles, logger } = options
  let port = options.port
  const limits = serverLimitsOf(options.limits)
  const tickets = createDownloadTickets({ lifetimeMs: limits.downloadLinkLifetimeMs })
  const routes: Route[] = [
    ...options.routes,
    {
      method: 'POST',
      path: downloadRoutes.tickets,
      async handle({ request }) {
        const target = new URL((await readJsonBody(request, downloadTicketRequestSchema)).path, originUrl())
        if (!options.routes.some((route) => route.isDownload && route.path === target.pathname))
          throw new VigilError('bad_request', `${target.pathname} is not a download route: no link is made for it.`)
        return tickets.mint(target.pathname + target.search)
      },
    },
  ]
  const originUrl = () => `http://${loopbackHost}:${port}`

  const server = createServer(
    // requestTimeout bounds receiving a request, not sending a response: streams are not cut by it.
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: connectionsCheckingIntervalMs(limits),
      maxHeaderSize: 16 * 1024,
    },
    (request, response) => {
      handle(request, response).catch((error: unknown) => answerError(request, response, error))
    },
  )

  const guard = guardConnections(server, limits)

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const overLimit = guard.admit(request, response)
    if (overLimit) throw overLimit
    const refusal = checkHost(request.headersDistinct.host, port) ?? checkOrigin(request.headers, port)
    if (refusal) throw refusal
    // Only origin-form targets ("/path?query"): "//host/path" would otherwise parse as another host.
    const target = request.url ?? ''
    if (!target.startsWith('/'))
      throw new VigilError('bad_request', 'The request target must be a path starting with /.')
    let url = new URL(originUrl() + target)
    const method = request.method ?? 'GET'

    const ownCredentialRoute = routes.find((route) => route.checksOwnCredential && route.path === url.pathname)
    if (ownCredentialRoute) {
      if (method !== ownCredentialRoute.method)
        throw new HttpRefusal('method_not_allowed', `${url.pathname} accepts ${ownCredentialRoute.method}.`, {
          Allow: ownCredentialRoute.method,
        })
      const body = await ownCredentialRoute.handle({ request, response, url })
      if (body !== undefined) sendJson(response, 200, body)
      return
    }

    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      if (url.pathname === downloadRoutes.fetch) {
        // The ticket stands in for the token, once: the link leads to the download route it was made for.
        if (method !== 'GET')
          throw new HttpRefusal('method_not_allowed', 'A download link is followed with GET.', { Allow: 'GET' })
        const linked = tickets.redeem(url.searchParams.get('ticket') ?? '')
        if (linked === undefined)
          throw new HttpRefusal(
            'unauthorized',
            'This download link was used already or has expired: start the download again from Vigil.',
            {},
          )
        url = new URL(originUrl() + linked)
      } else {
        const unauthorized = checkToken(request.headers, token)
        if (unauthorized) throw unauthorized
      }
      guard.trust(request)
      const candidates = routes.filter((route) => route.path === url.pathname)
      if (candidates.length === 0) throw new VigilError('not_found', `There is no API route ${url.pathname}.`)
      const route = candidates.find((candidate) => candidate.method === method)
      if (!route) {
        const allowed = candidates.map((candidate) => candidate.method).join(', ')
        throw new HttpRefusal('method_not_allowed', `${url.pathname} accepts ${allowed}, not ${method}.`, {
          Allow: allowed,
        })
      }
      if (route.stream) {
        const full = guard.openStream(route.stream, response)
        if (full) throw full
      }
      const body = await route.handle({ request, response, url })
      if (body !== undefined) sendJson(response, 200, body)
      return
    }

    if (method !== 'GET' && method !== 'HEAD') {
      throw new HttpRefusal('method_not_allowed', 'The UI is read with GET.', { Allow: 'GET, HEAD' })
    }
    await staticFiles.serve(url.pathname, response, method === 'HEAD')
  }

  function answerError(request: IncomingMessage, response: ServerResponse, error: unknown): void {
    if (!(error instanceof VigilError) && (error as NodeJS.ErrnoException)?.code === 'ECONNRESET') {
      // The client went away before its request was whole (a closed tab, a cancelled upload): a normal
      // path, and there is no one left to answer.
      logger.debug('server', `${request.method} ${request.url}: the client went away before sending the whole body`)
      response.destroy()
      return
    }
    if (response.headersSent) {
      // A stream that failed half-way cannot change its status: it says so in-band and ends. Any other
      // answer (a file) can only be cut, so that the client never takes a part for the whole.
      if (!(error instanceof VigilError))
        logger.warn('server', `response to ${request.url} failed after it started: ${String(error)}`)
      const stream = sseStreamOf(response)
      if (stream) stream.fail(apiErrorOf(error))
      else response.destroy()
      return
    }
    if (!(error instanceof VigilError))
      logger.error('server', `${request.method} ${request.url} failed: ${(error as Error)?.stack ?? String(error)}`)
    const body = apiErrorOf(error)
    // A request whose body was not read to the end leaves the connection unusable for the next one; a
    // connection without a valid token keeps no place once answered (connectionGuard.ts).
    const headers = {
      ...(error instanceof HttpRefusal ? error.headers : {}),
      ...(!request.complete || body.code === 'unauthorized' ? { Connection: 'close' } : {}),
    }
    sendJson(response, httpStatusOf(body.code), body, headers)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, loopbackHost, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port

  return {
    port,
    origin: originUrl(),
    dispose() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Open streams would keep close() waiting for ever.
        server.closeAllConnections()
      })
    },
  }
}

/** A domain error as it is; anything else as "internal", its details kept for the log only. */
function apiErrorOf(error: unknown): ApiError {
  if (error instanceof VigilError) return error.toJSON()
  return { code: 'internal', message: 'Vigil failed to answer this request; its log has the details.' }
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    ...apiHeaders,
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  })
  response.end(text)
}
