// The exporter's routes: /metrics (outside /api, behind the scrape token rather than the launch token; 404
// while it is off) and the Settings view's /api/exporter (status, settings, a renewed token).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { VigilError } from '../../shared/errors'
import { exporterRoutes, exporterSettingsSchema } from '../../shared/exporter'
import { readJsonBody } from '../server/body'
import { commonHeaders } from '../server/headers'
import type { Route } from '../server/httpServer'
import { HttpRefusal } from '../server/httpStatus'
import { tokensMatch } from '../server/security'
import type { ExporterAccess } from './exporterAccess'
import { contentTypes, negotiateFormat, writeExposition, type MetricFamily } from './exposition'

/** Answers one scrape: the exposition, or throws the refusal (404 while off, 401 without the scrape token). */
export type Scrape = (request: IncomingMessage, response: ServerResponse) => Promise<void>

const bearerRealm = 'Bearer realm="vigil-metrics"'

/** The refusal for this request, or undefined when it carries the current scrape token. */
function checkScrapeToken(request: IncomingMessage, access: ExporterAccess): VigilError | undefined {
  if (!access.isEnabled())
    return new VigilError('not_found', 'There is no /metrics here: Vigil’s Prometheus endpoint is off.')
  const authorization = request.headers.authorization
  const candidate = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length).trim() : undefined
  if (candidate === undefined)
    return new HttpRefusal(
      'unauthorized',
      'Send the scrape token from Vigil’s settings as Authorization: Bearer <token>.',
      { 'WWW-Authenticate': bearerRealm },
    )
  const token = access.token()
  if (token === undefined || !tokensMatch(candidate, token))
    return new HttpRefusal(
      'unauthorized',
      'The scrape token is wrong or was renewed: copy the current one from Vigil’s settings.',
      { 'WWW-Authenticate': `${bearerRealm}, error="invalid_token"` },
    )
  return undefined
}

export function createScrape(access: ExporterAccess, collect: () => Promise<MetricFamily[]>): Scrape {
  return async (request, response) => {
    const refusal = checkScrapeToken(request, access)
    if (refusal) throw refusal
    const format = negotiateFormat(request.headers.accept)
    const text = writeExposition(await collect(), format)
    response.writeHead(200, {
      ...commonHeaders,
      'Cache-Control': 'no-store',
      'Content-Type': contentTypes[format],
      'Content-Length': Buffer.byteLength(text),
    })
    response.end(text)
  }
}

export function createExporterRoutes(access: ExporterAccess, scrape: Scrape): Route[] {
  return [
    {
      method: 'GET',
      path: exporterRoutes.metrics,
      checksOwnCredential: true,
      handle: ({ request, response }) => scrape(request, response),
    },
    { method: 'GET', path: exporterRoutes.settings, handle: () => access.status() },
    {
      method: 'PUT',
      path: exporterRoutes.settings,
      async handle({ request }) {
        return access.update(await readJsonBody(request, exporterSettingsSchema))
      },
    },
    { method: 'POST', path: exporterRoutes.token, handle: () => access.renewToken() },
  ]
}
