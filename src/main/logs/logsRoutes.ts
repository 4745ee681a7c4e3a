// The logs routes: sources (list, add by path, remove by id), ingest, reading back a range (a page at a
// time), the stream.
import { logRoutes, type LogSourceInfo } from '../../shared/logs'
import {
  addLogSourceSchema,
  ingestBodySchema,
  logReadQuerySchema,
  logSourceQuerySchema,
  logsStreamQuerySchema,
} from '../../shared/schemas'
import { mediaTypeOf, parseJson, parseQuery, readBody, readJsonBody } from '../server/body'
import { VigilError } from '../../shared/errors'
import type { Route } from '../server/httpServer'
import { filterOfQuery } from './logFilter'
import { runLogsStream } from './logsStream'
import { writeReadPage } from './readPageStream'
import type { MemoryLine, MemorySource } from './memorySource'
import type { Acquired, SourceRegistry } from './sourceRegistry'

export interface LogsRouteDeps {
  registry: SourceRegistry
  ingest: MemorySource
  keepAliveMs: number
}

const ingestLimitBytes = 1024 * 1024

export function createLogsRoutes({ registry, ingest, keepAliveMs }: LogsRouteDeps): Route[] {
  return [
    { method: 'GET', path: logRoutes.sources, handle: (): Promise<LogSourceInfo[]> => registry.list() },
    {
      method: 'POST',
      path: logRoutes.sources,
      async handle({ request }) {
        const { path, confirmSensitive } = await readJsonBody(request, addLogSourceSchema)
        return registry.add(path, { isSensitiveConfirmed: confirmSensitive })
      },
    },
    {
      method: 'DELETE',
      path: logRoutes.sources,
      async handle({ url }) {
        const { id } = parseQuery(url, logSourceQuerySchema)
        await registry.remove(id)
        return { removed: id }
      },
    },
    {
      method: 'POST',
      path: logRoutes.ingest,
      async handle({ request }) {
        const mediaType = mediaTypeOf(request)
        if (mediaType !== 'application/json' && mediaType !== 'text/plain') {
          throw new VigilError(
            'unsupported_media_type',
            `Send JSON ({ level, message, source? } or a list of them) or text/plain lines (got ${mediaType ?? 'no Content-Type'}).`,
          )
        }
        const body = await readBody(request, ingestLimitBytes)
        const receivedAt = Date.now()
        let lines: MemoryLine[]
        if (mediaType === 'text/plain') {
          lines = body
            .toString('utf8')
            .split(/\r?\n/)
            .filter((text) => text.length > 0)
            .map((text) => ({ text, receivedAt }))
        } else {
          const parsed = parseJson(body, ingestBodySchema)
          lines = (Array.isArray(parsed) ? parsed : [parsed]).map((entry) => ({
            text: entry.message,
            level: entry.level,
            origin: entry.source,
            receivedAt,
          }))
        }
        ingest.append(lines)
        return { accepted: lines.length }
      },
    },
    {
      method: 'GET',
      path: logRoutes.read,
      async handle({ url, response }) {
        const query = parseQuery(url, logReadQuerySchema)
        const { source, after, until, limit } = query
        const filter = filterOfQuery(query)
        const acquired = await registry.acquire(source)
        try {
          const plan = await acquired.follower.read({ after }, until)
          if (!('batches' in plan)) throw new VigilError('conflict', `These lines cannot be read again: ${plan.gap}.`)
          await writeReadPage(response, plan, filter, limit)
          return undefined
        } finally {
          await acquired.release()
        }
      },
    },
    {
      method: 'GET',
      path: logRoutes.stream,
      stream: 'logs',
      async handle({ request, response, url }) {
        const query = parseQuery(url, logsStreamQuerySchema)
        const filter = filterOfQuery(query)
        // Every source is checked before the stream opens, so an unknown one is a plain 404.
        const sources: { id: string; acquired: Acquired }[] = []
        try {
          for (const id of query.sources) sources.push({ id, acquired: await registry.acquire(id) })
        } catch (error) {
          await Promise.all(sources.map(({ acquired }) => acquired.release()))
          throw error
        }
        await runLogsStream(request, response, { sources, filter, tailLines: query.tail, keepAliveMs })
        return undefined
      },
    },
  ]
}
