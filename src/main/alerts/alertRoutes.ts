import { routes } from '../../shared/protocol'
import { alertRulesBodySchema } from '../../shared/schemas'
import { readJsonBody } from '../server/body'
import type { Route } from '../server/httpServer'
import type { Alerts } from './index'

export function createAlertRoutes(alerts: Alerts): Route[] {
  return [
    { method: 'GET', path: routes.alerts, handle: () => alerts.state() },
    {
      method: 'PUT',
      path: routes.alerts,
      async handle({ request }) {
        const { rules } = await readJsonBody(request, alertRulesBodySchema)
        return alerts.replaceRules(rules)
      },
    },
  ]
}
