// The recorder's routes: plain JSON answers to bounded queries. Each query is validated first (a 400
// says which part was wrong), and its budget is checked before anything is read. Clearing the history
// takes no input: the confirmation is the client's.
import {
  eventsQuerySchema,
  logActivityQuerySchema,
  momentQuerySchema,
  processesAtQuerySchema,
  processesRangeQuerySchema,
  recorderRoutes,
  seriesQuerySchema,
  summaryQuerySchema,
} from '../../shared/recorder'
import { parseQuery } from '../server/body'
import type { Route } from '../server/httpServer'
import type { RecorderApi } from './index'

export function createRecorderRoutes(api: RecorderApi): Route[] {
  return [
    { method: 'GET', path: recorderRoutes.status, handle: () => api.status() },
    {
      method: 'POST',
      path: recorderRoutes.clear,
      handle() {
        api.clearHistory()
        return api.status()
      },
    },
    {
      method: 'GET',
      path: recorderRoutes.series,
      handle: ({ url }) => api.series(parseQuery(url, seriesQuerySchema)),
    },
    {
      method: 'GET',
      path: recorderRoutes.processes,
      handle({ url }) {
        if (url.searchParams.has('at')) {
          const { at } = parseQuery(url, processesAtQuerySchema)
          return { snapshot: api.processesAt(at) ?? null }
        }
        const { from, to, limit } = parseQuery(url, processesRangeQuerySchema)
        return api.processes(from, to, limit)
      },
    },
    {
      method: 'GET',
      path: recorderRoutes.logActivity,
      handle: ({ url }) => api.logActivity(parseQuery(url, logActivityQuerySchema)),
    },
    {
      method: 'GET',
      path: recorderRoutes.events,
      handle: ({ url }) => api.events(parseQuery(url, eventsQuerySchema)),
    },
    {
      method: 'GET',
      path: recorderRoutes.moment,
      handle: ({ url }) => api.moment(parseQuery(url, momentQuerySchema)),
    },
    {
      method: 'GET',
      path: recorderRoutes.summary,
      handle: ({ url }) => api.summary(parseQuery(url, summaryQuerySchema)),
    },
  ]
}
