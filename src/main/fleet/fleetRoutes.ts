// The Hosts view's routes: the Prometheus servers (list, add, update, remove; never a secret in an
// answer), the targets one server scrapes, and one host's chart series over a window.
import { fleetRoutes } from '../../shared/fleet'
import { hostQuerySchema, serverDraftSchema, serverQuerySchema, serverUpdateSchema } from '../../shared/schemas'
import { parseQuery, readJsonBody } from '../server/body'
import type { Route } from '../server/httpServer'
import type { Fleet } from './index'

export function createFleetRoutes(fleet: Fleet): Route[] {
  return [
    { method: 'GET', path: fleetRoutes.servers, handle: () => fleet.servers.list() },
    {
      method: 'POST',
      path: fleetRoutes.servers,
      handle: async ({ request }) => fleet.servers.add(await readJsonBody(request, serverDraftSchema)),
    },
    {
      method: 'PUT',
      path: fleetRoutes.servers,
      async handle({ request, url }) {
        const { server } = parseQuery(url, serverQuerySchema)
        return fleet.servers.update(server, await readJsonBody(request, serverUpdateSchema))
      },
    },
    {
      method: 'DELETE',
      path: fleetRoutes.servers,
      async handle({ url }) {
        await fleet.servers.remove(parseQuery(url, serverQuerySchema).server)
        return { removed: true }
      },
    },
    {
      method: 'GET',
      path: fleetRoutes.targets,
      handle: async ({ url }) => ({ targets: await fleet.targets(parseQuery(url, serverQuerySchema).server) }),
    },
    {
      method: 'GET',
      path: fleetRoutes.host,
      handle: ({ url }) => {
        const { server, instance, window } = parseQuery(url, hostQuerySchema)
        return fleet.host(server, instance, window)
      },
    },
  ]
}
