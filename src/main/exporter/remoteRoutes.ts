// The remote listener: a second HTTP server, on the address the user chose for scrapers on other machines,
// that answers only GET /metrics (with the same scrape token check) and 404 to everything else. It has no
// Host check: nothing on it works without the scrape token, which browsers never send on their own.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { VigilError } from '../../shared/errors'
import { exporterRoutes, type ListenAddress } from '../../shared/exporter'
import type { Logger } from '../logger'
import { commonHeaders } from '../server/headers'
import { HttpRefusal, httpStatusOf } from '../server/httpStatus'
import type { RemoteListener } from './exporterAccess'
import type { Scrape } from './exporterRoutes'

/** Prometheus keeps one connection per target; a few more leave room for a second scraper and curl. */
const maxConnections = 16

/** Why an address could not be bound, said so that the user knows what to change. */
function bindFailure(error: NodeJS.ErrnoException, address: string): VigilError {
  switch (error.code) {
    case 'EADDRINUSE':
      return new VigilError('conflict', `${address} is already in use by another program: choose another port.`)
    case 'EADDRNOTAVAIL':
      return new VigilError('bad_request', `${address} is not an address of this machine.`)
    case 'EACCES':
      return new VigilError('bad_request', `Vigil may not listen on ${address}: ports below 1024 need privileges.`)
    default:
      return new VigilError('internal', `Vigil could not listen on ${address}: ${error.message}`)
  }
}

function answerError(response: ServerResponse, error: unknown, logger: Logger): void {
  if (!(error instanceof VigilError)) logger.error('exporter', `a remote scrape failed: ${String(error)}`)
  const refusal =
    error instanceof VigilError ? error : new VigilError('internal', 'Vigil failed to answer; its log has the details.')
  if (response.headersSent) return void response.destroy()
  const text = `${refusal.message}\n`
  response.writeHead(httpStatusOf(refusal.code), {
    ...commonHeaders,
    ...(refusal instanceof HttpRefusal ? refusal.headers : {}),
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  })
  response.end(text)
}

async function serveOnlyMetrics(request: IncomingMessage, response: ServerResponse, scrape: Scrape): Promise<void> {
  const path = (request.url ?? '').split('?')[0]
  if (path !== exporterRoutes.metrics) throw new VigilError('not_found', 'This listener serves only /metrics.')
  if (request.method !== 'GET')
    throw new HttpRefusal('method_not_allowed', '/metrics is read with GET.', { Allow: 'GET' })
  await scrape(request, response)
}

export async function startRemoteListener(
  { host, port }: ListenAddress,
  scrape: Scrape,
  logger: Logger,
): Promise<RemoteListener> {
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
  const server = createServer(
    { requestTimeout: 30_000, headersTimeout: 10_000, maxHeaderSize: 16 * 1024 },
    (request, response) =>
      serveOnlyMetrics(request, response, scrape).catch((error: unknown) => answerError(response, error, logger)),
  )
  server.maxConnections = maxConnections
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(bindFailure(error, address)))
    server.listen(port, host, () => resolve())
  })
  server.on('error', (error) =>
    logger.warn('exporter', `the remote /metrics listener on ${address} failed: ${error.message}`),
  )
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
